import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('users')
export class UserEntity {
  /** UUIDv7. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Lower-case and unique, so usernames compare case-insensitively. */
  @Index('UQ_users_username', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  username: string;

  /** argon2id, in the PHC string format (the parameters travel with the hash, so they can be raised later). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;

  /** A server admin (the first account registered, ADMIN_USERNAMES, or granted by an admin). */
  @Column({ type: 'boolean', default: false })
  admin: boolean;

  /** When an admin deactivated the account: signed out everywhere and refused at sign-in. Null while active. */
  @Column({ name: 'deactivated_at', type: 'datetime', precision: 3, nullable: true })
  deactivatedAt: Date | null;
}
