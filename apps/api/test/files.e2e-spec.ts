import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  ErrorCode,
  type Attachment,
  type ChatMessage,
  type MessagePage,
  type RoomSummary,
  type SearchPage,
} from '@parley/contracts';
import S3rver from 's3rver';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { AttachmentEntity } from '../src/files/attachment.entity.js';
import { FileEraser, UNCLAIMED_LIFETIME_MS } from '../src/files/file-eraser.js';
import { Accounts, uniqueUsername } from './support/accounts.js';
import type { ChatClient } from './support/chat-client.js';
import { useChatServer } from './support/chat-server.js';
import { storedMessages, uniqueRoom } from './support/test-app.js';

/** The bytes a store holds: every file under a disk store's folder, every object of an S3 bucket. */
interface StoreProbe {
  keys(): Promise<string[]>;
}

async function diskStore(): Promise<{ setting: string; probe: StoreProbe; close(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'parley-files-'));
  return {
    setting: `disk:${folder}`,
    probe: {
      keys: async () =>
        (await readdir(folder, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile())
          .map((entry) => entry.name),
    },
    close: () => rm(folder, { recursive: true, force: true }),
  };
}

/** A real S3-protocol server (s3rver) on loopback, with a bucket of its own. */
async function s3Store(): Promise<{
  setting: string;
  probe: StoreProbe;
  env: Record<string, string>;
  close(): Promise<void>;
}> {
  const folder = await mkdtemp(join(tmpdir(), 'parley-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: folder });
  const { port } = (await server.run()) as { port: number };
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  await client.send(new CreateBucketCommand({ Bucket: 'parley-files' }));
  return {
    setting: 's3://parley-files/uploads',
    env: {
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      S3_FORCE_PATH_STYLE: 'true',
    },
    probe: {
      keys: async () =>
        ((await client.send(new ListObjectsV2Command({ Bucket: 'parley-files' }))).Contents ?? []).map(
          (object) => object.Key!,
        ),
    },
    close: async () => {
      client.destroy();
      await server.close();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Not within 5 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each([
  ['on disk', diskStore],
  ['in S3', s3Store],
] as const)('files %s', (_where, makeStore) => {
  let store: Awaited<ReturnType<typeof diskStore>> & { env?: Record<string, string> };
  beforeAll(async () => {
    store = await makeStore();
  });
  afterAll(() => store.close());

  const chat = useChatServer({
    WS_RATE_BURST: '0',
    SEARCH_PER_MIN: '0',
    UPLOADS_PER_MIN: '0',
    get FILES_STORAGE() {
      return store.setting;
    },
    get S3_ENDPOINT() {
      return store.env?.S3_ENDPOINT;
    },
    get S3_ACCESS_KEY_ID() {
      return store.env?.S3_ACCESS_KEY_ID;
    },
    get S3_SECRET_ACCESS_KEY() {
      return store.env?.S3_SECRET_ACCESS_KEY;
    },
    get S3_FORCE_PATH_STYLE() {
      return store.env?.S3_FORCE_PATH_STYLE ?? 'false';
    },
  });
  const api = () => new Accounts(chat.server.httpUrl);
  const attachmentRows = () => chat.server.app.get(DataSource).getRepository(AttachmentEntity);

  async function person(prefix = 'u') {
    const auth = await api().register(uniqueUsername(prefix));
    return { name: auth.user.username, token: auth.accessToken, id: auth.user.id };
  }
  type Person = Awaited<ReturnType<typeof person>>;

  function upload(slug: string, token: string | undefined, bytes: Buffer, name: string): Promise<Response> {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    return fetch(`${chat.server.httpUrl}/api/rooms/${slug}/uploads`, {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      body: form,
    });
  }

  async function uploaded(slug: string, who: Person, bytes: Buffer, name: string): Promise<Attachment> {
    const response = await upload(slug, who.token, bytes, name);
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${await response.text()}`);
    return (await response.json()) as Attachment;
  }

  const download = (path: string, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${chat.server.httpUrl}${path}`, {
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });

  async function openAs(who: Person, slug: string): Promise<ChatClient> {
    const client = chat.track(await api().open(chat.server.wsUrl, slug, who.token));
    await client.next('history');
    return client;
  }

  /** Sends a message with files; its ack, or the error frame that refused it. */
  /** Sends a message with files; its ack, or the error frame that refused it. */
  function sendWith(
    client: ChatClient,
    content: string,
    attachments: unknown,
    clientId = randomBytes(6).toString('hex'),
  ) {
    client.sendRaw(JSON.stringify({ event: 'message', data: { content, clientId, attachments } }));
    return client.answerTo(clientId);
  }

  async function publicRoom(who: Person) {
    const slug = uniqueRoom('files');
    return { slug, socket: await openAs(who, slug) };
  }

  async function privateRoom(owner: Person) {
    const room = await api().json<RoomSummary>('POST', '/rooms', owner.token, { name: 'Files', visibility: 'private' });
    return { slug: room.slug, socket: await openAs(owner, room.slug) };
  }

  it('takes an image: its type from the bytes, its size, and a thumbnail no larger than 400 px', async () => {
    const ali = await person('ali');
    const { slug } = await publicRoom(ali);
    const response = await upload(slug, ali.token, await png(1000, 500), 'Screen shot.png');
    expect(response.status).toBe(201);
    const attachment = (await response.json()) as Attachment;
    expect(attachment).toEqual({
      id: expect.any(String),
      name: 'Screen shot.png',
      size: expect.any(Number),
      contentType: 'image/png',
      width: 1000,
      height: 500,
      url: `/api/files/${attachment.id}`,
      thumbnailUrl: `/api/files/${attachment.id}/thumbnail`,
    });
    const thumbnail = await download(attachment.thumbnailUrl!, ali.token);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('content-type')).toBe('image/webp');
    expect(await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata()).toMatchObject({
      width: 400,
      height: 200,
    });

    const small = await uploaded(slug, ali, await png(120, 80), 'small.png');
    const smallThumbnail = await download(small.thumbnailUrl!, ali.token);
    expect(await sharp(Buffer.from(await smallThumbnail.arrayBuffer())).metadata()).toMatchObject({
      width: 120,
      height: 80,
    });
  });

  it('serves an HTML file named x.png as a download of its real type, never as a page or an image', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const attachment = await uploaded(slug, ali, HTML, 'x.png');
    expect(attachment).toMatchObject({ contentType: 'application/octet-stream', name: 'x.png' });
    expect(attachment.thumbnailUrl).toBeUndefined();
    expect(attachment.width).toBeUndefined();
    await sendWith(socket, 'look', [attachment.id]);
    const response = await download(attachment.url);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-length': String(HTML.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'content-disposition': 'attachment; filename=x.png',
      'cache-control': expect.stringMatching(/^private, max-age=\d+$/),
      etag: expect.stringMatching(/^"[0-9a-f]{64}"$/),
    });
    expect(Buffer.from(await response.arrayBuffer())).toEqual(HTML);
  });

  it('names a file without path separators or control characters, and encodes a non-ASCII name (RFC 6266)', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const attachment = await uploaded(slug, ali, PDF, '../../Über\u202e plan.pdf');
    // The multipart parser keeps the last path segment only; the bidirectional override is removed here.
    expect(attachment).toMatchObject({ name: 'Über plan.pdf', contentType: 'application/pdf' });
    await sendWith(socket, '', [attachment.id]);
    const disposition = (await download(attachment.url)).headers.get('content-disposition');
    expect(disposition).toBe(`attachment; filename="?ber plan.pdf"; filename*=UTF-8''%C3%9Cber%20plan.pdf`);
  });

  it('refuses an upload without a token, from a guest-less caller, to a room the caller cannot see', async () => {
    const owner = await person('owner');
    const stranger = await person('stranger');
    const { slug } = await privateRoom(owner);
    expect((await upload(slug, undefined, PDF, 'a.pdf')).status).toBe(401);
    expect((await upload(slug, 'not-a-token', PDF, 'a.pdf')).status).toBe(401);
    const hidden = await upload(slug, stranger.token, PDF, 'a.pdf');
    const missing = await upload(uniqueRoom('none'), stranger.token, PDF, 'a.pdf');
    expect([hidden.status, missing.status]).toEqual([404, 404]);
  });

  it('refuses an empty file and a body without a file part with INVALID_FILE', async () => {
    const ali = await person('ali');
    const { slug } = await publicRoom(ali);
    const empty = await upload(slug, ali.token, Buffer.alloc(0), 'empty.txt');
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ code: ErrorCode.InvalidFile });
    const form = new FormData();
    form.append('other', 'text');
    const noFile = await fetch(`${chat.server.httpUrl}/api/rooms/${slug}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ali.token}` },
      body: form,
    });
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({ code: ErrorCode.InvalidFile });
  });

  it('refuses 25 MiB + 1 byte with FILE_TOO_LARGE and keeps nothing: no row, no bytes, no temporary file', async () => {
    const ali = await person('ali');
    const { slug } = await publicRoom(ali);
    const [rowsBefore, keysBefore] = [await attachmentRows().countBy({ uploaderId: ali.id }), await store.probe.keys()];
    const response = await upload(slug, ali.token, Buffer.alloc(25 * 1024 * 1024 + 1, 7), 'big.bin');
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: ErrorCode.FileTooLarge, message: expect.any(String) });
    expect(await attachmentRows().countBy({ uploaderId: ali.id })).toBe(rowsBefore);
    expect(await store.probe.keys()).toEqual(keysBefore);
    await eventually(
      async () => (await readdir(tmpdir())).every((entry) => !entry.startsWith('parley-upload-')),
      'the temporary folder removed',
    );
    // Exactly the limit is taken.
    expect((await upload(slug, ali.token, Buffer.alloc(25 * 1024 * 1024, 7), 'limit.bin')).status).toBe(201);
  });

  it('sends files with a message: everyone gets them in the event, the history and search, and an edit keeps them', async () => {
    const ali = await person('ali');
    const bea = await person('bea');
    const { slug, socket } = await publicRoom(ali);
    const reader = await openAs(bea, slug);
    const [image, pdf] = [
      await uploaded(slug, ali, await png(64, 48), 'a.png'),
      await uploaded(slug, ali, PDF, 'b.pdf'),
    ];
    const word = `files${randomBytes(4).toString('hex')}`;
    const { ack } = await sendWith(socket, `${word} both`, [pdf.id, image.id]);
    expect(ack).toBeDefined();
    const live = await reader.next('message', (message: ChatMessage) => message.id === ack!.id);
    expect(live.attachments).toEqual([pdf, image]);
    const history = await api().json<MessagePage>('GET', `/rooms/${slug}/messages`, bea.token);
    expect(history.messages.find((message) => message.id === ack!.id)?.attachments).toEqual([pdf, image]);
    const search = await api().json<SearchPage>('GET', `/search?q=${word}`, bea.token);
    expect(search.results[0].message.attachments).toEqual([pdf, image]);
    socket.sendRaw(JSON.stringify({ event: 'edit', data: { id: ack!.id, content: `${word} edited` } }));
    const { message: updated } = await reader.next('message_updated', (update) => update.message.id === ack!.id);
    expect(updated).toMatchObject({ content: `${word} edited`, attachments: [pdf, image] });
  });

  it('takes an empty text with files, and refuses more than ten files or a malformed list', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const file = await uploaded(slug, ali, PDF, 'only.pdf');
    expect((await sendWith(socket, '', [file.id])).ack).toBeDefined();
    const eleven = Array.from({ length: 11 }, (_, i) => `id-${i}`);
    for (const wrong of [eleven, [], 'not-a-list', [file.id, file.id], [42]]) {
      expect((await sendWith(socket, 'x', wrong)).error).toMatchObject({ code: ErrorCode.InvalidMessage });
    }
    expect((await sendWith(socket, '   ', undefined)).error).toMatchObject({ code: ErrorCode.InvalidMessage });
  });

  it('refuses an unknown, another person’s, another room’s or a used upload with INVALID_ATTACHMENT, storing nothing', async () => {
    const ali = await person('ali');
    const bea = await person('bea');
    const { slug, socket } = await publicRoom(ali);
    const other = uniqueRoom('other');
    await openAs(ali, other);
    const beasSocket = await openAs(bea, slug);
    const beas = await uploaded(slug, bea, PDF, 'beas.pdf');
    const elsewhere = await uploaded(other, ali, PDF, 'elsewhere.pdf');
    const used = await uploaded(slug, ali, PDF, 'used.pdf');
    expect((await sendWith(socket, 'first', [used.id])).ack).toBeDefined();
    const before = (await storedMessages(chat.server, slug)).length;
    for (const ids of [['019b0000-0000-7000-8000-000000000000'], [beas.id], [elsewhere.id], [used.id]]) {
      const { error } = await sendWith(socket, 'again', ids);
      expect(error).toMatchObject({ code: ErrorCode.InvalidAttachment, message: expect.any(String) });
    }
    expect(await storedMessages(chat.server, slug)).toHaveLength(before);
    expect((await sendWith(beasSocket, 'mine', [beas.id])).ack).toBeDefined();
  });

  it('gives a file to one message of two sent at once', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const second = await openAs(ali, slug);
    const file = await uploaded(slug, ali, PDF, 'race.pdf');
    const outcomes = await Promise.all([sendWith(socket, 'one', [file.id]), sendWith(second, 'two', [file.id])]);
    expect(outcomes.filter((outcome) => outcome.ack)).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.error)?.error).toMatchObject({ code: ErrorCode.InvalidAttachment });
  });

  it('acks a resend of a message with files once, with the same message', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const file = await uploaded(slug, ali, PDF, 'again.pdf');
    const first = await sendWith(socket, 'resent', [file.id], 'same-client-id');
    const resend = await sendWith(socket, 'resent', [file.id], 'same-client-id');
    expect(resend.ack).toEqual(first.ack);
    expect((await storedMessages(chat.server, slug)).filter((row) => row.content === 'resent')).toHaveLength(1);
  });

  it('lets only its uploader download an upload no message has used yet', async () => {
    const ali = await person('ali');
    const bea = await person('bea');
    const { slug } = await publicRoom(ali);
    const file = await uploaded(slug, ali, PDF, 'draft.pdf');
    expect((await download(file.url, ali.token)).status).toBe(200);
    expect((await download(file.url, bea.token)).status).toBe(404);
    expect((await download(file.url)).status).toBe(404);
  });

  it('serves a private room’s file to its members only: the same 404 as for no file for anyone else', async () => {
    const owner = await person('owner');
    const member = await person('member');
    const stranger = await person('stranger');
    const { slug, socket } = await privateRoom(owner);
    await api().json('POST', `/rooms/${slug}/members`, owner.token, { username: member.name });
    const image = await uploaded(slug, owner, await png(30, 30), 'secret.png');
    await sendWith(socket, 'secret', [image.id]);
    const member200 = await download(image.url, member.token);
    expect(member200.status).toBe(200);
    expect(member200.headers.get('cache-control')).toMatch(/^private,/);
    expect(member200.headers.get('content-disposition')).toBe('inline; filename=secret.png');
    const nothing = await download(`/api/files/019b0000-0000-7000-8000-000000000000`, stranger.token);
    for (const path of [image.url, image.thumbnailUrl!]) {
      for (const token of [undefined, stranger.token]) {
        const refused = await download(path, token);
        expect(refused.status).toBe(404);
        expect(await refused.json()).toEqual(await nothing.clone().json());
      }
    }
    await api().call('DELETE', `/rooms/${slug}/members/${member.name}`, owner.token);
    expect((await download(image.url, member.token)).status).toBe(404);
  });

  it('answers a byte range with 206, past the end with 416, and an unchanged file with 304', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const bytes = randomBytes(5000);
    const file = await uploaded(slug, ali, bytes, 'noise.bin');
    await sendWith(socket, '', [file.id]);
    const part = await download(file.url, undefined, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/5000');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const tail = await download(file.url, undefined, { range: 'bytes=-10' });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(4990));
    const past = await download(file.url, undefined, { range: 'bytes=9000-' });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */5000');
    const etag = (await download(file.url)).headers.get('etag')!;
    expect((await download(file.url, undefined, { 'if-none-match': etag })).status).toBe(304);
    const stale = await download(file.url, undefined, { range: 'bytes=0-9', 'if-range': '"other"' });
    expect(stale.status).toBe(200);
  });

  it('erases a deleted message’s files: 404 at once, bytes gone from the store', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const image = await uploaded(slug, ali, await png(50, 50), 'gone.png');
    const keysWith = await store.probe.keys();
    expect(keysWith.filter((key) => key.includes(image.id))).toHaveLength(2);
    const { ack } = await sendWith(socket, 'soon gone', [image.id]);
    socket.sendRaw(JSON.stringify({ event: 'delete', data: { id: ack!.id } }));
    const { message: deleted } = await socket.next('message_updated', (update) => update.message.id === ack!.id);
    expect(deleted).toMatchObject({ deleted: true, attachments: [] });
    expect((await download(image.url, ali.token)).status).toBe(404);
    expect((await download(image.thumbnailUrl!, ali.token)).status).toBe(404);
    await eventually(
      async () => (await store.probe.keys()).every((key) => !key.includes(image.id)),
      'the bytes erased',
    );
    // Its row goes after its bytes.
    await eventually(async () => (await attachmentRows().findOneBy({ id: image.id })) === null, 'the row erased');
  });

  it('erases an upload no message used within a day, and keeps one a message used', async () => {
    const ali = await person('ali');
    const { slug, socket } = await publicRoom(ali);
    const unused = await uploaded(slug, ali, PDF, 'unused.pdf');
    const used = await uploaded(slug, ali, PDF, 'used.pdf');
    await sendWith(socket, 'keep', [used.id]);
    await chat.server.app.get(FileEraser).sweep(new Date(Date.now() + UNCLAIMED_LIFETIME_MS - 60_000));
    expect(await attachmentRows().findOneBy({ id: unused.id })).not.toBeNull();
    await chat.server.app.get(FileEraser).sweep(new Date(Date.now() + UNCLAIMED_LIFETIME_MS + 60_000));
    expect(await attachmentRows().findOneBy({ id: unused.id })).toBeNull();
    const keys = await store.probe.keys();
    expect(keys.some((key) => key.includes(unused.id))).toBe(false);
    expect(keys.some((key) => key.includes(used.id))).toBe(true);
    expect((await download(used.url, ali.token)).status).toBe(200);
  });
});

describe('uploads per minute', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'parley-files-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));
  const chat = useChatServer({
    UPLOADS_PER_MIN: '2',
    get FILES_STORAGE() {
      return `disk:${folder}`;
    },
  });

  it('refuses past UPLOADS_PER_MIN with 429 and Retry-After', async () => {
    const auth = await new Accounts(chat.server.httpUrl).register(uniqueUsername('up'));
    const slug = uniqueRoom('limit');
    await chat
      .track(await new Accounts(chat.server.httpUrl).open(chat.server.wsUrl, slug, auth.accessToken))
      .next('history');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const form = new FormData();
      form.append('file', new Blob([PDF]), 'a.pdf');
      const response = await fetch(`${chat.server.httpUrl}/api/rooms/${slug}/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${auth.accessToken}` },
        body: form,
      });
      statuses.push(response.status);
      retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([201, 201, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
