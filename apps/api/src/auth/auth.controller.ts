import { Body, Controller, HttpCode, Post, Req, Res, UseGuards, UsePipes } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthResult, SocketTicket, TokenPair } from '@parley/contracts';
import type { Request, Response } from 'express';
import { clientAddress } from '../common/client-address.js';
import { SessionUpkeep } from '../rate-limits/rate-limit.guard.js';
import { restValidationPipe } from '../common/rest-validation.pipe.js';
import type { Environment } from '../config/environment.js';
import { SignInRequiredException } from './auth.exceptions.js';
import { AuthService } from './auth.service.js';
import { BearerAuthGuard, CurrentPrincipal } from './bearer-auth.guard.js';
import { AuthResultDto, SocketTicketDto, TokenPairDto } from './dto/auth-result.dto.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto, RegisterDto } from './dto/credentials.dto.js';
import { RefreshDto } from './dto/refresh.dto.js';
import type { Principal } from './principal.js';
import { clearRefreshCookie, refreshCookieOf, setRefreshCookie } from './refresh-cookie.js';
import { SocketTickets } from './socket-tickets.js';

@ApiTags('auth')
@UsePipes(restValidationPipe)
@Controller('auth')
export class AuthController {
  private readonly refreshTtlSeconds: number;
  private readonly trustProxy: boolean;

  constructor(
    private readonly auth: AuthService,
    private readonly tickets: SocketTickets,
    config: ConfigService<Environment, true>,
  ) {
    this.refreshTtlSeconds = config.get('AUTH_REFRESH_TTL', { infer: true });
    this.trustProxy = config.get('TRUST_PROXY', { infer: true });
  }

  @Post('register')
  @HttpCode(201)
  @ApiCreatedResponse({ type: AuthResultDto })
  @ApiBadRequestResponse({ description: 'Invalid username or password' })
  @ApiConflictResponse({ description: 'The username is taken (compared case-insensitively)' })
  async register(
    @Body() body: RegisterDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuthResult> {
    return this.withCookie(request, response, await this.auth.register(body.username, body.password));
  }

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: AuthResultDto })
  @ApiUnauthorizedResponse({ description: 'Wrong username or password (one answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed sign-ins for this name or from this address' })
  async login(
    @Body() body: LoginDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<AuthResult> {
    const address = clientAddress(request, this.trustProxy);
    return this.withCookie(request, response, await this.auth.login(body.username, body.password, address));
  }

  @Post('refresh')
  @SessionUpkeep(true)
  @HttpCode(200)
  @ApiOkResponse({ type: TokenPairDto, description: 'The token presented is spent; a new pair replaces it' })
  @ApiUnauthorizedResponse({ description: 'Unknown, expired or spent (a spent one revokes its whole session)' })
  async refresh(
    @Body() body: RefreshDto,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<TokenPair> {
    const presented = body.refreshToken ?? refreshCookieOf(request);
    const pair = presented ? await this.auth.refresh(presented) : null;
    if (!pair) {
      clearRefreshCookie(request, response);
      throw new SignInRequiredException('The refresh token is not valid: sign in again');
    }
    return this.withCookie(request, response, pair);
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'The session is revoked: its tokens stop working, its sockets close (4401)' })
  @ApiUnauthorizedResponse()
  async logout(
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    await this.auth.logout(principal);
    clearRefreshCookie(request, response);
  }

  @Post('password')
  @HttpCode(204)
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Changed; every other session of the user is revoked' })
  @ApiBadRequestResponse({ description: 'The new password is not valid' })
  @ApiForbiddenResponse({ description: 'The current password is wrong' })
  @ApiUnauthorizedResponse()
  @ApiTooManyRequestsResponse({ description: 'Too many wrong passwords for this name from this address' })
  changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
    @Req() request: Request,
  ): Promise<void> {
    const address = clientAddress(request, this.trustProxy);
    return this.auth.changePassword(principal, body.currentPassword, body.newPassword, address);
  }

  @Post('ticket')
  @SessionUpkeep(true)
  @HttpCode(201)
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiCreatedResponse({ type: SocketTicketDto, description: 'Single-use, valid 60 s: /ws/<room>?ticket=<ticket>' })
  @ApiUnauthorizedResponse()
  ticket(@CurrentPrincipal() principal: Principal): Promise<SocketTicket> {
    return this.tickets.issue(principal);
  }

  private withCookie<T extends TokenPair>(request: Request, response: Response, pair: T): T {
    setRefreshCookie(request, response, pair.refreshToken, this.refreshTtlSeconds);
    return pair;
  }
}
