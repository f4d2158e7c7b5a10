import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Notifications (notifications/): each membership's level (`notify`, null while the member never chose, so the default
 * of the room's kind applies), and the push subscriptions of each sign-in session (gone with the session).
 */
export class Notifications1765400000000 implements MigrationInterface {
  name = 'Notifications1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'memberships',
      new TableColumn({ name: 'notify', type: 'varchar', length: '8', isNullable: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'push_subscriptions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'endpoint_hash', type: 'varchar', length: '64' },
          { name: 'endpoint', type: 'text' },
          { name: 'p256dh', type: 'varchar', length: '128' },
          { name: 'auth', type: 'varchar', length: '64' },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'session_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          new TableIndex({ name: 'UQ_push_subscriptions_endpoint', columnNames: ['endpoint_hash'], isUnique: true }),
          new TableIndex({ name: 'IDX_push_subscriptions_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'IDX_push_subscriptions_session', columnNames: ['session_id'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_push_subscriptions_session',
            columnNames: ['session_id'],
            referencedTableName: 'sessions',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('push_subscriptions');
    await queryRunner.dropColumn('memberships', 'notify');
  }
}
