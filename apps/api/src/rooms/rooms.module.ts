import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { MembersModule } from '../members/members.module.js';
import { RestrictionsModule } from '../moderation/restrictions.module.js';
import { UsersModule } from '../users/users.module.js';
import { DirectMessagesService } from './direct-messages.service.js';
import { DmsController } from './dms.controller.js';
import { MyRoomsController } from './my-rooms.controller.js';
import { RoomAccess } from './room-access.js';
import { RoomMembersController } from './room-members.controller.js';
import { RoomEntity } from './room.entity.js';
import { RoomsController } from './rooms.controller.js';
import { RoomsRepository } from './rooms.repository.js';
import { RoomsService } from './rooms.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([RoomEntity]), AuthModule, MembersModule, UsersModule, RestrictionsModule],
  controllers: [RoomsController, RoomMembersController, DmsController, MyRoomsController],
  providers: [RoomsRepository, RoomsService, RoomAccess, DirectMessagesService],
  exports: [RoomsService, RoomAccess, MembersModule],
})
export class RoomsModule {}
