import type { RoomSummary } from '@parley/contracts';

/** A DM is named "a, b" after its two people: each of them sees the other's name. */
export function roomLabel(room: Pick<RoomSummary, 'name' | 'kind'>, viewer: string | null): string {
  if (room.kind !== 'dm') return room.name;
  const others = room.name.split(', ').filter((name) => name !== viewer);
  return others.length > 0 ? others.join(', ') : room.name;
}
