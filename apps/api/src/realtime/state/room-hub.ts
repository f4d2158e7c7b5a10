import { Injectable } from '@nestjs/common';
import type { Identity } from '../../identity/identity.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import type { ClientSession } from './client-session.js';
import type { EncodedFrame } from './encoded-frame.js';

interface LocalRoom {
  sessions: Set<ClientSession>;
  /** Connections per person (Identity.key): a person is here while they have at least one. */
  people: Map<string, { identity: Identity; connections: number }>;
}

/** This instance's connections, grouped by room and by person. */
@Injectable()
export class RoomHub {
  private readonly rooms = new Map<string, LocalRoom>();

  constructor(private readonly metrics: MetricsService) {}

  /** Returns whether this is the person's first connection to the room on this instance. */
  add(session: ClientSession): boolean {
    let room = this.rooms.get(session.room.slug);
    if (!room) {
      room = { sessions: new Set(), people: new Map() };
      this.rooms.set(session.room.slug, room);
      this.metrics.rooms.inc();
    }
    room.sessions.add(session);
    this.metrics.connections.inc();
    const person = room.people.get(session.identity.key);
    if (person) {
      person.connections += 1;
      return false;
    }
    room.people.set(session.identity.key, { identity: session.identity, connections: 1 });
    return true;
  }

  /** Whether the session was here at all, and if so whether it was the person's last connection to the room here. */
  remove(session: ClientSession): 'not-here' | 'still-here' | 'left' {
    const room = this.rooms.get(session.room.slug);
    if (!room || !room.sessions.delete(session)) return 'not-here';
    this.metrics.connections.dec();
    const person = room.people.get(session.identity.key)!;
    person.connections -= 1;
    if (person.connections > 0) return 'still-here';
    room.people.delete(session.identity.key);
    if (room.sessions.size === 0) {
      this.rooms.delete(session.room.slug);
      this.metrics.rooms.dec();
    }
    return 'left';
  }

  connectionCount(room: string): number {
    return this.rooms.get(room)?.sessions.size ?? 0;
  }

  /** The people with a connection to the room here, each once. */
  people(room: string): Identity[] {
    return [...(this.rooms.get(room)?.people.values() ?? [])].map((person) => person.identity);
  }

  /** The room's sessions here. */
  sessionsOf(room: string): Iterable<ClientSession> {
    return this.rooms.get(room)?.sessions ?? [];
  }

  /** Hands one encoded frame to every session of the room; returns how many it reached. */
  deliver(room: string, frame: EncodedFrame): number {
    const sessions = this.rooms.get(room)?.sessions;
    if (!sessions) return 0;
    for (const session of sessions) session.deliver(frame);
    return sessions.size;
  }
}
