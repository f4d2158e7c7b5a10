import { Table, TableColumn, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Files in messages (files/): `attachments` holds each upload, its uploader and room, and the message that claimed it;
 * a message keeps what its readers see of its files in `messages.attachments` (JSON, like its reactions), so every
 * read of messages has them without a join.
 */
export class Attachments1765300000000 implements MigrationInterface {
  name = 'Attachments1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'attachments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'room_id', type: 'integer' },
          { name: 'uploader_id', type: 'varchar', length: '36' },
          { name: 'message_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'name', type: 'varchar', length: '255' },
          { name: 'size', type: 'integer' },
          { name: 'content_type', type: 'varchar', length: '127' },
          { name: 'width', type: 'integer', isNullable: true },
          { name: 'height', type: 'integer', isNullable: true },
          { name: 'thumbnail_size', type: 'integer', isNullable: true },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'created_at', type: 'datetime', precision: 3 },
          { name: 'erased_at', type: 'datetime', precision: 3, isNullable: true },
        ],
        indices: [
          new TableIndex({ name: 'IDX_attachments_unclaimed', columnNames: ['message_id', 'created_at'] }),
          new TableIndex({ name: 'IDX_attachments_erased', columnNames: ['erased_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_attachments_room',
            columnNames: ['room_id'],
            referencedTableName: 'rooms',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
            onUpdate: 'NO ACTION',
          }),
        ],
      }),
    );
    await queryRunner.addColumn('messages', new TableColumn({ name: 'attachments', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('messages', 'attachments');
    await queryRunner.dropTable('attachments');
  }
}
