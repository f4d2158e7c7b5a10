import type { Identity } from '../../../identity/identity.js';

/** A person in a room, as the registry stores them: who they are to compare (`key`) and what to show (`username`). */
export interface PresentPerson {
  key: string;
  username: string;
}

/**
 * Who is in each room across the deployment. This instance reports the people it has connections for; the registry
 * answers for all instances. `LocalPresenceRegistry` is a single process; `RedisPresenceRegistry` spans instances.
 */
export abstract class PresenceRegistry {
  /** The person's first connection to the room on this instance: true when no instance had them in the room. */
  abstract arrive(room: string, identity: Identity): Promise<boolean>;

  /** The person's last connection on this instance closed: true when no instance has them in the room any more. */
  abstract depart(room: string, identity: Identity): Promise<boolean>;

  /** Everyone in the room, each person once. */
  abstract names(room: string): Promise<string[]>;

  /** People of an instance that died without saying goodbye, once their entries expired. */
  abstract onExpired(listener: (room: string, gone: PresentPerson[]) => void): void;
}
