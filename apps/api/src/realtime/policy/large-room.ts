/**
 * Past this many connections on one instance a room is large: join and leave notices are no longer sent to everyone
 * one by one (n joins would cost n² frames), and presence snapshots go out at most once per LARGE_ROOM_PRESENCE_MS.
 */
export const LARGE_ROOM = 100;
export const LARGE_ROOM_PRESENCE_MS = 1_000;

export function isLargeRoom(connections: number): boolean {
  return connections > LARGE_ROOM;
}
