import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { resolveVapidKeys, type VapidKeys } from './vapid-keys.js';

/** The VAPID keys this deployment pushes with, or null when push is off (production without keys). */
@Injectable()
export class VapidKeysHolder {
  readonly keys: VapidKeys | null;

  constructor(config: ConfigService<Environment, true>) {
    this.keys = resolveVapidKeys(
      {
        publicKey: config.get('PUSH_VAPID_PUBLIC_KEY', { infer: true }),
        privateKey: config.get('PUSH_VAPID_PRIVATE_KEY', { infer: true }),
        subject: config.get('PUSH_SUBJECT', { infer: true }),
      },
      config.get('NODE_ENV', { infer: true }) === 'production',
    );
  }
}
