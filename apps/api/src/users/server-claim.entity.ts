import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Something only one account may ever be, claimed once by inserting its row: `first_admin`. */
@Entity('server_claims')
export class ServerClaimEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  claim: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'claimed_at', type: 'datetime', precision: 3 })
  claimedAt: Date;
}
