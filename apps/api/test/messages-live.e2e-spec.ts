import { existsSync, readFileSync } from 'node:fs';
import {
  ErrorCode,
  type AckData,
  type ChatMessage,
  type ErrorData,
  type EventPage,
  type MessageEdit,
  type RoomSummary,
} from '@parley/contracts';
import { Accounts, uniqueUsername } from './support/accounts.js';
import { ChatClient, waitFor } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { restState, RoomMirror } from './support/room-mirror.js';
import { uniqueRoom } from './support/test-app.js';

describe('messages that live', () => {
  const chat = useChatServer({ WS_RATE_BURST: '0' });
  const api = () => new Accounts(chat.server.httpUrl);

  async function person(prefix = 'u') {
    const auth = await api().register(uniqueUsername(prefix));
    return { ...auth, name: auth.user.username, token: auth.accessToken };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  async function openAs(who: Person, slug: string): Promise<ChatClient> {
    const client = chat.track(await api().open(chat.server.wsUrl, slug, who.token));
    await client.next('history');
    return client;
  }

  const frame = (event: string, data: unknown) => JSON.stringify({ event, data });
  type Received = ChatClient['frames'][number];

  /** The first frame the client received that matches, waiting for it; the frames' order is not consumed. */
  async function frameWhere(client: ChatClient, matches: (received: Received) => boolean): Promise<Received> {
    await waitFor(() => client.frames.some(matches), 5_000, 'a matching frame');
    return client.frames.find(matches)!;
  }

  /** Sends a frame and waits for its answer: the ack or the error naming its clientId. */
  async function answerTo(
    client: ChatClient,
    event: string,
    data: Record<string, unknown>,
  ): Promise<{ ack?: AckData; error?: ErrorData }> {
    const clientId = `c-${Math.random().toString(36).slice(2)}`;
    client.sendRaw(frame(event, { ...data, clientId }));
    const answer = await frameWhere(
      client,
      (received) => (received.event === 'ack' || received.event === 'error') && received.data.clientId === clientId,
    );
    return answer.event === 'ack' ? { ack: answer.data } : answer.event === 'error' ? { error: answer.data } : {};
  }

  async function post(client: ChatClient, content: string, extra: Record<string, unknown> = {}): Promise<ChatMessage> {
    const answer = await answerTo(client, 'message', { content, ...extra });
    if (!answer.ack) throw new Error(`message refused: ${JSON.stringify(answer)}`);
    const { id } = answer.ack;
    const broadcast = await frameWhere(client, (received) => received.event === 'message' && received.data.id === id);
    return broadcast.data as ChatMessage;
  }

  /** Proves nothing else came: a ping's pong arrives after anything the server sent before it. */
  async function settled(client: ChatClient): Promise<void> {
    client.sendRaw(frame('ping', {}));
    await client.next('pong');
  }

  describe('edits', () => {
    it('change the sender’s own message for everyone, as one event of the log, and keep the earlier versions', async () => {
      const ali = await person('ali');
      const slug = uniqueRoom('edit');
      const aliSocket = await openAs(ali, slug);
      const watcher = await chat.join(slug, 'Watcher');
      const original = await post(aliSocket, 'first words');
      const edited = await answerTo(aliSocket, 'edit', { id: original.id, content: 'second words' });
      expect(edited).toEqual({ ack: { clientId: expect.any(String), id: original.id, seq: original.seq + 1 } });
      const update = await watcher.next('message_updated');
      expect(update).toEqual({
        seq: original.seq + 1,
        message: expect.objectContaining({
          id: original.id,
          seq: original.seq,
          content: 'second words',
          version: original.seq + 1,
          editedAt: expect.stringMatching(/Z$/),
        }),
      });
      await answerTo(aliSocket, 'edit', { id: original.id, content: 'third words' });
      const edits = await api().json<MessageEdit[]>('GET', `/rooms/${slug}/messages/${original.id}/edits`);
      expect(edits).toEqual([
        { content: 'first words', editedAt: null },
        { content: 'second words', editedAt: update.message.editedAt },
      ]);
      const another = await post(aliSocket, 'never edited');
      expect(await api().json('GET', `/rooms/${slug}/messages/${another.id}/edits`)).toEqual([]);
    });

    it('are refused to guests and to others, change nothing and take no seq', async () => {
      const ali = await person('ali');
      const bea = await person('bea');
      const slug = uniqueRoom('edit-refused');
      const aliSocket = await openAs(ali, slug);
      const beaSocket = await openAs(bea, slug);
      const guest = await chat.join(slug, 'Guest');
      const mine = await post(aliSocket, 'mine');
      const guests = await post(guest, 'a guest wrote this');
      expect(await answerTo(beaSocket, 'edit', { id: mine.id, content: 'not yours' })).toMatchObject({
        error: { code: ErrorCode.Forbidden },
      });
      expect(await answerTo(guest, 'edit', { id: guests.id, content: 'guests cannot' })).toMatchObject({
        error: { code: ErrorCode.Forbidden },
      });
      expect(await answerTo(aliSocket, 'edit', { id: 'no-such-id', content: 'x' })).toMatchObject({
        error: { code: ErrorCode.NotFound },
      });
      expect(await answerTo(aliSocket, 'edit', { id: mine.id, content: '   ' })).toMatchObject({
        error: { code: ErrorCode.InvalidMessage },
      });
      expect(await answerTo(aliSocket, 'edit', { id: 42, content: 'x' })).toMatchObject({
        error: { code: ErrorCode.InvalidData },
      });
      const unchanged = await answerTo(aliSocket, 'edit', { id: mine.id, content: 'mine' });
      expect(unchanged).toMatchObject({ ack: { seq: mine.version } });
      const next = await post(aliSocket, 'next');
      expect(next.seq).toBe(guests.seq + 1);
      await settled(beaSocket);
      expect(beaSocket.all('message_updated')).toEqual([]);
    });

    it('apply once when resent with the same clientId', async () => {
      const ali = await person('ali');
      const slug = uniqueRoom('edit-resend');
      const socket = await openAs(ali, slug);
      const mine = await post(socket, 'before');
      const edit = frame('edit', { id: mine.id, content: 'after', clientId: 'same-edit' });
      socket.sendRaw(edit);
      socket.sendRaw(edit);
      const first = await socket.next('ack', (ack) => ack.clientId === 'same-edit');
      const second = await socket.next('ack', (ack) => ack.clientId === 'same-edit');
      expect(second).toEqual(first);
      await settled(socket);
      expect(socket.all('message_updated')).toHaveLength(1);
      const reconnected = chat.track(await api().open(chat.server.wsUrl, slug, ali.token));
      await reconnected.next('history');
      reconnected.sendRaw(edit);
      expect(await reconnected.next('ack', (ack) => ack.clientId === 'same-edit')).toEqual(first);
      const events = await api().json<EventPage>('GET', `/rooms/${slug}/events?after=0`);
      expect(events.events.map((event) => event.type)).toEqual(['message', 'update']);
    });
  });

  describe('deletes', () => {
    it('leave a tombstone and erase the text everywhere: answers, frames, edit history and every table', async () => {
      const ali = await person('ali');
      const slug = uniqueRoom('delete');
      const socket = await openAs(ali, slug);
      const watcher = await chat.join(slug, 'Watcher');
      const secret = 'a secret nobody may read again 7f3a';
      const message = await post(socket, `${secret} v1`);
      await answerTo(socket, 'edit', { id: message.id, content: `${secret} v2` });
      await answerTo(socket, 'react', { id: message.id, emoji: '👍', on: true });
      const deleted = await answerTo(socket, 'delete', { id: message.id });
      expect(deleted).toMatchObject({ ack: { id: message.id } });
      const update = await watcher.next('message_updated', (data) => data.message.deleted);
      expect(update.message).toEqual({
        ...update.message,
        content: '',
        reactions: [],
        replyTo: null,
        deleted: true,
        version: update.seq,
      });
      expect(await api().json('GET', `/rooms/${slug}/messages/${message.id}`)).toMatchObject({
        deleted: true,
        content: '',
      });
      expect((await api().call('GET', `/rooms/${slug}/messages/${message.id}/edits`)).status).toBe(404);
      expect(JSON.stringify(await restState(chat.server.httpUrl, slug))).not.toContain(secret);
      expect(JSON.stringify(await api().json('GET', `/rooms/${slug}/events?after=0`))).not.toContain(secret);
      const joiner = await chat.join(slug, 'Later');
      expect(JSON.stringify(joiner.frames)).not.toContain(secret);
      for (const table of ['messages', 'message_edits', 'message_events', 'rooms']) {
        const rows = await chat.server.dataSource.query(`SELECT * FROM ${table}`);
        expect(JSON.stringify(rows)).not.toContain(secret);
      }
      // The embedded store's files hold no trace either: not in a freed page, not in the write-ahead log.
      const file = chat.server.dataSource.options.database;
      if (chat.server.dataSource.options.type === 'better-sqlite3' && typeof file === 'string') {
        for (const path of [file, `${file}-wal`]) {
          if (existsSync(path)) expect(readFileSync(path).includes(secret)).toBe(false);
        }
      }
      expect(await answerTo(socket, 'delete', { id: message.id })).toMatchObject({
        error: { code: ErrorCode.NotFound },
      });
      expect(await answerTo(socket, 'edit', { id: message.id, content: 'back?' })).toMatchObject({
        error: { code: ErrorCode.NotFound },
      });
    });

    it('are the sender’s, or an owner’s or admin’s of the room; nobody else’s', async () => {
      const owner = await person('owner');
      const bea = await person('bea');
      const cy = await person('cy');
      const room = await api().json<RoomSummary>('POST', '/rooms', owner.token, {
        name: 'Team',
        visibility: 'private',
      });
      for (const who of [bea, cy])
        await api().json('POST', `/rooms/${room.slug}/members`, owner.token, { username: who.name });
      const [ownerSocket, beaSocket, cySocket] = await Promise.all(
        [owner, bea, cy].map((who) => openAs(who, room.slug)),
      );
      const beas = await post(beaSocket, 'bea wrote');
      expect(await answerTo(cySocket, 'delete', { id: beas.id })).toMatchObject({
        error: { code: ErrorCode.Forbidden },
      });
      expect(await answerTo(ownerSocket, 'delete', { id: beas.id })).toMatchObject({ ack: { id: beas.id } });
      const guestRoom = uniqueRoom('guest-delete');
      const guest = await chat.join(guestRoom, 'Guest');
      const guests = await post(guest, 'mine?');
      expect(await answerTo(guest, 'delete', { id: guests.id })).toMatchObject({
        error: { code: ErrorCode.Forbidden },
      });
    });
  });

  describe('reactions', () => {
    it('are anyone’s, once per person per emoji, counted with up to 20 names, in the order first added', async () => {
      const ali = await person('ali');
      const slug = uniqueRoom('react');
      const socket = await openAs(ali, slug);
      const guest = await chat.join(slug, 'Guest');
      const message = await post(socket, 'react to me');
      const on = await answerTo(guest, 'react', { id: message.id, emoji: '🎉', on: true });
      expect(on).toMatchObject({ ack: { seq: message.seq + 1 } });
      await answerTo(socket, 'react', { id: message.id, emoji: '👍🏽', on: true });
      await answerTo(socket, 'react', { id: message.id, emoji: '🎉', on: true });
      const twice = await answerTo(socket, 'react', { id: message.id, emoji: '🎉', on: true });
      expect(twice).toMatchObject({ ack: { seq: message.seq + 3 } });
      const state = await api().json<ChatMessage>('GET', `/rooms/${slug}/messages/${message.id}`);
      expect(state.reactions).toEqual([
        { emoji: '🎉', count: 2, users: ['Guest', ali.name] },
        { emoji: '👍🏽', count: 1, users: [ali.name] },
      ]);
      expect(state.version).toBe(message.seq + 3);
      const off = await answerTo(guest, 'react', { id: message.id, emoji: '🎉', on: false });
      expect(off).toMatchObject({ ack: { seq: message.seq + 4 } });
      const notThere = await answerTo(guest, 'react', { id: message.id, emoji: '🎉', on: false });
      expect(notThere).toMatchObject({ ack: { seq: message.seq + 4 } });
    });

    it('refuse what is not one emoji, a 21st emoji, and malformed data, taking no seq', async () => {
      const slug = uniqueRoom('react-refused');
      const guest = await chat.join(slug, 'Guest');
      const message = await post(guest, 'popular');
      for (const emoji of ['a', '👍👍', '', 42]) {
        expect(await answerTo(guest, 'react', { id: message.id, emoji, on: true })).toMatchObject({
          error: { code: ErrorCode.InvalidReaction },
        });
      }
      expect(await answerTo(guest, 'react', { id: message.id, emoji: '👍', on: 'yes' })).toMatchObject({
        error: { code: ErrorCode.InvalidData },
      });
      const emoji = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗'];
      for (const one of emoji) await answerTo(guest, 'react', { id: message.id, emoji: one, on: true });
      const before = await api().json<ChatMessage>('GET', `/rooms/${slug}/messages/${message.id}`);
      expect(before.reactions).toHaveLength(20);
      expect(await answerTo(guest, 'react', { id: message.id, emoji: '🥶', on: true })).toMatchObject({
        error: { code: ErrorCode.InvalidReaction },
      });
      expect((await api().json<ChatMessage>('GET', `/rooms/${slug}/messages/${message.id}`)).version).toBe(
        before.version,
      );
    });
  });

  describe('replies', () => {
    it('quote a live message of the same room by id, seq and sender; anything else is NOT_FOUND or INVALID_DATA', async () => {
      const slug = uniqueRoom('reply');
      const ali = await chat.join(slug, 'Ali');
      const quoted = await post(ali, 'the question');
      const reply = await post(ali, 'the answer', { replyTo: quoted.id });
      expect(reply.replyTo).toEqual({ id: quoted.id, seq: quoted.seq, username: 'Ali' });
      const elsewhere = await post(await chat.join(uniqueRoom('other'), 'Ali'), 'elsewhere');
      expect(await answerTo(ali, 'message', { content: 'x', replyTo: elsewhere.id })).toMatchObject({
        error: { code: ErrorCode.NotFound },
      });
      expect(await answerTo(ali, 'message', { content: 'x', replyTo: 7 })).toMatchObject({
        error: { code: ErrorCode.InvalidData },
      });
      expect(await answerTo(ali, 'message', { content: 'x', replyTo: 'no-such-id' })).toMatchObject({
        error: { code: ErrorCode.NotFound },
      });
      const bea = await person('bea');
      const beaSocket = await openAs(bea, slug);
      const gone = await post(beaSocket, 'soon gone');
      await answerTo(beaSocket, 'delete', { id: gone.id });
      expect(await answerTo(ali, 'message', { content: 'x', replyTo: gone.id })).toMatchObject({
        error: { code: ErrorCode.NotFound },
      });
    });
  });

  describe('the log and resume', () => {
    it('pages every event in seq order without a gap', async () => {
      const ali = await person('ali');
      const slug = uniqueRoom('log');
      const socket = await openAs(ali, slug);
      const first = await post(socket, 'one');
      await post(socket, 'two');
      await answerTo(socket, 'edit', { id: first.id, content: 'one, edited' });
      await answerTo(socket, 'react', { id: first.id, emoji: '👍', on: true });
      await post(socket, 'three');
      const seqs: number[] = [];
      let after = 0;
      for (;;) {
        const page = await api().json<EventPage>('GET', `/rooms/${slug}/events?after=${after}&limit=2`);
        seqs.push(...page.events.map((event) => event.seq));
        if (!page.hasMore) break;
        after = page.events.at(-1)!.seq;
      }
      expect(seqs).toEqual([1, 2, 3, 4, 5]);
      expect((await api().call('GET', `/rooms/${slug}/events`)).status).toBe(400);
      expect((await api().call('GET', `/rooms/${slug}/events?after=0&limit=101`)).status).toBe(400);
    });

    it('brings a client that was away through any mix of messages, edits, deletes and reactions to the REST state', async () => {
      const writer = await person('writer');
      const reader = await person('reader');
      const slug = uniqueRoom('converge');
      const writerSocket = await openAs(writer, slug);
      const mirror = new RoomMirror(chat.server.httpUrl, slug);
      const posted: ChatMessage[] = [];
      let round = 0;
      const deleted = new Set<string>();
      const live = () => posted.filter((message) => !deleted.has(message.id));
      const churn = async (count: number) => {
        for (let i = 0; i < count; i++) {
          round++;
          const step = round % 5;
          const target = posted[round % posted.length];
          if (step === 0 || live().length < 3) posted.push(await post(writerSocket, `message ${round}`));
          else if (step === 1) await answerTo(writerSocket, 'edit', { id: target.id, content: `edit ${round}` });
          else if (step === 2)
            await answerTo(writerSocket, 'react', { id: target.id, emoji: '👍', on: round % 2 === 0 });
          else if (step === 3) {
            await answerTo(writerSocket, 'delete', { id: target.id });
            deleted.add(target.id);
          } else posted.push(await post(writerSocket, `message ${round}`, { replyTo: live().at(-1)!.id }));
        }
      };
      await churn(20);
      for (let visit = 0; visit < 4; visit++) {
        const away = churn(60 + visit * 10);
        const client = await ChatClient.open(chat.server.wsUrl, slug, '', {
          ticket: await api().ticket(reader.token),
          since: visit === 0 ? undefined : mirror.syncedSeq,
        });
        const history = await client.next('history');
        if (visit > 0) expect(history.hasMore).toBe(true);
        await mirror.history(history);
        await away;
        await settled(client);
        for (const received of client.frames) {
          if (received.event === 'message') mirror.message(received.data);
          if (received.event === 'message_updated') mirror.updated(received.data);
        }
        await client.close();
        expect(mirror.state()).toEqual(await restState(chat.server.httpUrl, slug));
        // Away long enough that the resume needs more than one history frame: the events endpoint pages the rest.
        await churn(150);
      }
    }, 60_000);
  });

  it('keeps unread counts to messages that are not deleted', async () => {
    const ali = await person('ali');
    const bea = await person('bea');
    const dm = await api().json<RoomSummary>('POST', '/dms', ali.token, { username: bea.name });
    const beaSocket = await openAs(bea, dm.slug);
    const one = await post(beaSocket, `@${ali.name} one`);
    await post(beaSocket, 'two');
    await answerTo(beaSocket, 'delete', { id: one.id });
    const rooms = await api().json<Array<{ slug: string; unread: number; mentions: number; lastSeq: number }>>(
      'GET',
      '/me/rooms',
      ali.token,
    );
    expect(rooms.find((room) => room.slug === dm.slug)).toMatchObject({ unread: 1, mentions: 0, lastSeq: 3 });
  });
});
