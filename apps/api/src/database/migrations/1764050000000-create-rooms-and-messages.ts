import { Table, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Written with TypeORM's schema builder rather than SQL, so the one migration serves MySQL and SQLite alike. */
export class CreateRoomsAndMessages1764050000000 implements MigrationInterface {
  name = 'CreateRoomsAndMessages1764050000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rooms',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'slug', type: 'varchar', length: '64' },
          { name: 'name', type: 'varchar', length: '100' },
          { name: 'last_seq', type: 'integer', default: 0 },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'last_message_at', type: 'datetime', precision: 3, isNullable: true },
          { name: 'last_activity_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'UQ_rooms_slug', columnNames: ['slug'], isUnique: true },
          { name: 'IDX_rooms_last_activity_at', columnNames: ['last_activity_at'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'messages',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'id', type: 'varchar', length: '36' },
          { name: 'username', type: 'varchar', length: '32' },
          { name: 'content', type: 'text' },
          { name: 'client_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          { name: 'UQ_messages_id', columnNames: ['id'], isUnique: true },
          {
            name: 'UQ_messages_room_client_id_sender',
            columnNames: ['room_id', 'client_id', 'username'],
            isUnique: true,
          },
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_messages_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('messages');
    await queryRunner.dropTable('rooms');
  }
}
