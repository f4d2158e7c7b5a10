import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress } from '../common/client-address.js';
import type { Environment } from '../config/environment.js';
import type { RateLimit } from './rate-limit.js';
import { RateLimits } from './rate-limits.js';
import { TooManyRequestsException } from './too-many-requests.exception.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Marks a route that creates a room, so it also counts toward the address's room-creation limit. */
export const CreatesRoom = Reflector.createDecorator<true>();

/** Global guard: every REST write counts toward its address's limit, and room creation toward its own. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly trustProxy: boolean;

  constructor(
    private readonly limits: RateLimits,
    private readonly reflector: Reflector,
    config: ConfigService<Environment, true>,
  ) {
    this.trustProxy = config.get('TRUST_PROXY', { infer: true });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<IncomingMessage>();
    if (!WRITE_METHODS.has(request.method ?? '')) return true;
    const response = context.switchToHttp().getResponse<ServerResponse>();
    const address = clientAddress(request, this.trustProxy);
    await this.enforce(this.limits.restWrites, 'requests', address, response);
    if (this.reflector.get(CreatesRoom, context.getHandler())) {
      await this.enforce(this.limits.roomCreation, 'new rooms', address, response);
    }
    return true;
  }

  private async enforce(limit: RateLimit, what: string, address: string, response: ServerResponse): Promise<void> {
    const verdict = await limit.consume(address);
    if (verdict.allowed) return;
    response.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new TooManyRequestsException(what, verdict.retryAfterSeconds);
  }
}
