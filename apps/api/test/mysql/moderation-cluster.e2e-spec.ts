import { randomBytes } from 'node:crypto';
import { CloseCode, ErrorCode, type RoomSummary } from '@parley/contracts';
import { Accounts, uniqueUsername } from '../support/accounts.js';
import { ChatClient } from '../support/chat-client.js';
import { startTestApp, uniqueRoom, type TestApp } from '../support/test-app.js';

const REDIS = process.env.E2E_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** The contract's bound for a ban, a mute or a change of guests to reach every instance. */
const ACROSS_INSTANCES_MS = 2_000;

/** Moderation with two instances on one MySQL and Redis: what is decided on A holds on B within 2 s. */
describe('moderation across instances', () => {
  let a: TestApp;
  let b: TestApp;
  const clients: ChatClient[] = [];

  beforeAll(async () => {
    const settings = {
      REDIS_URL: REDIS,
      REDIS_PREFIX: `parley-test-${randomBytes(4).toString('hex')}:`,
      WS_RATE_BURST: '0',
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
  });

  async function person(prefix: string) {
    const auth = await new Accounts(a.httpUrl).register(uniqueUsername(prefix));
    return { name: auth.user.username, token: auth.accessToken };
  }

  async function openOn(server: TestApp, slug: string, token: string): Promise<ChatClient> {
    const client = await new Accounts(server.httpUrl).open(server.wsUrl, slug, token);
    clients.push(client);
    await client.next('history');
    return client;
  }

  async function within<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: not within ${ACROSS_INSTANCES_MS} ms`)), ACROSS_INSTANCES_MS);
    });
    try {
      return await Promise.race([promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function room(owner: { token: string }): Promise<string> {
    const slug = uniqueRoom('modc');
    await new Accounts(a.httpUrl).json<RoomSummary>('POST', '/rooms', owner.token, { slug });
    return slug;
  }

  it('a ban on A closes the user’s socket on B with 4403, and B refuses them', async () => {
    const owner = await person('o');
    const troll = await person('t');
    const slug = await room(owner);
    const onB = await openOn(b, slug, troll.token);
    await new Accounts(a.httpUrl).json('POST', `/rooms/${slug}/bans`, owner.token, { username: troll.name });
    expect(await within(onB.closed, 'the ban on B')).toEqual({ code: CloseCode.RemovedFromRoom, reason: 'banned' });
    const again = await new Accounts(b.httpUrl).open(b.wsUrl, slug, troll.token);
    expect((await again.closed).code).toBe(CloseCode.RemovedFromRoom);
  });

  it('a mute on A refuses the user’s messages on B, and its end lets them speak again', async () => {
    const owner = await person('o');
    const loud = await person('l');
    const slug = await room(owner);
    const onB = await openOn(b, slug, loud.token);
    await new Accounts(a.httpUrl).json('POST', `/rooms/${slug}/mutes`, owner.token, {
      username: loud.name,
      minutes: 5,
    });
    await within(onB.next('muted'), 'the mute on B');
    onB.send('muted?', 'c1');
    expect((await onB.answerTo('c1')).error?.code).toBe(ErrorCode.Muted);
    await new Accounts(a.httpUrl).call('DELETE', `/rooms/${slug}/mutes/${loud.name}`, owner.token);
    expect(await within(onB.next('muted'), 'the unmute on B')).toEqual({ until: null });
    onB.send('free again', 'c2');
    expect((await onB.answerTo('c2')).ack).toBeDefined();
  });

  it('guests turned off on A close the guests on B with 4401, and B refuses new ones', async () => {
    const owner = await person('o');
    const slug = await room(owner);
    const guest = await ChatClient.join(b.wsUrl, slug, `Guest${randomBytes(3).toString('hex')}`);
    clients.push(guest);
    await new Accounts(a.httpUrl).json('PATCH', `/rooms/${slug}`, owner.token, { guests: false });
    expect((await within(guest.closed, 'guests off on B')).code).toBe(CloseCode.Unauthorized);
    const late = await ChatClient.open(b.wsUrl, slug, 'LateGuest');
    expect((await late.closed).code).toBe(CloseCode.Unauthorized);
  });

  it('a deactivation on A closes the user’s sockets on B with 4401 and B refuses their token', async () => {
    const admin = await person('admin');
    const target = await person('d');
    await a.dataSource.query('UPDATE users SET admin = 1 WHERE username = ?', [admin.name]);
    const slug = await room(admin);
    const onB = await openOn(b, slug, target.token);
    await new Accounts(a.httpUrl).call('POST', `/admin/users/${target.name}/deactivate`, admin.token);
    expect((await within(onB.closed, 'the deactivation on B')).code).toBe(CloseCode.Unauthorized);
    expect((await new Accounts(b.httpUrl).call('GET', '/me', target.token)).status).toBe(401);
  });
});
