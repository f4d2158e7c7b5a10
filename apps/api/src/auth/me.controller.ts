import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { User } from '@parley/contracts';
import { BearerAuthGuard, CurrentPrincipal } from './bearer-auth.guard.js';
import { UserDto } from './dto/auth-result.dto.js';
import type { Principal } from './principal.js';
import { toUser, UsersService } from '../users/users.service.js';
import { SignInRequiredException } from './auth.exceptions.js';

@ApiTags('auth')
@ApiBearerAuth()
@UseGuards(BearerAuthGuard)
@Controller('me')
export class MeController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOkResponse({ type: UserDto })
  @ApiUnauthorizedResponse({ description: 'No valid access token' })
  async me(@CurrentPrincipal() principal: Principal): Promise<User> {
    const user = await this.users.findById(principal.userId);
    if (!user) throw new SignInRequiredException();
    return toUser(user);
  }
}
