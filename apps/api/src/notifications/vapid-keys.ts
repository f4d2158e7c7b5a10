import { resolve } from 'node:path';
import webpush from 'web-push';
import { keptInDataFolder } from '../common/data-folder.js';

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
  const kept = keptInDataFolder(KEYS_FILE, () => JSON.stringify(webpush.generateVAPIDKeys()), dataDirectory);
  return { ...(JSON.parse(kept) as Omit<VapidKeys, 'subject'>), subject };
}
