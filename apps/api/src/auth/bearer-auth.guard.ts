import { createParamDecorator, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { AccessTokens } from './access-tokens.js';
import { SignInRequiredException } from './auth.exceptions.js';
import type { Principal } from './principal.js';
import { SessionsService } from './sessions.service.js';

type AuthenticatedRequest = IncomingMessage & { principal?: Principal };

/** The access token of `Authorization: Bearer <token>`, if the header has that form. */
export function bearerToken(request: IncomingMessage): string | null {
  const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
  return match ? match[1] : null;
}

/** The request's signed-in user: undefined without an Authorization header; 401 for a token that is not good. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
  ) {}

  async principalOf(request: IncomingMessage): Promise<Principal | undefined> {
    if (request.headers.authorization === undefined) return undefined;
    const token = bearerToken(request);
    const principal = token ? await this.tokens.verify(token) : null;
    if (!principal || !(await this.sessions.isActive(principal.sessionId))) throw new SignInRequiredException();
    return principal;
  }
}

/** Lets a request through with a good access token of an active session; 401 otherwise. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticator.principalOf(request);
    if (!request.principal) throw new SignInRequiredException();
    return true;
  }
}

/**
 * For routes open to everyone that answer differently to a signed-in user (a private room exists only for its
 * members): a request without a token goes through anonymous; a token that is not good still gets 401, so a client
 * knows to refresh it.
 */
@Injectable()
export class OptionalBearerAuthGuard implements CanActivate {
  constructor(private readonly authenticator: Authenticator) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.principal = await this.authenticator.principalOf(request);
    return true;
  }
}

/** The signed-in user of a route behind BearerAuthGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal!,
);

/** Who is asking on a route behind OptionalBearerAuthGuard: the signed-in user, or null for anyone else. */
export const Viewer = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | null =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal ?? null,
);
