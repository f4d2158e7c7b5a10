import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { RoomEvent } from '@parley/contracts';
import { inBackground } from '../../common/background.js';
import { DomainEvents } from '../../events/domain-events.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import { isLargeRoom } from '../policy/large-room.js';
import { deliveryOf, seqOf } from '../policy/room-event-delivery.js';
import { encodeRoomEvent } from '../state/encoded-frame.js';
import { RoomHub } from '../state/room-hub.js';
import { RoomSequencer } from '../state/room-sequencer.js';
import { Cluster } from '../transport/cluster/cluster.js';
import { RoomLog } from './room-log.js';

interface Sequenced {
  seq: number;
  event: RoomEvent;
}

/**
 * The one way a room event reaches the room: producers hand it here, and the relay delivers it to this instance's
 * connections (through RoomHub) and, when its delivery rule says so, to the other instances (through the Cluster).
 * Events from other instances come back in through the same local delivery. Timeline events pass a per-room
 * sequencer first, so every connection gets them in seq order with no gap, however they arrived. Whatever must react
 * to a room event on every instance listens for `room.<type>`, emitted here once it was delivered.
 */
@Injectable()
export class RoomRelay implements OnModuleInit {
  private readonly logger = new Logger(RoomRelay.name);
  /** Per watched room; a promise while its sequencer is being set up, so events offered meanwhile queue behind it. */
  private readonly sequencers = new Map<string, Promise<RoomSequencer<Sequenced>>>();
  /** The sequencers that are set up, so an event is offered in the same turn it was emitted. */
  private readonly ready = new Map<string, RoomSequencer<Sequenced>>();
  /** Per watched room, how many watchers have not released it. */
  private readonly watchers = new Map<string, number>();

  constructor(
    private readonly hub: RoomHub,
    private readonly cluster: Cluster,
    private readonly log: RoomLog,
    private readonly metrics: MetricsService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.cluster.onEvent((event) => this.deliverHere(event));
    this.cluster.onResumed(() => {
      this.logger.warn('The link to other instances is back: catching every watched room up from the database');
      for (const sequencer of this.sequencers.values()) {
        inBackground(
          sequencer.then((started) => started.catchUp()),
          this.logger,
          'Catching a room up after an outage',
        );
      }
    });
  }

  /** Events of one batch, in order: published together, then delivered here. */
  emit(...events: RoomEvent[]): void {
    const shared = events.filter((event) => deliveryOf(event).scope === 'cluster');
    if (shared.length > 0) this.cluster.publish(shared);
    for (const event of events) this.deliverHere(event);
  }

  /**
   * Before the first local connection of a room registers: from when this resolves, every timeline event of the room
   * reaches its connections. Subscribes first, then reads the room's last seq, so an event stored after that read is
   * published after the subscription too.
   */
  watch(room: RoomRef): Promise<void> {
    let sequencer = this.sequencers.get(room.slug);
    if (!sequencer) {
      const starting = this.startSequencer(room);
      sequencer = starting;
      this.sequencers.set(room.slug, starting);
      starting.then(
        (started) => this.sequencers.get(room.slug) === starting && this.ready.set(room.slug, started),
        () => this.sequencers.delete(room.slug),
      );
    }
    return sequencer.then(() => {
      this.watchers.set(room.slug, (this.watchers.get(room.slug) ?? 0) + 1);
    });
  }

  /** Each `watch` is released once; the room is no longer watched when the last watcher released it. */
  release(room: string): void {
    const remaining = (this.watchers.get(room) ?? 1) - 1;
    if (remaining > 0) {
      this.watchers.set(room, remaining);
      return;
    }
    this.watchers.delete(room);
    const sequencer = this.sequencers.get(room);
    if (!sequencer) return;
    this.sequencers.delete(room);
    this.ready.delete(room);
    inBackground(
      sequencer.then((started) => started.stop()),
      this.logger,
      `Stopping ${room}'s sequencer`,
    );
    this.cluster.unsubscribe(room);
  }

  private async startSequencer(room: RoomRef): Promise<RoomSequencer<Sequenced>> {
    await this.cluster.subscribe(room.slug);
    const lastSeq = await this.log.lastSeq(room);
    return new RoomSequencer<Sequenced>(
      lastSeq,
      (ready) => ready.forEach(({ event, seq }) => this.send(event, seq)),
      async (after) => {
        const page = await this.log.eventsAfter(room, after);
        return { events: page.events.map((event) => ({ seq: seqOf(event)!, event })), hasMore: page.hasMore };
      },
      (error) => this.logger.warn(`Filling a gap in ${room.slug} failed, retrying: ${(error as Error).message}`),
    );
  }

  private deliverHere(event: RoomEvent): void {
    const seq = seqOf(event);
    if (seq === undefined) {
      this.send(event, undefined);
      return;
    }
    const ready = this.ready.get(event.room);
    if (ready) {
      ready.offer({ seq, event });
      return;
    }
    const starting = this.sequencers.get(event.room);
    if (starting) {
      inBackground(
        starting.then((sequencer) => sequencer.offer({ seq, event })),
        this.logger,
        `Delivering to ${event.room}`,
      );
    }
  }

  private send(event: RoomEvent, seq: number | undefined): void {
    const rule = deliveryOf(event);
    const quiet =
      rule.toSockets === false || (rule.quietInLargeRooms && isLargeRoom(this.hub.connectionCount(event.room)));
    if (!quiet) {
      const reached = this.hub.deliver(event.room, encodeRoomEvent(event, seq));
      if (event.type === 'message') this.metrics.messagesDelivered.inc(reached);
    }
    this.events.delivered(event);
  }
}
