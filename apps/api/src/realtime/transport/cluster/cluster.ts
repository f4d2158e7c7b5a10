import type { RoomEvent } from '@parley/contracts';

/**
 * How room events reach the other API instances. It carries any RoomEvent and knows no feature: a new kind of event
 * needs nothing here. `LocalCluster` is a single process (nothing to carry); `RedisCluster` spans instances.
 */
export abstract class Cluster {
  /** From when this resolves, what other instances publish to the room reaches the event listener. */
  abstract subscribe(room: string): Promise<void>;

  abstract unsubscribe(room: string): void;

  /** To every other instance with connections in the events' rooms, in the order given. */
  abstract publish(events: readonly RoomEvent[]): void;

  /** Events other instances published, in each room's publishing order. */
  abstract onEvent(listener: (event: RoomEvent) => void): void;

  /** The link to the other instances came back after an outage: whatever they published meanwhile was missed. */
  abstract onResumed(listener: () => void): void;
}
