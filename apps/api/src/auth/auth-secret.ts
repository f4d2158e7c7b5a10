import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const SECRET_FILE = 'auth-secret';

/**
 * The key that signs access tokens. Every instance behind one load balancer must share it, so it comes from
 * AUTH_SECRET; in production there is no other source. In development, a random one is made once and kept in the
 * data folder, so a restart keeps everyone signed in.
 */
export function resolveAuthSecret(
  configured: string | undefined,
  production: boolean,
  dataDirectory = resolve('data'),
): string {
  if (configured) return configured;
  if (production) throw new Error('AUTH_SECRET must be set when NODE_ENV=production (e.g. openssl rand -hex 32)');
  const file = join(dataDirectory, SECRET_FILE);
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    mkdirSync(dataDirectory, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}
