/**
 * Past this many connections on one instance a room is large: join and leave notices are no longer sent to everyone
 * one by one (n joins would cost n² frames), and presence snapshots go out at most once per LARGE_ROOM_PRESENCE_MS
 * for each PRESENCE_CONNECTIONS_PER_INTERVAL connections: a snapshot costs every connection the whole list, so a
 * room ten times larger gets one ten times less often (each second's snapshots cost the same bytes per connection).
 */
export const LARGE_ROOM = 100;
const LARGE_ROOM_PRESENCE_MS = 1_000;
const PRESENCE_CONNECTIONS_PER_INTERVAL = 1_000;

/** However large the room, its presence is at most this old. */
const LONGEST_PRESENCE_INTERVAL_MS = 5_000;

/** How long a large room's presence changes are gathered before one snapshot tells them all. */
export function largeRoomPresenceInterval(connections: number): number {
  const perThousand = LARGE_ROOM_PRESENCE_MS * Math.ceil(connections / PRESENCE_CONNECTIONS_PER_INTERVAL);
  return Math.min(LONGEST_PRESENCE_INTERVAL_MS, Math.max(LARGE_ROOM_PRESENCE_MS, perThousand));
}

export function isLargeRoom(connections: number): boolean {
  return connections > LARGE_ROOM;
}
