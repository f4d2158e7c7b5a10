import type { RoomSummary } from '@parley/contracts';
import type { RoomEntity } from './room.entity.js';

export function toRoomSummary(room: RoomEntity): RoomSummary {
  return {
    slug: room.slug,
    name: room.name,
    createdAt: room.createdAt.toISOString(),
    lastMessageAt: room.lastMessageAt ? room.lastMessageAt.toISOString() : null,
  };
}
