import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction, AuditEntry, AuditPage, RoomLabel } from '@parley/contracts';
import { DataSource, In, LessThan, type EntityManager } from 'typeorm';
import { RoomEntity } from '../rooms/room.entity.js';
import { AuditEntryEntity } from './audit-entry.entity.js';

/** What one moderation action records: who did what to whom, where, and the facts that explain it (never text). */
export interface AuditRecord {
  actor: string;
  action: AuditAction;
  target: string;
  roomId?: number | null;
  details?: AuditEntry['details'];
}

/** Which entries a page reads: newest first, after (older than) the cursor's id, of one room or of every room. */
export interface AuditQuery {
  roomId?: number;
  after?: number;
  limit: number;
}

/**
 * The audit log: every moderation action, written with the caller's transaction manager so the entry commits or rolls
 * back with the action it records, exactly once. Nothing here edits or deletes an entry.
 */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, record: AuditRecord, at = new Date()): Promise<void> {
    await manager.insert(AuditEntryEntity, {
      at,
      actor: record.actor,
      action: record.action,
      target: record.target,
      roomId: record.roomId ?? null,
      details: record.details ?? {},
    });
  }

  async page(query: AuditQuery): Promise<AuditPage> {
    const rows = await this.dataSource.getRepository(AuditEntryEntity).find({
      where: {
        ...(query.roomId === undefined ? {} : { roomId: query.roomId }),
        ...(query.after === undefined ? {} : { id: LessThan(query.after) }),
      },
      order: { id: 'DESC' },
      take: query.limit + 1,
    });
    const shown = rows.slice(0, query.limit);
    const rooms = await roomLabels(
      this.dataSource,
      shown.map((row) => row.roomId),
    );
    const entries = shown.map((row) => toAuditEntry(row, rooms));
    return { entries, nextCursor: rows.length > query.limit ? entries[entries.length - 1].id : null };
  }
}

/** The slug and name of each of these rooms, by id. */
export async function roomLabels(
  dataSource: DataSource,
  roomIds: ReadonlyArray<number | null>,
): Promise<Map<number, RoomLabel>> {
  const ids = [...new Set(roomIds.filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const rooms = await dataSource
    .getRepository(RoomEntity)
    .find({ select: { id: true, slug: true, name: true }, where: { id: In(ids) } });
  return new Map(rooms.map((room) => [room.id, { slug: room.slug, name: room.name }]));
}

function toAuditEntry(row: AuditEntryEntity, rooms: Map<number, RoomLabel>): AuditEntry {
  const room = row.roomId === null ? undefined : rooms.get(row.roomId);
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    target: row.target,
    ...(room ? { room } : {}),
    details: row.details,
  };
}
