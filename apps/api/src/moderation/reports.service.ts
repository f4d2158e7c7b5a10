import { Injectable, NotFoundException } from '@nestjs/common';
import type { ChatMessage, Report, ReportPage, ReportReceipt, ReportStatus } from '@parley/contracts';
import { AuditLog } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import { Transactions } from '../database/transactions.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomAccess } from '../rooms/room-access.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { UsersService } from '../users/users.service.js';
import { ReportEntity } from './report.entity.js';
import { ReportsRepository, type ReportQuery } from './reports.repository.js';

/** A report as filed: whether it is new (201) or the reporter's earlier one of the same message (200). */
export interface FiledReport {
  receipt: ReportReceipt;
  created: boolean;
}

/**
 * Reports of messages: filed by any signed-in reader of the room, read by server admins (every room) and by a room's
 * owner and admins (theirs), resolved by either, each resolution recorded in the audit log. A report shows its
 * message as it is now: once deleted, the tombstone (the report stays, the text is gone).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly access: RoomAccess,
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly transactions: Transactions,
    private readonly audit: AuditLog,
    private readonly users: UsersService,
  ) {}

  async file(slug: string, reporter: Principal, messageId: string, reason: string): Promise<FiledReport> {
    const { room } = await this.access.visible(slug, reporter);
    const message = await this.messages.message(room, messageId);
    if (message.deleted) throw new NotFoundException(`No message ${messageId} in this room`);
    const { report, created } = await this.reports.insertOnce({
      roomId: room.id,
      messageId: message.id,
      messageSeq: message.seq,
      reporterId: reporter.userId,
      reason,
      status: 'open',
      createdAt: new Date(),
      resolvedBy: null,
      resolvedAt: null,
    });
    return { receipt: { id: String(report.id), status: report.status }, created };
  }

  async page(query: Omit<ReportQuery, 'limit'> & { limit: number }): Promise<ReportPage> {
    const rows = await this.reports.page({ ...query, limit: query.limit + 1 });
    const shown = rows.slice(0, query.limit);
    const reports = await this.toReports(shown);
    return { reports, nextCursor: rows.length > query.limit ? String(shown[shown.length - 1].id) : null };
  }

  /** Resolves the report (of `room` only, when given; 404 otherwise); resolving it again changes nothing. */
  async resolve(id: number, actor: Principal, room?: RoomRef): Promise<Report> {
    const resolved = await this.transactions.run(async (manager) => {
      const report = await this.reports.lock(manager, id);
      if (!report || (room !== undefined && report.roomId !== room.id)) {
        throw new NotFoundException(`No report ${id}${room ? ' in this room' : ''}`);
      }
      if (report.status === 'resolved') return report;
      const at = new Date();
      await this.reports.resolve(manager, id, actor.username, at);
      await this.audit.record(
        manager,
        {
          actor: actor.username,
          action: 'report_resolve',
          target: String(id),
          roomId: report.roomId,
          details: { message: report.messageId },
        },
        at,
      );
      return { ...report, status: 'resolved' as ReportStatus, resolvedBy: actor.username, resolvedAt: at };
    });
    const [report] = await this.toReports([resolved]);
    return report;
  }

  private async toReports(rows: readonly ReportEntity[]): Promise<Report[]> {
    if (rows.length === 0) return [];
    const [rooms, names] = await Promise.all([
      this.rooms.byIds(rows.map((row) => row.roomId)),
      this.users.usernamesOf(rows.map((row) => row.reporterId)),
    ]);
    const states = await Promise.all(
      rooms.map((room) =>
        this.messages.currentStates(
          room,
          rows.filter((row) => row.roomId === room.id).map((row) => row.messageSeq),
        ),
      ),
    );
    const messages = new Map<string, ChatMessage>();
    rooms.forEach((room, i) => {
      for (const [seq, message] of states[i]) messages.set(`${room.id}:${seq}`, message);
    });
    const labels = new Map(rooms.map((room) => [room.id, { slug: room.slug, name: room.name }]));
    return rows.flatMap((row) => {
      const message = messages.get(`${row.roomId}:${row.messageSeq}`);
      const room = labels.get(row.roomId);
      if (!message || !room) return [];
      return [
        {
          id: String(row.id),
          room,
          message,
          reporter: names.get(row.reporterId) ?? row.reporterId,
          reason: row.reason,
          status: row.status,
          at: row.createdAt.toISOString(),
          ...(row.resolvedBy === null ? {} : { resolvedBy: row.resolvedBy }),
          ...(row.resolvedAt === null ? {} : { resolvedAt: row.resolvedAt.toISOString() }),
        },
      ];
    });
  }
}
