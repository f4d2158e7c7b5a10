import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built web app is, so one URL serves both the app and the API: WEB_DIST_DIR when set
 * (empty disables it), else the workspace's apps/web/dist when it has been built.
 */
export function webDistDirectory(configured: string | undefined): string | null {
  if (configured !== undefined) return configured === '' ? null : resolve(configured);
  const workspaceBuild = join(dirname(fileURLToPath(import.meta.url)), '../../../web/dist');
  return existsSync(join(workspaceBuild, 'index.html')) ? workspaceBuild : null;
}
