import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Environment } from '../config/environment.js';
import { UsersModule } from '../users/users.module.js';
import { AccessTokens } from './access-tokens.js';
import { AuthController } from './auth.controller.js';
import { resolveAuthSecret } from './auth-secret.js';
import { AuthService } from './auth.service.js';
import { Authenticator, BearerAuthGuard, OptionalBearerAuthGuard } from './bearer-auth.guard.js';
import { LoginThrottle } from './login-throttle.js';
import { MeController } from './me.controller.js';
import { PasswordHasher } from './password-hasher.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { RefreshTokens } from './refresh-tokens.js';
import { SessionEntity } from './session.entity.js';
import { SessionsRepository } from './sessions.repository.js';
import { SessionsService } from './sessions.service.js';
import { SocketTickets } from './socket-tickets.js';

/** Accounts: sign-up and sign-in, sessions and their tokens, socket tickets. */
@Module({
  imports: [
    UsersModule,
    TypeOrmModule.forFeature([SessionEntity, RefreshTokenEntity]),
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => ({
        secret: authSecretOf(config),
        signOptions: { algorithm: 'HS256' },
      }),
    }),
  ],
  controllers: [AuthController, MeController],
  providers: [
    AccessTokens,
    AuthService,
    Authenticator,
    BearerAuthGuard,
    OptionalBearerAuthGuard,
    LoginThrottle,
    PasswordHasher,
    {
      provide: RefreshTokens,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => new RefreshTokens(authSecretOf(config)),
    },
    SessionsRepository,
    SessionsService,
    SocketTickets,
  ],
  exports: [
    AccessTokens,
    Authenticator,
    BearerAuthGuard,
    OptionalBearerAuthGuard,
    SessionsService,
    SocketTickets,
    UsersModule,
  ],
})
export class AuthModule {}

function authSecretOf(config: ConfigService<Environment, true>): string {
  return resolveAuthSecret(
    config.get('AUTH_SECRET', { infer: true }),
    config.get('NODE_ENV', { infer: true }) === 'production',
  );
}
