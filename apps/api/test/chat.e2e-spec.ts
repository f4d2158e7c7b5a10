import { CloseCode, ErrorCode, LIMITS, type ChatMessage, type MessagePage } from '@parley/contracts';
import { WebSocket } from 'ws';
import { ChatClient } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { uniqueRoom } from './support/test-app.js';

describe('chat over WebSocket', () => {
  // Bursts and crowds are the point of some tests; the limits have their own suite.
  const chat = useChatServer({ WS_RATE_BURST: '0', WS_MAX_CONN_PER_IP: '0' });
  const { join, open, track } = chat;

  it("walks the seed app's flow: join, history, live messages, presence, leave, room isolation", async () => {
    const room = uniqueRoom('seed');
    const ali = await open(room, 'Ali');
    expect(await ali.next('history')).toEqual({
      room: { slug: room, name: room },
      messages: [],
      updates: [],
      lastSeq: 0,
      hasMore: false,
    });
    expect(await ali.next('presence')).toEqual({ users: ['Ali'] });
    expect(await ali.next('system')).toEqual({ kind: 'join', username: 'Ali', at: expect.any(String) });

    ali.send('Before Bea arrived');
    const early = await ali.next('message');

    const elsewhere = await join(uniqueRoom('elsewhere'), 'Cy');
    const bea = await open(room, 'Bea');
    const beaHistory = await bea.next('history');
    expect(beaHistory.messages).toEqual([early]);
    expect(await bea.next('presence')).toEqual({ users: ['Ali', 'Bea'] });
    expect(await ali.next('system', (d) => d.username === 'Bea')).toEqual({
      kind: 'join',
      username: 'Bea',
      at: expect.stringMatching(/Z$/),
    });
    expect(await ali.next('presence', (d) => d.users.length === 2)).toEqual({ users: ['Ali', 'Bea'] });

    ali.send('Hello!');
    const toAli = await ali.next('message');
    const toBea = await bea.next('message');
    expect(toAli).toEqual(toBea);
    expect(toAli).toEqual({
      id: expect.any(String),
      seq: early.seq + 1,
      room,
      username: 'Ali',
      userId: null,
      content: 'Hello!',
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      version: early.seq + 1,
      editedAt: null,
      deleted: false,
      replyTo: null,
      reactions: [],
      attachments: [],
    });

    const history = (await (await fetch(`${chat.server.httpUrl}/api/rooms/${room}/messages`)).json()) as MessagePage;
    expect(history.messages).toEqual([early, toAli]);

    await bea.close();
    expect(await ali.next('system', (d) => d.kind === 'leave')).toEqual({
      kind: 'leave',
      username: 'Bea',
      at: expect.any(String),
    });
    expect(await ali.next('presence', (d) => d.users.length === 1)).toEqual({ users: ['Ali'] });

    // The room's own message is the sentinel: everything sent before it to the other room has arrived by then.
    elsewhere.send('in my own room', 'mine');
    await elsewhere.next('message', (message) => message.clientId === 'mine');
    expect(elsewhere.all('message').map((message) => message.content)).toEqual(['in my own room']);
    expect(elsewhere.all('system').map((notice) => notice.username)).toEqual(['Cy']);
  });

  it('takes the sender from the connection, never from the frame, and ignores unexpected fields', async () => {
    const room = uniqueRoom();
    const ali = await join(room, 'Ali');
    ali.sendRaw(JSON.stringify({ event: 'message', data: { content: 'hi', username: 'Mallory', seq: 999, id: 'x' } }));
    const message = await ali.next('message');
    expect(message).toMatchObject({ username: 'Ali', seq: 1, content: 'hi' });
    expect(message.id).not.toBe('x');
  });

  it('acks a message that carries a clientId, after it is stored, echoing the clientId', async () => {
    const room = uniqueRoom();
    const ali = await join(room, 'Ali');
    ali.send('with an id', 'client-1');
    const message = await ali.next('message');
    expect(message.clientId).toBe('client-1');
    expect(await ali.next('ack')).toEqual({ clientId: 'client-1', id: message.id, seq: message.seq });
  });

  it('keeps seq gap-free and each sender in sending order under a burst from several clients', async () => {
    const room = uniqueRoom('burst');
    const senders = await Promise.all(['A', 'B', 'C'].map((name) => join(room, name)));
    const watcher = await join(room, 'Watcher');
    const perSender = 40;
    senders.forEach((sender, s) => {
      for (let i = 0; i < perSender; i++) sender.send(`${s}:${i}`);
    });
    const received: ChatMessage[] = [];
    while (received.length < perSender * senders.length) received.push(await watcher.next('message'));
    expect(received.map((m) => m.seq)).toEqual(received.map((_, i) => i + 1));
    for (const name of ['A', 'B', 'C']) {
      const order = received.filter((m) => m.username === name).map((m) => Number(m.content.split(':')[1]));
      expect(order).toEqual([...Array(perSender).keys()]);
    }
  });

  describe('bad input gets an error frame and changes nothing else', () => {
    const cases: Array<[string, string | Buffer, ErrorCode]> = [
      ['malformed JSON', '{"event": "message", ', ErrorCode.BadJson],
      ['a JSON array', '[1, 2]', ErrorCode.BadFrame],
      ['a frame without data', '{"event":"message"}', ErrorCode.BadFrame],
      ['an unknown event', '{"event":"shout","data":{"content":"x"}}', ErrorCode.UnknownEvent],
      ['missing content', '{"event":"message","data":{}}', ErrorCode.InvalidMessage],
      ['non-object data', '{"event":"message","data":"hello"}', ErrorCode.InvalidMessage],
      ['non-string content', '{"event":"message","data":{"content":42}}', ErrorCode.InvalidMessage],
      ['empty content', '{"event":"message","data":{"content":""}}', ErrorCode.InvalidMessage],
      ['whitespace-only content', '{"event":"message","data":{"content":" \\n\\t "}}', ErrorCode.InvalidMessage],
      [
        'content over 2,000 code points',
        JSON.stringify({ event: 'message', data: { content: '😀'.repeat(LIMITS.messageMaxLength + 1) } }),
        ErrorCode.InvalidMessage,
      ],
      ['binary garbage', Buffer.from([0xff, 0x00, 0xfe]), ErrorCode.BadJson],
    ];

    it.each(cases)('%s', async (_name, raw, code) => {
      const room = uniqueRoom('bad');
      const sender = await join(room, 'Ali');
      const peer = await join(room, 'Bea');
      sender.sendRaw(raw);
      expect(await sender.next('error')).toEqual({ code, message: expect.any(String) });
      sender.send('still works');
      expect(await peer.next('message')).toMatchObject({ seq: 1, content: 'still works', username: 'Ali' });
      expect(peer.all('error')).toEqual([]);
      expect(sender.socket.readyState).toBe(WebSocket.OPEN);
    });

    it('echoes the clientId of a refused message so the client can mark it failed', async () => {
      const ali = await join(uniqueRoom(), 'Ali');
      ali.sendRaw(JSON.stringify({ event: 'message', data: { content: '   ', clientId: 'c-9' } }));
      expect(await ali.next('error')).toMatchObject({ code: ErrorCode.InvalidMessage, clientId: 'c-9' });
    });

    it('accepts exactly 2,000 code points', async () => {
      const ali = await join(uniqueRoom(), 'Ali');
      ali.send('😀'.repeat(LIMITS.messageMaxLength));
      expect((await ali.next('message')).content).toBe('😀'.repeat(LIMITS.messageMaxLength));
    });

    it('closes with 1009 on a frame over 16 KiB, and the room keeps working', async () => {
      const room = uniqueRoom('big');
      const sender = await open(room, 'Ali');
      const peer = await join(room, 'Bea');
      sender.sendRaw('x'.repeat(LIMITS.frameMaxBytes + 1));
      expect((await sender.closed).code).toBe(CloseCode.MessageTooBig);
      peer.send('after the oversize frame');
      expect(await peer.next('message')).toMatchObject({ content: 'after the oversize frame' });
    });

    it.each([
      ['an invalid room name', 'bad!room', 'Ali', CloseCode.InvalidRoom],
      ['a room name over 64 characters', 'r'.repeat(65), 'Ali', CloseCode.InvalidRoom],
      ['an empty name', 'valid-room', '   ', CloseCode.InvalidUsername],
      ['a name over 32 characters', 'valid-room', 'n'.repeat(33), CloseCode.InvalidUsername],
      ['a name with a control character', 'valid-room', 'Al\u0007i', CloseCode.InvalidUsername],
    ])('closes at once with a 4xxx code and a reason for %s', async (_name, room, username, code) => {
      const client = await ChatClient.open(chat.server.wsUrl, room, username);
      const closed = await client.closed;
      expect(closed.code).toBe(code);
      expect(closed.reason).not.toBe('');
      expect(client.frames).toEqual([]);
    });

    it('matches room names case-insensitively', async () => {
      const room = uniqueRoom('case');
      const lower = await join(room, 'Ali');
      const upper = await join(room.toUpperCase(), 'Bea');
      upper.send('hi');
      expect(await lower.next('message')).toMatchObject({ room, content: 'hi' });
    });
  });

  describe('names with several connections', () => {
    it('lists a name once and announces it only on its first connection and its last disconnection', async () => {
      const room = uniqueRoom('tabs');
      const watcher = await join(room, 'Watcher');
      const firstTab = await join(room, 'Ali');
      const secondTab = await ChatClient.open(chat.server.wsUrl, room, 'Ali');
      track(secondTab);
      expect(await secondTab.next('presence')).toEqual({ users: ['Watcher', 'Ali'] });
      await firstTab.close();
      // A later arrival is the sentinel: a leave for Ali would have come before it.
      await join(room, 'Sentinel');
      await watcher.next('system', (n) => n.username === 'Sentinel');
      expect(watcher.all('system').filter((n) => n.username === 'Ali')).toEqual([
        { kind: 'join', username: 'Ali', at: expect.any(String) },
      ]);
      await secondTab.close();
      expect(await watcher.next('system', (n) => n.kind === 'leave')).toMatchObject({ username: 'Ali' });
    });
  });

  describe('large rooms', () => {
    it('past 100 connections, joins reach the others as coalesced presence instead of one notice each', async () => {
      const room = uniqueRoom('large');
      const crowd = await Promise.all(Array.from({ length: 101 }, (_, i) => open(room, `u${i}`)));
      await Promise.all(crowd.map((client) => client.next('history')));
      const watcher = crowd[0];
      await watcher.next('presence', (data) => data.users.length === 101, 5000);
      const latecomer = await join(room, 'Latecomer');
      expect(await latecomer.next('presence')).toBeDefined();
      expect(await watcher.next('presence', (data) => data.users.includes('Latecomer'), 3000)).toBeDefined();
      expect(watcher.all('system').some((notice) => notice.username === 'Latecomer')).toBe(false);
    });
  });

  describe('resuming with since', () => {
    it('sends exactly the messages after since, then the live stream', async () => {
      const room = uniqueRoom('resume');
      const writer = await join(room, 'Writer');
      for (let i = 1; i <= 5; i++) writer.send(`m${i}`);
      for (let i = 1; i <= 5; i++) await writer.next('message');
      const reader = await ChatClient.open(chat.server.wsUrl, room, 'Reader', { since: 3 });
      track(reader);
      expect((await reader.next('history')).messages.map((m) => m.seq)).toEqual([4, 5]);
      writer.send('m6');
      expect((await reader.next('message')).seq).toBe(6);
    });

    it('marks hasMore when more than a page was missed', async () => {
      const room = uniqueRoom('resume-long');
      const writer = await join(room, 'Writer');
      const total = LIMITS.historyPageSize + 5;
      for (let i = 1; i <= total; i++) writer.send(`m${i}`);
      for (let i = 1; i <= total; i++) await writer.next('message');
      const reader = await ChatClient.open(chat.server.wsUrl, room, 'Reader', { since: 2 });
      track(reader);
      const history = await reader.next('history');
      expect(history.hasMore).toBe(true);
      expect(history.messages.map((m) => m.seq)).toEqual([...Array(LIMITS.historyPageSize).keys()].map((i) => i + 3));
    });

    it('closes with 4003 on a since that is not a non-negative integer', async () => {
      const client = await ChatClient.open(chat.server.wsUrl, uniqueRoom(), 'Ali', { since: -1 });
      expect((await client.closed).code).toBe(CloseCode.InvalidSince);
    });
  });
});
