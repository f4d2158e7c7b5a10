import { Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id parameters for new hashes (OWASP's minimum: 19 MiB, 2 passes, 1 lane). Raising them rehashes each
 * user's password at their next sign-in: a hash records the parameters it was made with.
 */
export const ARGON2_PARAMETERS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Passwords in and out of argon2id; the library compares in constant time. A password never leaves this class. */
@Injectable()
export class PasswordHasher {
  /** Verified against when the username is unknown, so a sign-in takes as long whether or not the name exists. */
  private readonly decoy = hash('decoy password, never matched', ARGON2_PARAMETERS);

  hash(password: string): Promise<string> {
    return hash(password, ARGON2_PARAMETERS);
  }

  /** Whether the password matches; with no stored hash (unknown user) it spends the same time and answers false. */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    if (storedHash === null) {
      await verify(await this.decoy, password);
      return false;
    }
    return verify(storedHash, password);
  }

  /** Whether a stored hash was made with other parameters than today's, and should be replaced at sign-in. */
  needsRehash(storedHash: string): boolean {
    const parameters = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
    if (!parameters) return true;
    const [, memoryCost, timeCost, parallelism] = parameters.map(Number);
    return (
      memoryCost !== ARGON2_PARAMETERS.memoryCost ||
      timeCost !== ARGON2_PARAMETERS.timeCost ||
      parallelism !== ARGON2_PARAMETERS.parallelism
    );
  }
}
