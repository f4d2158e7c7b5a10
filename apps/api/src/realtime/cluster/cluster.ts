import type { ChatMessage, SystemData } from '@parley/contracts';
import type { RoomRef } from '../../rooms/rooms.service.js';

/**
 * What one API instance shares with the others: stored messages, join/leave notices and presence.
 * `LocalCluster` is a single process (no Redis anywhere on the hot path); `RedisCluster` spans instances.
 */
export abstract class Cluster {
  /** Before the first local connection of a room registers: from then on every message of the room reaches it. */
  abstract watch(room: RoomRef): Promise<void>;

  /** The last local connection of the room left. */
  abstract unwatch(room: string): void;

  /** Messages this instance stored, in seq order: delivered to every connection of their room, on every instance. */
  abstract publish(messages: readonly ChatMessage[]): void;

  /** A name's first connection on this instance: true when the room, across instances, did not have that name. */
  abstract nameArrived(room: string, username: string): Promise<boolean>;

  /** A name's last connection on this instance closed: true when no instance has that name in the room any more. */
  abstract nameLeft(room: string, username: string): Promise<boolean>;

  /** Everyone in the room, across instances, each name once. */
  abstract names(room: string): Promise<string[]>;

  /** A name joined or left the room here: the other instances tell their connections. */
  abstract announce(room: string, notice: SystemData): void;

  /**
   * Another instance announced a join or leave, or presence entries of a dead instance expired (`notice` null):
   * the listener tells local connections and refreshes their presence.
   */
  abstract onRemoteChange(listener: (room: string, notice: SystemData | null) => void): void;
}
