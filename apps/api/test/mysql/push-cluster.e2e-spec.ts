import { randomBytes } from 'node:crypto';
import webpush from 'web-push';
import { Accounts, uniqueUsername } from '../support/accounts.js';
import type { ChatClient } from '../support/chat-client.js';
import { PushService } from '../support/push-service.js';
import { startTestApp, uniqueRoom, type TestApp } from '../support/test-app.js';

const REDIS = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
const vapid = webpush.generateVAPIDKeys();

/** Web Push with two instances on one MySQL and Redis: one push per message, none to a user online anywhere. */
describe('push across instances', () => {
  let a: TestApp;
  let b: TestApp;
  let pushService: PushService;
  const clients: Array<{ close(): Promise<unknown> }> = [];

  beforeAll(async () => {
    pushService = await PushService.start();
    const settings = {
      REDIS_URL: REDIS,
      REDIS_PREFIX: `parley-test-${randomBytes(4).toString('hex')}:`,
      WS_RATE_BURST: '0',
      PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
      PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
      PUSH_ALLOW_HTTP_ENDPOINTS: 'true',
    };
    a = await startTestApp(settings);
    b = await startTestApp(settings);
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await a.close();
    await b.close();
    await pushService.close();
  });

  async function person(server: TestApp, prefix: string) {
    const auth = await new Accounts(server.httpUrl).register(uniqueUsername(prefix));
    return { name: auth.user.username, token: auth.accessToken };
  }

  async function openOn(server: TestApp, slug: string, token: string): Promise<ChatClient> {
    const client = await new Accounts(server.httpUrl).open(server.wsUrl, slug, token);
    clients.push(client);
    await client.next('history');
    return client;
  }

  async function post(client: ChatClient, content: string): Promise<string> {
    const clientId = randomBytes(6).toString('hex');
    client.send(content, clientId);
    return (await client.next('ack', (ack) => ack.clientId === clientId)).id;
  }

  /** Ali (subscribed through A, a member of a public room, offline) and Bea, in the room on each instance. */
  async function setUp() {
    const ali = await person(a, 'ali');
    const bea = await person(b, 'bea');
    const slug = uniqueRoom('push');
    await (await openOn(a, slug, ali.token)).close();
    const browser = pushService.subscribe();
    const subscribed = await new Accounts(a.httpUrl).call('POST', '/push/subscriptions', ali.token, browser.toJSON());
    expect(subscribed.status).toBe(201);
    return {
      ali,
      bea,
      slug,
      browser,
      beaOnA: await openOn(a, slug, bea.token),
      beaOnB: await openOn(b, slug, bea.token),
    };
  }

  it('pushes each message once, whichever instance stored it', async () => {
    const { ali, browser, beaOnA, beaOnB } = await setUp();
    const fromB = await post(beaOnB, `@${ali.name} from the other instance`);
    expect((await pushService.next(browser)).payload.messageId).toBe(fromB);
    const fromA = await post(beaOnA, `@${ali.name} from this one`);
    expect((await pushService.next(browser)).payload.messageId).toBe(fromA);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(pushService.all(browser).map((push) => push.payload.messageId)).toEqual([fromB, fromA]);
  });

  it('pushes nothing while the user is online on either instance', async () => {
    const { ali, slug, browser, beaOnB } = await setUp();
    for (const server of [a, b]) {
      const online = await openOn(server, slug, ali.token);
      await post(beaOnB, `@${ali.name} you are online on ${server === a ? 'A' : 'B'}`);
      await online.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const sentinel = await post(beaOnB, `@${ali.name} now you are away`);
    expect((await pushService.next(browser)).payload.messageId).toBe(sentinel);
    expect(pushService.all(browser)).toHaveLength(1);
  });
});
