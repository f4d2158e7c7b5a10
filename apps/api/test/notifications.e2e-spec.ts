import { randomBytes } from 'node:crypto';
import {
  ErrorCode,
  type MyRoom,
  type NotificationData,
  type RoomSummary,
  type UserStreamEvents,
} from '@parley/contracts';
import webpush from 'web-push';
import { DataSource } from 'typeorm';
import { PushSubscriptionEntity } from '../src/notifications/push-subscription.entity.js';
import { Accounts, uniqueUsername } from './support/accounts.js';
import type { ChatClient } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { PushService, type BrowserSubscription } from './support/push-service.js';
import { uniqueRoom } from './support/test-app.js';

const vapid = webpush.generateVAPIDKeys();

describe('notifications', () => {
  let pushService: PushService;
  beforeAll(async () => {
    pushService = await PushService.start();
  });
  afterAll(() => pushService.close());

  const chat = useChatServer({
    WS_RATE_BURST: '0',
    PUSH_VAPID_PUBLIC_KEY: vapid.publicKey,
    PUSH_VAPID_PRIVATE_KEY: vapid.privateKey,
    PUSH_SUBJECT: 'mailto:ops@parley.test',
    PUSH_ALLOW_HTTP_ENDPOINTS: 'true',
  });
  const api = () => new Accounts(chat.server.httpUrl);
  const subscriptionRows = () => chat.server.app.get(DataSource).getRepository(PushSubscriptionEntity);

  async function person(prefix = 'u') {
    const auth = await api().register(uniqueUsername(prefix));
    return { name: auth.user.username, token: auth.accessToken, id: auth.user.id };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  async function openAs(who: Person, slug: string): Promise<ChatClient> {
    const client = chat.track(await api().open(chat.server.wsUrl, slug, who.token));
    await client.next('history');
    return client;
  }

  async function streamOf(who: Person): Promise<ChatClient<UserStreamEvents>> {
    const stream = chat.track(await api().openStream(chat.server.wsUrl, who.token));
    await stream.next('my_room').catch(() => undefined);
    return stream;
  }

  /** A public room both belong to (opening it makes a signed-in user a member); the first stays in it. */
  async function sharedRoom(sender: Person, member: Person) {
    const slug = uniqueRoom('notify');
    const socket = await openAs(sender, slug);
    await (await openAs(member, slug)).close();
    return { slug, socket };
  }

  async function post(client: ChatClient, content: string): Promise<{ id: string; seq: number }> {
    const clientId = randomBytes(6).toString('hex');
    client.send(content, clientId);
    return client.next('ack', (ack) => ack.clientId === clientId);
  }

  const setLevel = (slug: string, who: Person, level: unknown) =>
    api().call('PUT', `/rooms/${slug}/notifications`, who.token, { level });

  async function subscribe(who: Person): Promise<BrowserSubscription> {
    const browser = pushService.subscribe();
    const response = await api().call('POST', '/push/subscriptions', who.token, browser.toJSON());
    expect(response.status).toBe(201);
    return browser;
  }

  describe('levels', () => {
    it('default to mentions in a room and all in a DM, listed with each of my rooms', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const { slug } = await sharedRoom(bea, ali);
      const dm = await api().json<RoomSummary>('POST', '/dms', ali.token, { username: bea.name });
      const mine = await api().json<MyRoom[]>('GET', '/me/rooms', ali.token);
      expect(mine.find((room) => room.slug === slug)?.notify).toBe('mentions');
      expect(mine.find((room) => room.slug === dm.slug)?.notify).toBe('all');
    });

    it('are set by a member, reach the member’s other tabs on the user stream, and refuse anything else', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const stranger = await person('stranger');
      const { slug } = await sharedRoom(bea, ali);
      const otherTab = await streamOf(ali);
      const response = await setLevel(slug, ali, 'none');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ level: 'none' });
      await otherTab.next('my_room', (room) => room.slug === slug && room.notify === 'none');
      expect(
        (await api().json<MyRoom[]>('GET', '/me/rooms', ali.token)).find((room) => room.slug === slug)?.notify,
      ).toBe('none');

      for (const level of ['ALL', 'loud', '', 3, null]) {
        const refused = await setLevel(slug, ali, level);
        expect(refused.status).toBe(400);
        expect(await refused.json()).toMatchObject({ code: ErrorCode.InvalidData });
      }
      expect((await setLevel(slug, stranger, 'all')).status).toBe(404);
      expect((await setLevel(uniqueRoom('none'), ali, 'all')).status).toBe(404);
      expect((await api().call('PUT', `/rooms/${slug}/notifications`, undefined, { level: 'all' })).status).toBe(401);
    });
  });

  describe('in the page', () => {
    it('sends a notification frame to every stream of the member for a mention, and nothing for the rest', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const { slug, socket } = await sharedRoom(bea, ali);
      const [tab1, tab2] = [await streamOf(ali), await streamOf(ali)];
      await post(socket, 'no mention here');
      await post(socket, `hello @${ali.name}, a question`);
      for (const tab of [tab1, tab2]) {
        const first = await tab.next('notification');
        expect(first).toMatchObject({
          room: { slug, name: slug, kind: 'room' },
          message: { content: `hello @${ali.name}, a question`, username: bea.name, room: slug },
        } satisfies Partial<Record<keyof NotificationData, unknown>>);
      }
    });

    it('follows the level: all, then none, and never for one’s own messages or an edit', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const { slug, socket } = await sharedRoom(bea, ali);
      const aliInRoom = await openAs(ali, slug);
      const tab = await streamOf(ali);
      await setLevel(slug, ali, 'all');
      const plain = await post(socket, 'plain words');
      expect((await tab.next('notification')).message.id).toBe(plain.id);
      await post(aliInRoom, 'my own words');
      socket.sendRaw(JSON.stringify({ event: 'edit', data: { id: plain.id, content: `edited @${ali.name}` } }));
      await socket.next('message_updated');
      const sentinel = await post(socket, 'the sentinel');
      expect((await tab.next('notification')).message.id).toBe(sentinel.id);

      await setLevel(slug, ali, 'none');
      await tab.next('my_room', (room) => room.slug === slug && room.notify === 'none');
      await post(socket, `@${ali.name} you will not hear this`);
      await setLevel(slug, ali, 'mentions');
      await tab.next('my_room', (room) => room.slug === slug && room.notify === 'mentions');
      const heard = await post(socket, `@${ali.name} but this`);
      await tab.next('notification', (data) => data.message.id === heard.id);
      // Every notification this tab got, in order: the skipped ones would be among them.
      expect(tab.all('notification').map((data) => data.message.id)).toEqual([plain.id, sentinel.id, heard.id]);
    });
  });

  describe('Web Push', () => {
    it('gives the VAPID public key', async () => {
      expect(await api().json('GET', '/push/key')).toEqual({ publicKey: vapid.publicKey });
    });

    it('takes a subscription once (201, then 200 for the same endpoint) and refuses what is not one', async () => {
      const ali = await person('ali');
      const browser = pushService.subscribe();
      expect((await api().call('POST', '/push/subscriptions', ali.token, browser.toJSON())).status).toBe(201);
      expect((await api().call('POST', '/push/subscriptions', ali.token, browser.toJSON())).status).toBe(200);
      expect(await subscriptionRows().countBy({ endpoint: browser.endpoint })).toBe(1);
      const good = browser.toJSON();
      for (const bad of [
        { ...good, endpoint: 'ftp://push.test/x' },
        { ...good, endpoint: 'not a url' },
        { ...good, keys: { p256dh: 'short', auth: good.keys.auth } },
        { ...good, keys: undefined },
        { endpoint: good.endpoint },
      ]) {
        const refused = await api().call('POST', '/push/subscriptions', ali.token, bad);
        expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([
          400,
          ErrorCode.InvalidData,
        ]);
      }
      expect((await api().call('POST', '/push/subscriptions', undefined, good)).status).toBe(401);
    });

    it('pushes a mention to an offline member within 10 s: encrypted, VAPID-signed, the JSON of the contract', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const { slug, socket } = await sharedRoom(bea, ali);
      const browser = await subscribe(ali);
      const started = Date.now();
      const sent = await post(socket, `**Deploy** is done, @${ali.name}: see [the log](https://ci.test/1)`);
      const push = await pushService.next(browser);
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(push.payload).toEqual({
        room: { slug, name: slug, kind: 'room' },
        messageId: sent.id,
        seq: sent.seq,
        from: bea.name,
        body: `Deploy is done, @${ali.name}: see the log`,
      });
      expect(push.headers['content-encoding']).toBe('aes128gcm');
      expect(Number(push.headers.ttl)).toBeGreaterThan(0);
      expect(push.vapidKey).toBe(vapid.publicKey);
      expect(push.claims).toMatchObject({ aud: pushService.baseUrl, sub: 'mailto:ops@parley.test' });
      expect(push.claims.exp * 1000).toBeGreaterThan(Date.now());
    });

    it('cuts the body to 140 code points and merges a burst of one room into one push with a count', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const { socket } = await sharedRoom(bea, ali);
      const browser = await subscribe(ali);
      await post(socket, `@${ali.name} one`);
      await post(socket, `@${ali.name} two`);
      const last = await post(socket, `@${ali.name} ${'😀'.repeat(200)}`);
      const push = await pushService.next(browser);
      expect(push.payload).toMatchObject({ messageId: last.id, more: 2 });
      expect([...push.payload.body]).toHaveLength(140);
    });

    it('pushes nothing to a member who is online, nor for a message deleted before its push went', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const { slug, socket } = await sharedRoom(bea, ali);
      const browser = await subscribe(ali);
      const online = await openAs(ali, slug);
      await post(socket, `@${ali.name} you are here`);
      await online.close();
      const deleted = await post(socket, `@${ali.name} never mind`);
      socket.sendRaw(JSON.stringify({ event: 'delete', data: { id: deleted.id } }));
      await socket.next('message_updated');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const sentinel = await post(socket, `@${ali.name} the sentinel`);
      expect((await pushService.next(browser)).payload.messageId).toBe(sentinel.id);
      expect(pushService.all(browser)).toHaveLength(1);
    });

    it('forgets a subscription its push service answers 410 for, one unsubscribed, and one whose session signed out', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const { socket } = await sharedRoom(bea, ali);
      const gone = await subscribe(ali);
      pushService.answer(gone, 410);
      await post(socket, `@${ali.name} are you there`);
      await waitForRows(() => subscriptionRows().countBy({ endpoint: gone.endpoint }), 0);

      const unsubscribed = await subscribe(ali);
      const deleted = await api().call('DELETE', '/push/subscriptions', ali.token, { endpoint: unsubscribed.endpoint });
      expect(deleted.status).toBe(204);
      expect(await subscriptionRows().countBy({ endpoint: unsubscribed.endpoint })).toBe(0);

      const session = await api().login(ali.name);
      const browser = pushService.subscribe();
      await api().call('POST', '/push/subscriptions', session.accessToken, browser.toJSON());
      expect(await subscriptionRows().countBy({ endpoint: browser.endpoint })).toBe(1);
      await api().request('/auth/logout', {}, session.accessToken);
      await waitForRows(() => subscriptionRows().countBy({ endpoint: browser.endpoint }), 0);
    });
  });
});

async function waitForRows(count: () => Promise<number>, expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await count()) !== expected) {
    if (Date.now() > deadline) throw new Error(`Still not ${expected} rows after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
