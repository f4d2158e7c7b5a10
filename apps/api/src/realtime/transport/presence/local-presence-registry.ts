import type { RoomHub } from '../../state/room-hub.js';
import { PresenceRegistry, type PresentPerson } from './presence-registry.js';

/** One process: this instance's connections are the whole room, so every answer is local and immediate. */
export class LocalPresenceRegistry extends PresenceRegistry {
  constructor(private readonly hub: RoomHub) {
    super();
  }

  async arrive(): Promise<boolean> {
    return true;
  }

  async depart(): Promise<boolean> {
    return true;
  }

  async names(room: string): Promise<string[]> {
    return this.hub.people(room).map((person) => person.username);
  }

  /** Nothing expires: a process that dies takes its whole room with it. */
  onExpired(_listener: (room: string, gone: PresentPerson[]) => void): void {}
}
