import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, LessThan, Not, type EntityManager } from 'typeorm';
import { AttachmentEntity } from './attachment.entity.js';

/** The queries on `attachments`. */
@Injectable()
export class AttachmentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(AttachmentEntity);
  }

  async insert(row: AttachmentEntity): Promise<void> {
    await this.rows.insert(row);
  }

  /** The rows of these ids that are not erased, in any order. */
  byIds(ids: readonly string[]): Promise<AttachmentEntity[]> {
    return this.rows.findBy({ id: In([...ids]), erasedAt: IsNull() });
  }

  /** One file that is not erased, or null. */
  find(id: string): Promise<AttachmentEntity | null> {
    return this.rows.findOneBy({ id, erasedAt: IsNull() });
  }

  /**
   * In the message's transaction: gives the files to the message, all or none. Only the uploader's unclaimed files
   * of the message's room qualify, and of two messages racing for a file the second finds it claimed.
   */
  async claim(
    manager: EntityManager,
    ids: readonly string[],
    message: { id: string; roomId: number; userId: string | null },
  ): Promise<boolean> {
    if (message.userId === null) return false;
    const result = await manager
      .createQueryBuilder()
      .update(AttachmentEntity)
      .set({ messageId: message.id })
      .where({
        id: In([...ids]),
        roomId: message.roomId,
        uploaderId: message.userId,
        messageId: IsNull(),
        erasedAt: IsNull(),
      })
      .execute();
    return result.affected === ids.length;
  }

  /** In the delete's transaction: the message's files answer 404 from its commit on. */
  async markErased(manager: EntityManager, messageId: string, now: Date): Promise<void> {
    await manager.update(AttachmentEntity, { messageId, erasedAt: IsNull() }, { erasedAt: now });
  }

  /** Files whose bytes should go: erased ones, and uploads no message claimed since `unclaimedBefore`. */
  erasable(unclaimedBefore: Date, limit: number): Promise<AttachmentEntity[]> {
    return this.rows.find({
      where: [{ erasedAt: Not(IsNull()) }, { messageId: IsNull(), createdAt: LessThan(unclaimedBefore) }],
      take: limit,
    });
  }

  /** Marked erased, of one message. */
  erasedOf(messageId: string): Promise<AttachmentEntity[]> {
    return this.rows.findBy({ messageId, erasedAt: Not(IsNull()) });
  }

  /** An erased file's row, once its bytes are gone. */
  async removeErased(id: string): Promise<void> {
    await this.rows.delete({ id, erasedAt: Not(IsNull()) });
  }

  /**
   * An unclaimed upload's row, before its bytes go: false when a message claimed it meanwhile (it then stays).
   */
  async removeUnclaimed(id: string): Promise<boolean> {
    const result = await this.rows.delete({ id, messageId: IsNull() });
    return (result.affected ?? 0) > 0;
  }
}
