import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { MyRoom } from '@parley/contracts';
import { BearerAuthGuard, CurrentPrincipal } from '../auth/bearer-auth.guard.js';
import type { Principal } from '../auth/principal.js';
import { MembersService } from '../members/members.service.js';
import { MyRoomDto } from './dto/room-summary.dto.js';
import { toMyRoom } from './room-summary.js';

@ApiTags('rooms')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('me/rooms')
export class MyRoomsController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @ApiOkResponse({
    type: [MyRoomDto],
    description: 'Every room of yours (public, private, DMs), most recently active first',
  })
  @ApiUnauthorizedResponse()
  async list(@CurrentPrincipal() principal: Principal): Promise<MyRoom[]> {
    return (await this.members.myRooms(principal.userId, principal.username)).map(toMyRoom);
  }
}
