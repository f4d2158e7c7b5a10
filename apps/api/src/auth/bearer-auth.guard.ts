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

/** Lets a request through with a good access token of an active session; 401 otherwise. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = bearerToken(request);
    const principal = token ? await this.tokens.verify(token) : null;
    if (!principal || !(await this.sessions.isActive(principal.sessionId))) throw new SignInRequiredException();
    request.principal = principal;
    return true;
  }
}

/** The signed-in user of a route behind BearerAuthGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal!,
);
