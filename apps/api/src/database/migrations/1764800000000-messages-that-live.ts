import { Table, TableColumn, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Messages can change: their current state (version, edit time, deletion, the quoted message, reactions) lives on the
 * row; every change takes a seq of the room's log (message_events); earlier versions of edited text are kept in
 * message_edits until the message is deleted.
 */
export class MessagesThatLive1764800000000 implements MigrationInterface {
  name = 'MessagesThatLive1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('messages', [
      new TableColumn({ name: 'version', type: 'integer', default: 0 }),
      new TableColumn({ name: 'edited_at', type: 'datetime', precision: 3, isNullable: true }),
      new TableColumn({ name: 'deleted', type: 'boolean', default: 0 }),
      new TableColumn({ name: 'reply_to_id', type: 'varchar', length: '36', isNullable: true }),
      new TableColumn({ name: 'reply_to_seq', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'reply_to_username', type: 'varchar', length: '32', isNullable: true }),
      new TableColumn({ name: 'reactions', type: 'text', isNullable: true }),
    ]);
    await queryRunner.query('UPDATE messages SET version = seq');
    const toMessage = new TableForeignKey({
      columnNames: ['room_id', 'message_seq'],
      referencedTableName: 'messages',
      referencedColumnNames: ['room_id', 'seq'],
      onDelete: 'CASCADE',
      onUpdate: 'NO ACTION',
    });
    await queryRunner.createTable(
      new Table({
        name: 'message_events',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'message_seq', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '16' },
          { name: 'client_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'sender_key', type: 'varchar', length: '80', isNullable: true },
          { name: 'created_at', type: 'datetime', precision: 3 },
        ],
        indices: [
          {
            name: 'UQ_message_events_room_client_id_sender',
            columnNames: ['room_id', 'client_id', 'sender_key'],
            isUnique: true,
          },
          { name: 'IDX_message_events_message', columnNames: ['room_id', 'message_seq'] },
        ],
        foreignKeys: [new TableForeignKey({ ...toMessage, name: 'FK_message_events_message' })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'message_edits',
        columns: [
          { name: 'room_id', type: 'integer', isPrimary: true },
          { name: 'message_seq', type: 'integer', isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'content', type: 'text' },
          { name: 'written_at', type: 'datetime', precision: 3, isNullable: true },
        ],
        foreignKeys: [new TableForeignKey({ ...toMessage, name: 'FK_message_edits_message' })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('message_edits');
    await queryRunner.dropTable('message_events');
    await queryRunner.dropColumns('messages', [
      'reactions',
      'reply_to_username',
      'reply_to_seq',
      'reply_to_id',
      'deleted',
      'edited_at',
      'version',
    ]);
  }
}
