import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ChatMessage, SystemData } from '@parley/contracts';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { MessagesService } from '../../messages/messages.service.js';
import type { RoomRef, RoomsService } from '../../rooms/rooms.service.js';
import type { RoomHub } from '../room-hub.js';
import { Cluster } from './cluster.js';
import { RoomSequencer } from './room-sequencer.js';

/** A presence entry lives this long unless its instance refreshes it: the bound on ghosts of a dead instance. */
export const PRESENCE_TTL_MS = 10_000;
const PRESENCE_REFRESH_MS = 3_000;
const WARNING_INTERVAL_MS = 10_000;

type Envelope = { kind: 'message'; message: ChatMessage } | { kind: 'notice'; from: string; notice: SystemData | null };

/**
 * Many instances on one Redis. Each room has a pub/sub channel (`<prefix>room:<slug>`) that carries its stored
 * messages, join/leave notices and presence changes; an instance subscribes to the rooms it has connections in.
 * Messages from the channel and from this instance's own writer go through one RoomSequencer per room, which
 * restores seq order and fills any gap from the database. Presence is a sorted set per room whose members
 * (`<instance>\0<name>`) carry an expiry that their instance keeps pushing forward, so a dead instance's
 * names vanish within PRESENCE_TTL_MS + PRESENCE_REFRESH_MS.
 * When Redis is away, local delivery goes on; cross-instance delivery resumes, gaps filled, when it returns.
 */
export class RedisCluster extends Cluster implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisCluster.name);
  private readonly instanceId = randomUUID();
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly sequencers = new Map<string, Promise<RoomSequencer>>();
  /** Names with a connection on this instance, per room: what this instance keeps alive in Redis. */
  private readonly localNames = new Map<string, Set<string>>();
  private readonly remoteChangeListeners: Array<(room: string, notice: SystemData | null) => void> = [];
  private readonly refresher: NodeJS.Timeout;
  private lastWarningAt = 0;

  constructor(
    url: string,
    private readonly prefix: string,
    private readonly hub: RoomHub,
    private readonly messages: MessagesService,
    private readonly rooms: RoomsService,
  ) {
    super();
    const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000 };
    this.commands = new Redis(url, options);
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null });
    for (const connection of [this.commands, this.subscriber]) {
      connection.on('error', (error: Error) => this.warn(`Redis: ${error.message}`));
    }
    let wasReady = false;
    this.subscriber.on('ready', () => {
      if (wasReady) {
        this.logger.warn('Redis is back: catching up every watched room from the database');
        for (const sequencer of this.sequencers.values()) void sequencer.then((s) => s.catchUp());
        void this.refreshPresence();
      }
      wasReady = true;
    });
    this.subscriber.on('message', (channel: string, payload: string) => this.receive(channel, payload));
    this.refresher = setInterval(() => void this.refreshPresence(), PRESENCE_REFRESH_MS).unref();
  }

  watch(room: RoomRef): Promise<void> {
    let sequencer = this.sequencers.get(room.slug);
    if (!sequencer) {
      sequencer = this.startSequencer(room);
      this.sequencers.set(room.slug, sequencer);
      sequencer.catch(() => this.sequencers.delete(room.slug));
    }
    return sequencer.then(() => undefined);
  }

  unwatch(room: string): void {
    const sequencer = this.sequencers.get(room);
    if (!sequencer) return;
    this.sequencers.delete(room);
    void sequencer.then((s) => s.stop());
    this.subscriber.unsubscribe(this.channel(room)).catch(() => undefined);
  }

  publish(messages: readonly ChatMessage[]): void {
    const pipeline = this.commands.pipeline();
    for (const message of messages) {
      void this.sequencers.get(message.room)?.then((sequencer) => sequencer.offer(message));
      pipeline.publish(this.channel(message.room), JSON.stringify({ kind: 'message', message } satisfies Envelope));
    }
    pipeline.exec().catch((error: Error) => this.warn(`Publishing to other instances failed: ${error.message}`));
  }

  async nameArrived(room: string, username: string): Promise<boolean> {
    let names = this.localNames.get(room);
    if (!names) this.localNames.set(room, (names = new Set()));
    names.add(username);
    try {
      const now = Date.now();
      const key = this.presenceKey(room);
      const [, [, others]] = (await this.commands
        .multi()
        .zadd(key, now + PRESENCE_TTL_MS, this.member(username))
        .zrangebyscore(key, now, '+inf')
        .exec()) as [[Error | null, unknown], [Error | null, string[]]];
      return !others.some((member) => member !== this.member(username) && nameOf(member) === username);
    } catch (error) {
      this.warn(`Presence unavailable: ${(error as Error).message}`);
      return true;
    }
  }

  async nameLeft(room: string, username: string): Promise<boolean> {
    const names = this.localNames.get(room);
    names?.delete(username);
    if (names?.size === 0) this.localNames.delete(room);
    try {
      const key = this.presenceKey(room);
      const [, [, others]] = (await this.commands
        .multi()
        .zrem(key, this.member(username))
        .zrangebyscore(key, Date.now(), '+inf')
        .exec()) as [[Error | null, unknown], [Error | null, string[]]];
      return !others.some((member) => nameOf(member) === username);
    } catch (error) {
      this.warn(`Presence unavailable: ${(error as Error).message}`);
      return true;
    }
  }

  async names(room: string): Promise<string[]> {
    try {
      const members = await this.commands.zrangebyscore(this.presenceKey(room), Date.now(), '+inf');
      return [...new Set([...this.hub.presence(room), ...members.map(nameOf)])];
    } catch {
      return this.hub.presence(room);
    }
  }

  announce(room: string, notice: SystemData): void {
    this.tellOthers(room, { kind: 'notice', from: this.instanceId, notice });
  }

  onRemoteChange(listener: (room: string, notice: SystemData | null) => void): void {
    this.remoteChangeListeners.push(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.refresher);
    for (const sequencer of this.sequencers.values()) void sequencer.then((s) => s.stop());
    const pipeline = this.commands.pipeline();
    for (const [room, names] of this.localNames) {
      for (const name of names) pipeline.zrem(this.presenceKey(room), this.member(name));
      pipeline.publish(this.channel(room), JSON.stringify({ kind: 'notice', from: this.instanceId, notice: null }));
    }
    await pipeline.exec().catch(() => undefined);
    this.subscriber.disconnect();
    this.commands.disconnect();
  }

  /** Subscribes first, then reads the room's last seq: a message stored after that read is published after it too. */
  private async startSequencer(room: RoomRef): Promise<RoomSequencer> {
    try {
      await this.subscriber.subscribe(this.channel(room.slug));
    } catch (error) {
      this.warn(
        `Subscribing to ${room.slug} failed, local delivery only until Redis returns: ${(error as Error).message}`,
      );
    }
    const lastSeq = await this.rooms.lastSeq(room);
    return new RoomSequencer(
      lastSeq,
      (messages) => this.hub.deliver(messages),
      (after) => this.messages.history(room, after),
      (error) => this.warn(`Filling a gap in ${room.slug} failed, retrying: ${(error as Error).message}`),
    );
  }

  private receive(channel: string, payload: string): void {
    const room = channel.slice(this.channel('').length);
    const envelope = JSON.parse(payload) as Envelope;
    switch (envelope.kind) {
      case 'message':
        void this.sequencers.get(room)?.then((sequencer) => sequencer.offer(envelope.message));
        break;
      case 'notice':
        if (envelope.from !== this.instanceId) this.tellListeners(room, envelope.notice);
        break;
    }
  }

  /** Pushes this instance's entries' expiry forward and drops expired ones, telling rooms whose list shrank. */
  private async refreshPresence(): Promise<void> {
    const now = Date.now();
    const rooms = new Set([...this.localNames.keys(), ...this.sequencers.keys()]);
    if (rooms.size === 0) return;
    const pipeline = this.commands.pipeline();
    const order = [...rooms];
    for (const room of order) {
      pipeline.zremrangebyscore(this.presenceKey(room), '-inf', now);
      for (const name of this.localNames.get(room) ?? []) {
        pipeline.zadd(this.presenceKey(room), now + PRESENCE_TTL_MS, this.member(name));
      }
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      let index = 0;
      for (const room of order) {
        const [, expired] = results[index] as [Error | null, number];
        index += 1 + (this.localNames.get(room)?.size ?? 0);
        if (expired > 0) {
          this.tellListeners(room, null);
          this.tellOthers(room, { kind: 'notice', from: this.instanceId, notice: null });
        }
      }
    } catch (error) {
      this.warn(`Refreshing presence failed: ${(error as Error).message}`);
    }
  }

  private tellListeners(room: string, notice: SystemData | null): void {
    this.remoteChangeListeners.forEach((listener) => listener(room, notice));
  }

  private tellOthers(room: string, envelope: Envelope): void {
    this.commands
      .publish(this.channel(room), JSON.stringify(envelope))
      .catch((error: Error) => this.warn(`Publishing to other instances failed: ${error.message}`));
  }

  /** At most one warning per interval: an outage should be visible in the logs, not flood them. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarningAt < WARNING_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.logger.warn(message);
  }

  private channel(room: string): string {
    return `${this.prefix}room:${room}`;
  }

  private presenceKey(room: string): string {
    return `${this.prefix}presence:${room}`;
  }

  private member(username: string): string {
    return `${this.instanceId}\u0000${username}`;
  }
}

function nameOf(member: string): string {
  return member.slice(member.indexOf('\u0000') + 1);
}
