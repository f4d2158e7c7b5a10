import type { ChatMessage, RoomEvent } from '@parley/contracts';
import { MetricsService } from '../../src/metrics/metrics.service.js';
import { RoomLog } from '../../src/realtime/orchestration/room-log.js';
import { RoomRelay } from '../../src/realtime/orchestration/room-relay.js';
import type { LogPage } from '../../src/realtime/state/room-sequencer.js';
import { RoomHub } from '../../src/realtime/state/room-hub.js';
import { Cluster } from '../../src/realtime/transport/cluster/cluster.js';
import { eventsUnderTest } from './events.js';

/** A cluster the test plays the other instances of: it records what this one published and injects what they send. */
export class FakeCluster extends Cluster {
  readonly published: RoomEvent[] = [];
  private listener: (event: RoomEvent) => void = () => {};

  async subscribe(): Promise<void> {}

  unsubscribe(): void {}

  publish(events: readonly RoomEvent[]): void {
    this.published.push(...events);
  }

  onEvent(listener: (event: RoomEvent) => void): void {
    this.listener = listener;
  }

  onResumed(): void {}

  /** An event another instance published. */
  receive(event: RoomEvent): void {
    this.listener(event);
  }
}

/** A room log holding the messages the test stored in it, per room. */
export class FakeRoomLog extends RoomLog {
  readonly messages = new Map<string, ChatMessage[]>();

  async lastSeq(room: { slug: string }): Promise<number> {
    return this.messages.get(room.slug)?.at(-1)?.seq ?? 0;
  }

  async eventsAfter(room: { slug: string }, seq: number): Promise<LogPage<RoomEvent>> {
    const events = (this.messages.get(room.slug) ?? [])
      .filter((message) => message.seq > seq)
      .map((message): RoomEvent => ({ room: room.slug, type: 'message', data: message }));
    return { events, hasMore: false };
  }
}

export function chatMessage(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `m${seq}`,
    seq,
    room: 'general',
    username: 'Ali',
    userId: null,
    content: `#${seq}`,
    createdAt: new Date(0).toISOString(),
    version: seq,
    editedAt: null,
    deleted: false,
    replyTo: null,
    reactions: [],
    attachments: [],
    ...overrides,
  };
}

/** A relay over a real hub, with the other instances and the database played by the test. */
export function relayUnderTest() {
  const metrics = new MetricsService();
  const hub = new RoomHub(metrics);
  const cluster = new FakeCluster();
  const log = new FakeRoomLog();
  const { events, emitted, wire } = eventsUnderTest();
  const relay = new RoomRelay(hub, cluster, log, metrics, events);
  relay.onModuleInit();
  return { hub, cluster, log, relay, metrics, events, emitted, wire };
}
