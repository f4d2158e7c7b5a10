import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { inBackground } from '../common/background.js';

/**
 * InnoDB keeps the words of a deleted or edited message in its FULLTEXT index (hidden from results) until the table
 * is rebuilt. After changes, this rebuilds `message_search` (OPTIMIZE TABLE, online: writes go on) at most once per
 * interval, on one instance at a time (a named lock), so erased words leave the index within the interval.
 */
export class MysqlSearchPurge {
  private readonly logger = new Logger(MysqlSearchPurge.name);
  private readonly timer: NodeJS.Timeout | null;
  private changed = false;

  constructor(
    private readonly dataSource: DataSource,
    intervalSeconds: number,
  ) {
    this.timer =
      intervalSeconds > 0
        ? setInterval(() => {
            if (this.changed) inBackground(this.purge(), this.logger, 'Purging erased words from the search index');
          }, intervalSeconds * 1000).unref()
        : null;
  }

  /** A message was deleted or edited: its old words are due to leave the index. */
  due(): void {
    this.changed = true;
  }

  async purge(): Promise<void> {
    this.changed = false;
    const runner = this.dataSource.createQueryRunner();
    try {
      const [{ locked }] = (await runner.query("SELECT GET_LOCK('parley_search_purge', 0) AS locked")) as Array<{
        locked: number | string | null;
      }>;
      if (Number(locked) !== 1) return;
      try {
        await runner.query('OPTIMIZE TABLE message_search');
      } finally {
        await runner.query("SELECT RELEASE_LOCK('parley_search_purge')");
      }
    } finally {
      await runner.release();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
