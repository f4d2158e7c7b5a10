import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Sessions number their refresh tokens (RefreshTokens): the session row holds the current generation, and no row is
 * kept per token any more. The rows of tokens issued before stay until each session moves on or ends.
 */
export class RefreshGenerations1765100000000 implements MigrationInterface {
  name = 'RefreshGenerations1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'sessions',
      new TableColumn({ name: 'refresh_generation', type: 'integer', default: 0 }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('sessions', 'refresh_generation');
  }
}
