import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../common/client-address.js';
import type { Environment } from '../config/environment.js';
import type { RateLimit } from './rate-limit.js';
import { RateLimits } from './rate-limits.js';
import { RateLimitedException } from './rate-limited.exception.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Marks a route that creates a room, so it also counts toward the address's room-creation limit. */
export const CreatesRoom = Reflector.createDecorator<true>();

/**
 * Marks session upkeep (a refresh, a socket ticket) as no REST write: every reconnect of every tab asks for a ticket,
 * and a restart would otherwise have a whole office behind one address refused at once.
 */
export const SessionUpkeep = Reflector.createDecorator<true>();

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
    if (!WRITE_METHODS.has(request.method ?? '') || this.reflector.get(SessionUpkeep, context.getHandler()))
      return true;
    const address = clientAddress(request, this.trustProxy);
    await enforce(this.limits.restWrites, 'requests', address);
    if (this.reflector.get(CreatesRoom, context.getHandler()))
      await enforce(this.limits.roomCreation, 'new rooms', address);
    return true;
  }
}

async function enforce(limit: RateLimit, what: string, address: string): Promise<void> {
  const verdict = await limit.consume(address);
  if (!verdict.allowed) throw new RateLimitedException(what, verdict.retryAfterSeconds);
}
