import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import webpush from 'web-push';

/** The server's VAPID identity (RFC 8292): what signs every push, and whom push services may write to. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

const KEYS_FILE = 'vapid-keys.json';

/**
 * PUSH_VAPID_PUBLIC_KEY and PUSH_VAPID_PRIVATE_KEY when set (every instance must share them: browsers subscribe to
 * one key). Otherwise, outside production, a pair made once and kept in the data folder, as the auth secret is; in
 * production without them, null: push is off.
 */
export function resolveVapidKeys(
  configured: { publicKey?: string; privateKey?: string; subject: string },
  production: boolean,
  dataDirectory = resolve('data'),
): VapidKeys | null {
  const { publicKey, privateKey, subject } = configured;
  if (publicKey && privateKey) return { publicKey, privateKey, subject };
  if (production) return null;
  const file = join(dataDirectory, KEYS_FILE);
  try {
    return { ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<VapidKeys, 'subject'>), subject };
  } catch {
    mkdirSync(dataDirectory, { recursive: true });
    const made = webpush.generateVAPIDKeys();
    writeFileSync(file, `${JSON.stringify(made)}\n`, { mode: 0o600 });
    return { ...made, subject };
  }
}
