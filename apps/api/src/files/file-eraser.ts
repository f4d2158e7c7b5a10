import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { ChatMessage } from '@parley/contracts';
import { inBackground } from '../common/background.js';
import { OnDomainEvent } from '../events/domain-events.js';
import { AttachmentsRepository } from './attachments.repository.js';
import type { AttachmentEntity } from './attachment.entity.js';
import { fileKey, FileStore } from './file-store.js';

/** An upload no message used within this long is erased. */
export const UNCLAIMED_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** How often the sweep runs; also how late, at worst, a deleted message's bytes go if this process stopped mid-way. */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

const SWEEP_BATCH = 500;

/**
 * Takes files' bytes out of the store. A deleted message's files are erased right after the delete commits (their
 * rows were marked in its transaction, so they already answer 404); a sweep every ten minutes erases what that missed
 * (a process that stopped in between, a store that failed) and the uploads no message used within a day.
 */
@Injectable()
export class FileEraser implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(FileEraser.name);
  private timer?: NodeJS.Timeout;
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly attachments: AttachmentsRepository,
    private readonly store: FileStore,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => inBackground(this.sweep(), this.logger, 'Erasing files'), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  @OnDomainEvent('message.changed')
  async onMessageChanged({ message }: { message: ChatMessage }): Promise<void> {
    if (!message.deleted) return;
    for (const row of await this.attachments.erasedOf(message.id)) await this.erase(row);
  }

  /** One pass over what should go; overlapping calls share it. */
  sweep(now = new Date()): Promise<void> {
    this.sweeping ??= this.sweepOnce(now).finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(now: Date): Promise<void> {
    try {
      const unclaimedBefore = new Date(now.getTime() - UNCLAIMED_LIFETIME_MS);
      for (const row of await this.attachments.erasable(unclaimedBefore, SWEEP_BATCH)) await this.erase(row);
    } catch (error) {
      this.logger.warn(`Erasing files failed; the next sweep tries again: ${(error as Error).message}`);
    }
  }

  /** An erased file: bytes, then row. An unclaimed one: row first, and bytes only if no message took it meanwhile. */
  private async erase(row: AttachmentEntity): Promise<void> {
    const keys = [fileKey(row.id, 'original'), ...(row.thumbnailSize === null ? [] : [fileKey(row.id, 'thumbnail')])];
    if (row.erasedAt) {
      await this.store.delete(keys);
      await this.attachments.removeErased(row.id);
    } else if (await this.attachments.removeUnclaimed(row.id)) {
      await this.store.delete(keys);
    }
  }
}
