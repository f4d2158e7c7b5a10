import { defaultNotificationLevel, type MyRoom, type RoomSummary } from '@parley/contracts';
import type { MyRoomRow } from '../members/members.repository.js';
import type { RoomEntity } from './room.entity.js';

export function toRoomSummary(room: RoomEntity): RoomSummary {
  return {
    slug: room.slug,
    name: room.name,
    visibility: room.visibility,
    kind: room.kind,
    createdAt: room.createdAt.toISOString(),
    lastMessageAt: room.lastMessageAt ? room.lastMessageAt.toISOString() : null,
    guests: room.guests,
  };
}

export function toMyRoom(row: MyRoomRow): MyRoom {
  return {
    ...toRoomSummary(row.room),
    lastSeq: row.room.lastSeq,
    readSeq: row.readSeq,
    unread: row.unread,
    mentions: row.mentions,
    notify: row.notify ?? defaultNotificationLevel(row.room.kind),
  };
}
