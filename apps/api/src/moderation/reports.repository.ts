import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ReportStatus } from '@parley/contracts';
import { DataSource, LessThan, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../database/database-errors.js';
import { ReportEntity } from './report.entity.js';

/** Which reports a page reads: newest first, older than the cursor's id, of one room or all, of one status or both. */
export interface ReportQuery {
  roomId?: number;
  status?: ReportStatus;
  after?: number;
  limit: number;
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The new report, or the reporter's earlier one of the same message (`created: false`), also when two race. */
  async insertOnce(report: Omit<ReportEntity, 'id'>): Promise<{ report: ReportEntity; created: boolean }> {
    const repository = this.dataSource.getRepository(ReportEntity);
    try {
      const inserted = repository.create(report);
      await repository.insert(inserted);
      return { report: inserted, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await repository.findOneByOrFail({ messageId: report.messageId, reporterId: report.reporterId });
      return { report: existing, created: false };
    }
  }

  page(query: ReportQuery): Promise<ReportEntity[]> {
    return this.dataSource.getRepository(ReportEntity).find({
      where: {
        ...(query.roomId === undefined ? {} : { roomId: query.roomId }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.after === undefined ? {} : { id: LessThan(query.after) }),
      },
      order: { id: 'DESC' },
      take: query.limit,
    });
  }

  /** The report, its row locked (a no-op write first, both engines) until the caller's transaction ends. */
  async lock(manager: EntityManager, id: number): Promise<ReportEntity | null> {
    await manager.query('UPDATE reports SET status = status WHERE id = ?', [id]);
    return manager.findOneBy(ReportEntity, { id });
  }

  async resolve(manager: EntityManager, id: number, by: string, at: Date): Promise<void> {
    await manager.update(ReportEntity, { id }, { status: 'resolved', resolvedBy: by, resolvedAt: at });
  }
}
