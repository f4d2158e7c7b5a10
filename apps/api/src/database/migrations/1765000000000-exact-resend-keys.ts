import { createHash } from 'node:crypto';
import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Resends are recognised by a key that compares exactly: the first 128 bits of the SHA-256, in hex, of the sender's
 * identity (`user:<id>` or
 * `guest:<exact name>`) and their clientId. The unique indexes on (room, client id, sender) compared the way the
 * column's collation does (case-insensitively on MySQL), so `k` and `K`, or `bob` and `BOB`, collided there while the
 * code told them apart. Existing rows get their key computed as the code computes it.
 */
export class ExactResendKeys1765000000000 implements MigrationInterface {
  name = 'ExactResendKeys1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const resendKey = () => new TableColumn({ name: 'resend_key', type: 'varchar', length: '32', isNullable: true });
    await queryRunner.addColumn('messages', resendKey());
    await queryRunner.addColumn('message_events', resendKey());
    if (queryRunner.connection.options.type === 'better-sqlite3') await fillKeysInApp(queryRunner);
    else await fillKeysInSql(queryRunner);
    await queryRunner.dropIndex('messages', 'UQ_messages_room_client_id_sender');
    await queryRunner.createIndex(
      'messages',
      new TableIndex({ name: 'UQ_messages_room_resend_key', columnNames: ['room_id', 'resend_key'], isUnique: true }),
    );
    await queryRunner.dropIndex('message_events', 'UQ_message_events_room_client_id_sender');
    await queryRunner.dropColumn('message_events', 'client_id');
    await queryRunner.createIndex(
      'message_events',
      new TableIndex({
        name: 'UQ_message_events_room_resend_key',
        columnNames: ['room_id', 'resend_key'],
        isUnique: true,
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('message_events', 'UQ_message_events_room_resend_key');
    await queryRunner.addColumn(
      'message_events',
      new TableColumn({ name: 'client_id', type: 'varchar', length: '64', isNullable: true }),
    );
    await queryRunner.dropColumn('message_events', 'resend_key');
    await queryRunner.createIndex(
      'message_events',
      new TableIndex({
        name: 'UQ_message_events_room_client_id_sender',
        columnNames: ['room_id', 'client_id', 'sender_key'],
        isUnique: true,
      }),
    );
    await queryRunner.dropIndex('messages', 'UQ_messages_room_resend_key');
    await queryRunner.dropColumn('messages', 'resend_key');
    await queryRunner.createIndex(
      'messages',
      new TableIndex({
        name: 'UQ_messages_room_client_id_sender',
        columnNames: ['room_id', 'client_id', 'username'],
        isUnique: true,
      }),
    );
  }
}

/** MySQL hashes the same UTF-8 bytes the app does (`storedResendKey`). */
async function fillKeysInSql(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(
    `UPDATE messages SET resend_key = LEFT(SHA2(CONCAT(IF(user_id IS NULL, CONCAT('guest:', username),
       CONCAT('user:', user_id)), CHAR(0 USING utf8mb4), client_id), 256), 32) WHERE client_id IS NOT NULL`,
  );
  await queryRunner.query(
    `UPDATE message_events SET resend_key = LEFT(SHA2(CONCAT(sender_key, CHAR(0 USING utf8mb4), client_id), 256), 32)
     WHERE client_id IS NOT NULL AND sender_key IS NOT NULL`,
  );
}

/** SQLite has no SHA-256: the keys are computed here, in the migration's transaction. */
async function fillKeysInApp(queryRunner: QueryRunner): Promise<void> {
  const messages = (await queryRunner.query(
    'SELECT room_id AS roomId, seq, user_id AS userId, username, client_id AS clientId FROM messages WHERE client_id IS NOT NULL',
  )) as Array<{ roomId: number; seq: number; userId: string | null; username: string; clientId: string }>;
  for (const row of messages) {
    const sender = row.userId === null ? `guest:${row.username}` : `user:${row.userId}`;
    await queryRunner.query('UPDATE messages SET resend_key = ? WHERE room_id = ? AND seq = ?', [
      sha256(sender, row.clientId),
      row.roomId,
      row.seq,
    ]);
  }
  const events = (await queryRunner.query(
    `SELECT room_id AS roomId, seq, sender_key AS senderKey, client_id AS clientId FROM message_events
     WHERE client_id IS NOT NULL AND sender_key IS NOT NULL`,
  )) as Array<{ roomId: number; seq: number; senderKey: string; clientId: string }>;
  for (const row of events) {
    await queryRunner.query('UPDATE message_events SET resend_key = ? WHERE room_id = ? AND seq = ?', [
      sha256(row.senderKey, row.clientId),
      row.roomId,
      row.seq,
    ]);
  }
}

function sha256(sender: string, clientId: string): string {
  return createHash('sha256').update(`${sender}\u0000${clientId}`).digest('hex').slice(0, 32);
}
