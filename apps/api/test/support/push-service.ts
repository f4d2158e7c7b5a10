import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PushPayload, PushSubscriptionRequest } from '@parley/contracts';
import ece from 'http_ece';

/** What a browser holds for one subscription: its P-256 key pair and auth secret, made as browsers make them. */
export class BrowserSubscription {
  readonly keys: ECDH;
  readonly auth: Buffer;

  constructor(readonly endpoint: string) {
    this.keys = createECDH('prime256v1');
    this.keys.generateKeys();
    this.auth = randomBytes(16);
  }

  /** `PushSubscription.toJSON()`, as the web client posts it. */
  toJSON(): PushSubscriptionRequest & { expirationTime: null } {
    return {
      endpoint: this.endpoint,
      expirationTime: null,
      keys: { p256dh: this.keys.getPublicKey('base64url'), auth: this.auth.toString('base64url') },
    };
  }
}

/** One push as the push service received it, decrypted (RFC 8291) and its VAPID header checked (RFC 8292). */
export interface ReceivedPush {
  path: string;
  headers: IncomingHttpHeaders;
  payload: PushPayload;
  /** The VAPID JWT's claims, its signature verified against the `k` of the same header. */
  claims: { aud: string; exp: number; sub: string };
  vapidKey: string;
}

/**
 * A push service on loopback, as a browser vendor runs one: it takes POSTs to its endpoints, answers 201 (or what the
 * test says), and decrypts each push with the subscription's keys.
 */
export class PushService {
  private readonly received: ReceivedPush[] = [];
  private readonly waiters: Array<() => void> = [];
  private readonly subscriptions = new Map<string, BrowserSubscription>();
  private readonly answers = new Map<string, number>();
  private cursor = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  static async start(): Promise<PushService> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = service.take(request.url ?? '', request.headers, Buffer.concat(chunks));
        response.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const service = new PushService(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return service;
  }

  /** A new subscription of a new browser, on an endpoint of this service. */
  subscribe(): BrowserSubscription {
    const subscription = new BrowserSubscription(`${this.baseUrl}/push/${randomBytes(8).toString('hex')}`);
    this.subscriptions.set(new URL(subscription.endpoint).pathname, subscription);
    return subscription;
  }

  /** How the service answers pushes to this subscription from now on (201 by default). */
  answer(subscription: BrowserSubscription, status: number): void {
    this.answers.set(new URL(subscription.endpoint).pathname, status);
  }

  /** The next push (after the last one returned) to this subscription. */
  async next(subscription: BrowserSubscription, timeoutMs = 10_000): Promise<ReceivedPush> {
    const path = new URL(subscription.endpoint).pathname;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex((push, i) => i >= this.cursor && push.path === path);
      if (index !== -1) {
        this.cursor = index + 1;
        return this.received[index];
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`No push to ${path} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Every push received so far to this subscription. */
  all(subscription: BrowserSubscription): ReceivedPush[] {
    const path = new URL(subscription.endpoint).pathname;
    return this.received.filter((push) => push.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(path: string, headers: IncomingHttpHeaders, body: Buffer): number {
    const subscription = this.subscriptions.get(path);
    if (!subscription) return 404;
    const status = this.answers.get(path) ?? 201;
    if (status === 201) {
      const plaintext = ece.decrypt(body, {
        version: 'aes128gcm',
        privateKey: subscription.keys,
        authSecret: subscription.auth.toString('base64url'),
      });
      this.received.push({
        path,
        headers,
        payload: JSON.parse(plaintext.toString('utf8')) as PushPayload,
        ...vapidOf(headers.authorization ?? ''),
      });
      for (const wake of this.waiters.splice(0)) wake();
    }
    return status;
  }
}

/** `vapid t=<JWT>, k=<public key>`: the JWT's claims once its ES256 signature checks out against `k`. */
function vapidOf(header: string): { claims: ReceivedPush['claims']; vapidKey: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header);
  if (!match) throw new Error(`Not a VAPID Authorization header: ${header}`);
  const [, token, vapidKey] = match;
  const [head, body, signature] = token.split('.');
  const point = Buffer.from(vapidKey, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = verify(
    'sha256',
    Buffer.from(`${head}.${body}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!signed) throw new Error('The VAPID JWT signature does not verify');
  return { claims: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ReceivedPush['claims'], vapidKey };
}
