import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Rooms gain a visibility and a kind (a DM is keyed by its two people, so it exists once); memberships hold each
 * member's role and read marker; messages record whom they mention, for unread-mention counts.
 */
export class PrivateRoomsAndMembers1764700000000 implements MigrationInterface {
  name = 'PrivateRoomsAndMembers1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('rooms', [
      new TableColumn({ name: 'visibility', type: 'varchar', length: '16', default: "'public'" }),
      new TableColumn({ name: 'kind', type: 'varchar', length: '16', default: "'room'" }),
      new TableColumn({ name: 'dm_key', type: 'varchar', length: '80', isNullable: true }),
    ]);
    await queryRunner.createIndex(
      'rooms',
      new TableIndex({ name: 'UQ_rooms_dm_key', columnNames: ['dm_key'], isUnique: true }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'memberships',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'read_seq', type: 'integer', default: 0 },
          { name: 'joined_at', type: 'datetime', precision: 3 },
        ],
        indices: [{ name: 'IDX_memberships_user_id', columnNames: ['user_id'] }],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_memberships_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
          new TableForeignKey({
            name: 'FK_memberships_user',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await queryRunner.addColumn(
      'messages',
      new TableColumn({ name: 'mentions', type: 'varchar', length: '1024', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('messages', 'mentions');
    await queryRunner.dropTable('memberships');
    await queryRunner.dropIndex('rooms', 'UQ_rooms_dm_key');
    await queryRunner.dropColumns('rooms', ['dm_key', 'kind', 'visibility']);
  }
}
