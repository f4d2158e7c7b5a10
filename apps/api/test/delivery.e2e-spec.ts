import { CloseCode, LIMITS, type MessagePage } from '@parley/contracts';
import type { Socket } from 'node:net';
import { ChatClient, sleep, waitFor } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { storedMessages, uniqueRoom } from './support/test-app.js';

describe('delivery guarantees', () => {
  const chat = useChatServer({ WS_RATE_BURST: '0', WS_MAX_BUFFERED_BYTES: String(256 * 1024) });
  const { join, track } = chat;

  describe('idempotent resend', () => {
    it('stores and broadcasts a clientId sent twice once, and acks both with the same id and seq', async () => {
      const room = uniqueRoom('resend');
      const ali = await join(room, 'Ali');
      const bea = await join(room, 'Bea');
      ali.send('only once', 'dup-1');
      ali.send('only once', 'dup-1');
      const first = await ali.next('ack');
      const second = await ali.next('ack');
      expect(second).toEqual(first);
      ali.send('the sentinel', 'sentinel-1');
      await bea.next('message', (m) => m.clientId === 'sentinel-1');
      expect(bea.all('message').map((m) => m.clientId)).toEqual(['dup-1', 'sentinel-1']);
      expect((await storedMessages(chat.server, room)).map((row) => row.clientId)).toEqual(['dup-1', 'sentinel-1']);
    });

    it('recognises a resend after a reconnect and answers it with the original ack', async () => {
      const room = uniqueRoom('resend-reconnect');
      const bea = await join(room, 'Bea');
      const ali = await join(room, 'Ali');
      ali.send('sent before the blip', 'dup-2');
      const original = await ali.next('ack');
      await ali.close();
      const again = await join(room, 'Ali', original.seq);
      again.send('sent before the blip', 'dup-2');
      expect(await again.next('ack')).toEqual(original);
      again.send('the sentinel', 'sentinel-2');
      await bea.next('message', (m) => m.clientId === 'sentinel-2');
      expect(bea.all('message').filter((m) => m.clientId === 'dup-2')).toHaveLength(1);
      expect((await storedMessages(chat.server, room)).map((row) => row.clientId)).toEqual(['dup-2', 'sentinel-2']);
    });

    it('treats the same clientId from another sender as a different message', async () => {
      const room = uniqueRoom('resend-other');
      const ali = await join(room, 'Ali');
      const bea = await join(room, 'Bea');
      ali.send('from Ali', 'shared');
      bea.send('from Bea', 'shared');
      const [fromAli, fromBea] = [await ali.next('ack'), await bea.next('ack')];
      expect(fromAli.id).not.toBe(fromBea.id);
      expect(await storedMessages(chat.server, room)).toHaveLength(2);
    });
  });

  it('resume under load: a reader that keeps reconnecting with since ends with every seq exactly once, in order', async () => {
    const room = uniqueRoom('resume-load');
    const writer = await join(room, 'Writer');
    const total = 1500;
    let sent = 0;
    const writing = (async () => {
      while (sent < total) {
        for (let i = 0; i < 10 && sent < total; i++) writer.send(`m${++sent}`, `w${sent}`);
        await sleep(1);
      }
    })();

    const seen: number[] = [];
    let lastSeq = 0;
    /** On each connection the server must send strictly increasing seqs above since: no duplicate, no reordering. */
    const expectStrictlyIncreasing = (reader: ChatClient, since: number) => {
      const fromServer = [...reader.all('history').flatMap((h) => h.messages), ...reader.all('message')].map(
        (m) => m.seq,
      );
      fromServer.forEach((seq, i) => expect(seq).toBeGreaterThan(i === 0 ? since : fromServer[i - 1]));
    };
    /** What a client does on (re)connect: history after `since`, then REST `after=` while more remain. */
    const resume = async (): Promise<ChatClient> => {
      const reader = await ChatClient.open(chat.server.wsUrl, room, 'Reader', { since: lastSeq });
      let page: MessagePage = await reader.next('history');
      for (;;) {
        page.messages.forEach((m) => seen.push(m.seq));
        lastSeq = page.messages.at(-1)?.seq ?? lastSeq;
        if (!page.hasMore) break;
        const response = await fetch(`${chat.server.httpUrl}/api/rooms/${room}/messages?after=${lastSeq}&limit=100`);
        page = (await response.json()) as MessagePage;
      }
      return reader;
    };

    for (let round = 0; round < 12; round++) {
      const since = lastSeq;
      const reader = await resume();
      await sleep(10 + round * 5);
      // Live frames can overlap what the REST catch-up already fetched (both follow the history): skip those only.
      const live = reader.all('message').filter((m) => m.seq > lastSeq);
      live.forEach((m) => seen.push(m.seq));
      lastSeq = live.at(-1)?.seq ?? lastSeq;
      await reader.close();
      expectStrictlyIncreasing(reader, since);
    }
    await writing;
    await waitFor(() => writer.all('ack').length === total, 10_000, 'every ack');
    track(await resume());

    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('slow consumer: a client that stops reading is cut off with 4008 while the others get everything, memory bounded', async () => {
    const room = uniqueRoom('slow');
    const slow = await join(room, 'Slow');
    const fast = await join(room, 'Fast');
    const writer = await join(room, 'Writer');
    const underlying = (slow.socket as unknown as { _socket: Socket })._socket;
    underlying.pause();

    const rssBefore = process.memoryUsage().rss;
    const total = 3000;
    const content = 'x'.repeat(1500);
    let peakRss = rssBefore;
    for (let i = 0; i < total; i++) {
      writer.send(content);
      if (i % 100 === 99) {
        await sleep(5);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
    }
    await waitFor(() => fast.all('message').length === total, 20_000, 'the fast reader to get everything');
    expect(fast.all('message').map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));

    underlying.resume();
    expect((await slow.closed).code).toBe(CloseCode.SlowConsumer);
    expect(slow.all('message').length).toBeLessThan(total);
    // 3,000 frames of ~1.6 KB is ~4.8 MB per reader; the slow one was cut at 256 KiB of unsent data.
    expect(peakRss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  });

  it('history holds the latest page for a joiner, older pages by REST before=', async () => {
    const room = uniqueRoom('pages');
    const writer = await join(room, 'Writer');
    const total = LIMITS.historyPageSize * 2 + 7;
    for (let i = 1; i <= total; i++) writer.send(`m${i}`);
    await waitFor(() => writer.all('message').length === total);
    const joiner = await ChatClient.open(chat.server.wsUrl, room, 'Joiner');
    track(joiner);
    const history = await joiner.next('history');
    expect(history.hasMore).toBe(true);
    expect(history.messages.map((m) => m.seq)).toEqual(
      Array.from({ length: LIMITS.historyPageSize }, (_, i) => total - LIMITS.historyPageSize + 1 + i),
    );
  });
});
