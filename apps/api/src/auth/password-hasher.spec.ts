import { hash } from '@node-rs/argon2';
import { ARGON2_PARAMETERS, PasswordHasher } from './password-hasher.js';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id and today’s parameters, and verifies only the right password', async () => {
    const stored = await hasher.hash('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored).not.toContain('correct horse battery');
    expect(await hasher.verify(stored, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(stored, 'correct horse batterY')).toBe(false);
    expect(hasher.needsRehash(stored)).toBe(false);
  });

  it('asks for a rehash of a hash made with older parameters', async () => {
    const older = await hash('correct horse battery', { ...ARGON2_PARAMETERS, memoryCost: 4096, timeCost: 1 });
    expect(hasher.needsRehash(older)).toBe(true);
    expect(await hasher.verify(older, 'correct horse battery')).toBe(true);
  });

  it('answers false for an unknown user, after doing the same work', async () => {
    const started = performance.now();
    await hasher.verify(await hasher.hash('warm up the decoy'), 'x');
    const known = performance.now() - started;
    const unknownStarted = performance.now();
    expect(await hasher.verify(null, 'anything')).toBe(false);
    const unknown = performance.now() - unknownStarted;
    // One verification either way: within a factor of the time a known user's verification takes.
    expect(unknown).toBeGreaterThan(known / 8);
  });
});
