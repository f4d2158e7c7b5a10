import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { keptInDataFolder } from '../common/data-folder.js';

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
  return keptInDataFolder(SECRET_FILE, () => randomBytes(32).toString('hex'), dataDirectory);
}
