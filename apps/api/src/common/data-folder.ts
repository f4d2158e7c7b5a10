import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A development default kept in the data folder: read when it is there, made once and written (readable by this
 * user only) when it is not, so a restart keeps it. Production takes such things from the environment instead.
 */
export function keptInDataFolder(file: string, make: () => string, dataDirectory = resolve('data')): string {
  const path = join(dataDirectory, file);
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    mkdirSync(dataDirectory, { recursive: true });
    const made = make();
    writeFileSync(path, `${made}\n`, { mode: 0o600 });
    return made;
  }
}
