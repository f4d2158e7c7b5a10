import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAuthSecret } from './auth-secret.js';

describe('resolveAuthSecret', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'parley-secret-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('uses AUTH_SECRET when set, in production or not', () => {
    expect(resolveAuthSecret('configured', true, scratch)).toBe('configured');
  });

  it('refuses to start in production without AUTH_SECRET, with one clear line', () => {
    expect(() => resolveAuthSecret(undefined, true, scratch)).toThrow(
      /^AUTH_SECRET must be set when NODE_ENV=production/,
    );
  });

  it('in development makes one secret, keeps it in the data folder, readable by its owner only, and reuses it', () => {
    const folder = join(scratch, 'data');
    const first = resolveAuthSecret(undefined, false, folder);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveAuthSecret(undefined, false, folder)).toBe(first);
    expect(readFileSync(join(folder, 'auth-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(folder, 'auth-secret')).mode & 0o077).toBe(0);
  });
});
