import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ErrorCode } from '@parley/contracts';
import type { IncomingMessage } from 'node:http';
import { Authenticator } from '../auth/bearer-auth.guard.js';
import { SignInRequiredException } from '../auth/auth.exceptions.js';
import type { Principal } from '../auth/principal.js';
import { ApiErrorException } from '../common/api-error.exception.js';
import { UsersService } from '../users/users.service.js';

/**
 * Every `/api/admin/…` route: 401 without a good token, 403 FORBIDDEN for anyone who is not an active server admin
 * now (read per request, so a revoked grant or a deactivation holds at once).
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    private readonly authenticator: Authenticator,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<IncomingMessage & { principal?: Principal }>();
    request.principal = await this.authenticator.principalOf(request);
    if (!request.principal) throw new SignInRequiredException();
    if (!(await this.users.isActiveAdmin(request.principal.userId))) {
      throw new ApiErrorException(403, ErrorCode.Forbidden, 'Server admins only');
    }
    return true;
  }
}
