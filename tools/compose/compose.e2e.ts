import type { AckData, ChatMessage, MessagePage, ServerFrame } from '@parley/contracts';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ChatClient, sleep, waitFor } from '../../apps/api/test/support/chat-client.js';
import { ComposeProject, docker, LONG_RUNNING, ROOT } from './project.mjs';

/**
 * The docker-compose stack as users start it (pass.mjs built it, started it and waited for every health check),
 * tested from the host: everything through nginx's published port, except that each API container's own /metrics
 * (at its address on the compose network) tells which container a socket landed on. In file order; the last test
 * is `down -v`.
 */
const project = ComposeProject.fromEnvironment();
const url = process.env.PARLEY_URL!;
const wsUrl = url.replace(/^http/, 'ws');
const API = ['api-1', 'api-2'] as const;
type Api = (typeof API)[number];
const SEND_INTERVAL_MS = 125; // each sender stays under the default WS_RATE_PER_SEC (10)

const addresses = new Map(API.map((service) => [service, project.address(service)]));
const clients: ChatClient[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

/** What the stack's MySQL answers to one statement, as Parley's user on its database (tab-separated, no header). */
const sql = (statement: string) =>
  project.run(['exec', '-T', 'mysql', 'mysql', '-uparley', '-pparley', '-N', '-e', statement, 'parley']);

const uniqueRoom = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Sockets joined to a room on each API container, from its own metrics. */
async function connections(): Promise<Record<Api, number>> {
  const counts = await Promise.all(
    API.map(async (service) => {
      const metrics = await (await fetch(`http://${addresses.get(service)}:3000/metrics`)).text();
      const count = /^parley_connections (\d+)$/m.exec(metrics);
      if (!count) throw new Error(`${service} reports no parley_connections`);
      return Number(count[1]);
    }),
  );
  return { 'api-1': counts[0], 'api-2': counts[1] };
}

interface Placed {
  name: string;
  client: ChatClient;
  service: Api;
}

/** Joins a room through nginx until at least `each` clients sit on each API container; nginx decides where. */
async function joinOnBoth(room: string, each: number): Promise<Placed[]> {
  const placed: Placed[] = [];
  const on = (service: Api) => placed.filter((p) => p.service === service).length;
  while (API.some((service) => on(service) < each)) {
    if (placed.length >= 4 * each + 4) throw new Error(`nginx put every socket on one container: ${placed.length}`);
    const before = await connections();
    const name = `${room.split('-')[0]}${placed.length + 1}`;
    const client = await ChatClient.join(wsUrl, room, name);
    clients.push(client);
    let service: Api | undefined;
    for (const deadline = Date.now() + 3000; service === undefined && Date.now() < deadline;) {
      const after = await connections();
      service = API.find((s) => after[s] === before[s] + 1 && API.every((t) => t === s || after[t] === before[t]));
      if (!service) await sleep(50);
    }
    if (!service) throw new Error(`${name}'s socket did not show up in either container's metrics`);
    placed.push({ name, client, service });
  }
  return placed;
}

async function restPages(room: string): Promise<ChatMessage[]> {
  const messages: ChatMessage[] = [];
  for (let hasMore = true; hasMore;) {
    const after = messages.at(-1)?.seq ?? 0;
    const response = await fetch(`${url}/api/rooms/${room}/messages?after=${after}&limit=100`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as MessagePage;
    messages.push(...page.messages);
    hasMore = page.hasMore;
  }
  return messages;
}

/**
 * One person in the failover chat: records every message by seq (a second live delivery of a seq is a duplicate),
 * sends on demand with a clientId and keeps what is not acknowledged yet; when its socket closes it reconnects
 * through nginx with `since` and resends what was not acknowledged, as the web client does.
 */
class Participant {
  readonly seen = new Map<number, ChatMessage>();
  readonly duplicates: number[] = [];
  readonly acked = new Map<string, AckData>();
  readonly unacked = new Map<string, string>();
  readonly closeCodes: number[] = [];
  resumed = 0;
  resumedAt = 0;
  resent = 0;
  failure: Error | null = null;
  private sent = 0;
  private leaving = false;
  private client!: ChatClient;

  constructor(
    readonly room: string,
    readonly name: string,
    client: ChatClient,
    readonly service: Api,
  ) {
    this.attach(client);
  }

  get connected(): boolean {
    return this.client.socket.readyState === this.client.socket.OPEN;
  }

  sendNext(): void {
    if (!this.connected) return;
    this.sent += 1;
    const clientId = `${this.name}-${this.sent}`;
    this.unacked.set(clientId, `${this.name} says ${this.sent}`);
    this.client.send(this.unacked.get(clientId), clientId);
  }

  async leave(): Promise<void> {
    this.leaving = true;
    await this.client.close();
  }

  private attach(client: ChatClient): void {
    this.client = client;
    clients.push(client);
    // Frames the client recorded before this (the join sequence), then every later one.
    for (const frame of client.frames) this.onFrame(frame);
    client.socket.on('message', (raw) => this.onFrame(JSON.parse(raw.toString()) as ServerFrame));
    client.closed
      .then(async ({ code }) => {
        if (this.leaving) return;
        this.closeCodes.push(code);
        await this.resume();
      })
      .catch((error: Error) => (this.failure = error));
  }

  private onFrame(frame: ServerFrame): void {
    if (frame.event === 'history') {
      for (const message of frame.data.messages) this.record(message, true);
      if (frame.data.hasMore) this.failure = new Error('a resume history had more than one page');
    } else if (frame.event === 'message') {
      this.record(frame.data, false);
    } else if (frame.event === 'ack') {
      this.acked.set(frame.data.clientId, frame.data);
      this.unacked.delete(frame.data.clientId);
    }
  }

  private record(message: ChatMessage, fromHistory: boolean): void {
    if (this.seen.has(message.seq) && !fromHistory) this.duplicates.push(message.seq);
    this.seen.set(message.seq, message);
  }

  private async resume(): Promise<void> {
    const since = Math.max(0, ...this.seen.keys());
    for (let attempt = 1; ; attempt++) {
      try {
        const client = await ChatClient.open(wsUrl, this.room, this.name, { since });
        this.resumed += 1;
        this.resumedAt = Date.now();
        this.attach(client);
        for (const [clientId, content] of this.unacked) client.send(content, clientId);
        this.resent += this.unacked.size;
        return;
      } catch (error) {
        if (attempt === 100) throw error;
        await sleep(200);
      }
    }
  }
}

describe('docker-compose up', () => {
  it('every long-running service passes its health check, and the migration job exited 0', () => {
    for (const service of LONG_RUNNING)
      expect([service, project.inspect(service).State.Health?.Status]).toEqual([service, 'healthy']);
    expect(project.inspect('migrate').State).toMatchObject({ Status: 'exited', ExitCode: 0 });
  });

  it('the Parley images run unprivileged and hold no secret', () => {
    const secret = process.env.AUTH_SECRET!;
    for (const [image, user] of [
      ['parley-api', 'node'],
      ['parley-web', 'nginx'],
    ]) {
      const config = JSON.parse(docker('image', 'inspect', image))[0].Config;
      expect(config.User).toBe(user);
      expect(config.Healthcheck.Test.length).toBeGreaterThan(1);
      expect(config.Env.join('\n')).not.toMatch(/AUTH_SECRET|NODE_EXTRA_CA_CERTS/);
      const history = docker('history', '--no-trunc', image);
      expect(history).not.toContain(secret);
      expect(history).not.toContain('BEGIN CERTIFICATE');
    }
    for (const service of ['api-1', 'api-2', 'web']) {
      expect([service, docker('exec', project.container(service), 'id', '-u')]).not.toEqual([service, '0']);
    }
    // The secret reached the instances from the environment, at run time.
    expect(project.inspect('api-1').Config.Env).toContain(`AUTH_SECRET=${secret}`);
  });

  it('nginx serves the app, proxies the API and upgrades /ws; the metrics stay private', async () => {
    expect(await (await fetch(`${url}/chat/some-room`)).text()).toContain('<div id="app">');
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ info: { database: { status: 'up' } } });
    expect(await (await fetch(`${url}/metrics`)).text()).not.toContain('parley_connections');
    const client = await ChatClient.join(wsUrl, uniqueRoom('upgrade'), 'Upgraded');
    expect(client.all('presence').at(-1)?.users).toEqual(['Upgraded']);
    await client.close();
  });

  it('a message sent through one API container reaches a client on the other, and back', async () => {
    const room = uniqueRoom('across');
    const placed = await joinOnBoth(room, 1);
    const one = placed.find((p) => p.service === 'api-1')!;
    const two = placed.find((p) => p.service === 'api-2')!;
    for (const [from, to] of [
      [one, two],
      [two, one],
    ]) {
      const content = `through ${from.service} to ${to.service}`;
      from.client.send(content, `${from.name}-1`);
      const ack = await from.client.next('ack', (data) => data.clientId === `${from.name}-1`);
      const delivered = await to.client.next('message', (message) => message.content === content);
      expect(delivered).toMatchObject({ id: ack.id, seq: ack.seq, username: from.name });
    }
    await Promise.all(placed.map((p) => p.client.close()));
  });

  it('a file uploaded through one API container downloads from the other (one shared store), and nginx takes 2 MiB', async () => {
    const register = await fetch(`${url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `files${randomBytes(3).toString('hex')}`, password: 'correct horse battery' }),
    });
    const { accessToken } = (await register.json()) as { accessToken: string };
    const authorization = { authorization: `Bearer ${accessToken}` };
    const created = await fetch(`${url}/api/rooms`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Files', visibility: 'private' }),
    });
    const { slug } = (await created.json()) as { slug: string };
    const upload = async (base: string, bytes: Buffer) => {
      const form = new FormData();
      form.append('file', new Blob([bytes]), 'report.bin');
      const response = await fetch(`${base}/api/rooms/${slug}/uploads`, {
        method: 'POST',
        headers: authorization,
        body: form,
      });
      expect(response.status).toBe(201);
      return (await response.json()) as { url: string };
    };
    const bytes = randomBytes(2 * 1024 * 1024);
    const first = await upload(`http://${addresses.get('api-1')}:3000`, bytes);
    const downloaded = await fetch(`http://${addresses.get('api-2')}:3000${first.url}`, { headers: authorization });
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(bytes)).toBe(true);
    const throughNginx = await upload(url, bytes);
    const back = await fetch(`${url}${throughNginx.url}`, { headers: authorization });
    expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('the database keeps no binary log, so a deleted message’s text is not kept in one', () => {
    expect(sql('SELECT @@log_bin').trim()).toBe('0');
    expect(project.inspect('mysql').Args).toContain('--skip-log-bin');
  });

  it('the migration job ran exactly once, before either API instance started', () => {
    const migrations = readdirSync(join(ROOT, 'apps/api/src/database/migrations')).filter((file) =>
      /^\d+-.+\.ts$/.test(file),
    );
    expect(project.containers('migrate')).toHaveLength(1);
    const job = project.inspect('migrate');
    expect(job.RestartCount).toBe(0);
    const applied: string[] = project.logs('migrate').match(/^Applied: (.+)$/gm) ?? [];
    expect(applied).toHaveLength(1);
    expect(applied[0].split(', ')).toHaveLength(migrations.length);
    const rows = sql('SELECT name FROM migrations').split('\n').filter(Boolean);
    expect(rows).toHaveLength(migrations.length);
    expect(new Set(rows).size).toBe(migrations.length);
    expect(applied[0]).toBe(`Applied: ${rows.join(', ')}`);
    for (const service of API) {
      expect(Date.parse(project.inspect(service).State.StartedAt)).toBeGreaterThan(Date.parse(job.State.FinishedAt));
      expect(project.inspect(service).Config.Env).toContain('DATABASE_MIGRATE=false');
    }
  });

  it('docker stop of one API container during a chat: no acknowledged message is lost, its clients resume on the other', async () => {
    const room = uniqueRoom('failover');
    const people = (await joinOnBoth(room, 2)).map(
      ({ name, client, service }) => new Participant(room, name, client, service),
    );
    const victims = people.filter((p) => p.service === 'api-1');
    const survivors = people.filter((p) => p.service === 'api-2');
    const senders = [victims[0], survivors[0]];
    const chat = setInterval(() => senders.forEach((sender) => sender.sendNext()), SEND_INTERVAL_MS);
    try {
      await sleep(1500);
      const ackedBeforeStop = victims[0].acked.size;
      expect(ackedBeforeStop).toBeGreaterThan(0);
      const onSurvivorBefore = (await connections())['api-2'];
      const stopping = Date.now();
      await promisify(execFile)('docker', ['stop', project.container('api-1')]);
      const stopMs = Date.now() - stopping;
      await waitFor(() => victims.every((p) => p.resumed > 0 && p.connected), 30_000, 'the victims to resume');
      const resumeMs = Math.max(...victims.map((p) => p.resumedAt)) - stopping;
      await sleep(1500); // the chat goes on with everyone on api-2
      clearInterval(chat);
      await waitFor(() => senders.every((s) => s.unacked.size === 0), 20_000, 'every message to be acknowledged');
      const acks = senders.flatMap((sender) => [...sender.acked.values()]);
      const last = Math.max(...acks.map((ack) => ack.seq));
      await waitFor(() => people.every((p) => p.seen.has(last)), 10_000, 'everyone to see the last message');
      console.log(
        `failover: docker stop took ${stopMs} ms; its clients were back (on api-2) ${resumeMs} ms after it began; ` +
          `${acks.length} messages acknowledged, ${senders.reduce((n, s) => n + s.resent, 0)} resent on reconnecting`,
      );

      // The stopped instance drained and exited cleanly; its clients were told to reconnect and are on api-2.
      expect(project.inspect('api-1').State).toMatchObject({ Running: false, ExitCode: 0 });
      for (const victim of victims) expect(victim.closeCodes[0]).toBe(1001);
      for (const survivor of survivors) expect(survivor.closeCodes).toEqual([]);
      const survivorMetrics = await (await fetch(`http://${addresses.get('api-2')}:3000/metrics`)).text();
      expect(survivorMetrics).toMatch(new RegExp(`^parley_connections ${onSurvivorBefore + victims.length}$`, 'm'));
      expect(victims[0].acked.size).toBeGreaterThan(ackedBeforeStop);

      // Every acknowledged message reached everyone exactly once, in a gapless sequence, and is stored.
      for (const person of people) {
        expect([person.name, person.failure, person.duplicates]).toEqual([person.name, null, []]);
        expect([...person.seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
        for (const ack of acks) expect(person.seen.get(ack.seq)?.id).toBe(ack.id);
      }
      const stored = await restPages(room);
      expect(stored.map((m) => m.id)).toEqual(
        [...people[0].seen.values()].sort((a, b) => a.seq - b.seq).map((m) => m.id),
      );
      expect(new Set(stored.map((m) => m.content)).size).toBe(stored.length);
    } finally {
      clearInterval(chat);
      await Promise.all(people.map((p) => p.leave()));
    }
  });

  it('down -v leaves nothing running: no container, network or volume of the project', async () => {
    project.down();
    expect(project.leftovers()).toEqual({ containers: [], networks: [], volumes: [] });
    await expect(fetch(`${url}/api/health`)).rejects.toThrow();
  });
});
