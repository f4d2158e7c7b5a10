import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { User } from '@parley/contracts';
import { BearerAuthGuard, CurrentPrincipal } from './bearer-auth.guard.js';
import { UserDto } from './dto/auth-result.dto.js';
import type { Principal } from './principal.js';
import { toUser } from '../users/users.service.js';

@ApiTags('auth')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('me')
export class MeController {
  @Get()
  @ApiOkResponse({ type: UserDto })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  me(@CurrentPrincipal() principal: Principal): User {
    return toUser({ id: principal.userId, username: principal.username });
  }
}
