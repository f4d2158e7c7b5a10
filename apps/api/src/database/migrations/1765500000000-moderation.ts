import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Moderation (moderation/, admin/, audit/): server admins and deactivated accounts, whether a room takes guests, bans
 * and mutes per room, reports of messages, and the audit log. The earliest account of an existing installation
 * becomes its first admin, as the first account registered does on a new one.
 */
export class Moderation1765500000000 implements MigrationInterface {
  name = 'Moderation1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('users', [
      new TableColumn({ name: 'admin', type: 'boolean', default: 0 }),
      new TableColumn({ name: 'deactivated_at', type: 'datetime', precision: 3, isNullable: true }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'server_claims',
        columns: [
          { name: 'claim', type: 'varchar', length: '32', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'claimed_at', type: 'datetime', precision: 3 },
        ],
      }),
    );
    const [first] = (await queryRunner.query('SELECT id FROM users ORDER BY created_at, id LIMIT 1')) as Array<{
      id: string;
    }>;
    if (first) {
      await queryRunner.query('UPDATE users SET admin = ? WHERE id = ?', [true, first.id]);
      await queryRunner.query('INSERT INTO server_claims (claim, user_id, claimed_at) VALUES (?, ?, ?)', [
        'first_admin',
        first.id,
        new Date(),
      ]);
    }

    await queryRunner.addColumn('rooms', new TableColumn({ name: 'guests', type: 'boolean', default: 1 }));
    await queryRunner.query("UPDATE rooms SET guests = ? WHERE visibility <> 'public' OR kind <> 'room'", [false]);

    for (const name of ['room_bans', 'room_mutes']) {
      await queryRunner.createTable(
        new Table({
          name,
          columns: [
            { name: 'room_id', type: 'integer', isPrimary: true },
            { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
            ...(name === 'room_bans' ? [{ name: 'reason', type: 'varchar', length: '500', isNullable: true }] : []),
            { name: 'until', type: 'datetime', precision: 3, isNullable: name === 'room_bans' },
            { name: 'by_username', type: 'varchar', length: '32' },
            { name: 'created_at', type: 'datetime', precision: 3 },
          ],
        }),
      );
    }

    await queryRunner.createTable(
      new Table({
        name: 'reports',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'room_id', type: 'integer' },
          { name: 'message_id', type: 'varchar', length: '36' },
          { name: 'message_seq', type: 'integer' },
          { name: 'reporter_id', type: 'varchar', length: '36' },
          { name: 'reason', type: 'varchar', length: '500' },
          { name: 'status', type: 'varchar', length: '8' },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'resolved_by', type: 'varchar', length: '32', isNullable: true },
          { name: 'resolved_at', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [
          new TableIndex({
            name: 'UQ_reports_message_reporter',
            columnNames: ['message_id', 'reporter_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'IDX_reports_status', columnNames: ['status', 'id'] }),
          new TableIndex({ name: 'IDX_reports_room', columnNames: ['room_id', 'status', 'id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'at', type: 'datetime', precision: 3 },
          { name: 'actor', type: 'varchar', length: '32' },
          { name: 'action', type: 'varchar', length: '16' },
          { name: 'target', type: 'varchar', length: '64' },
          { name: 'room_id', type: 'integer', isNullable: true },
          { name: 'details', type: 'text' },
        ],
        indices: [new TableIndex({ name: 'IDX_audit_log_room', columnNames: ['room_id', 'id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'reports', 'room_mutes', 'room_bans', 'server_claims']) {
      await queryRunner.dropTable(table);
    }
    await queryRunner.dropColumn('rooms', 'guests');
    await queryRunner.dropColumns('users', ['deactivated_at', 'admin']);
  }
}
