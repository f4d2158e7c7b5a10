import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { RestrictionsModule } from '../moderation/restrictions.module.js';
import { UsersModule } from '../users/users.module.js';
import { MembershipEntity } from './membership.entity.js';
import { MembersRepository } from './members.repository.js';
import { MembersService } from './members.service.js';

/** Memberships: who belongs to which room, their role and read marker. The REST routes live with the rooms. */
@Module({
  imports: [TypeOrmModule.forFeature([MembershipEntity]), UsersModule, RestrictionsModule, AuditModule],
  providers: [MembersRepository, MembersService],
  exports: [MembersService, MembersRepository],
})
export class MembersModule {}
