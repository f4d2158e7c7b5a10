import type { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';

/** ADMIN_USERNAMES as usernames (lower-cased, trimmed, blanks dropped). */
export function adminUsernames(config: ConfigService<Environment, true>): Set<string> {
  return new Set(
    (config.get('ADMIN_USERNAMES', { infer: true }) ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
}
