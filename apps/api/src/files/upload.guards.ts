import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { normalizeRoomSlug } from '@parley/contracts';
import type { Request } from 'express';
import type { Principal } from '../auth/principal.js';
import type { Environment } from '../config/environment.js';
import { RateLimit } from '../rate-limits/rate-limit.js';
import { RateLimitedException } from '../rate-limits/rate-limited.exception.js';
import type { RedisClients } from '../redis/redis-clients.js';
import { REDIS } from '../redis/redis.module.js';
import { RoomAccess } from '../rooms/room-access.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { RoomNotFoundException } from '../rooms/rooms.exceptions.js';

type UploaderRequest = Request & { principal?: Principal; uploadRoom?: RoomRef };

/** UPLOADS_PER_MIN per user, shared by the instances through Redis; past it 429 with Retry-After. After the Bearer guard. */
@Injectable()
export class UploadLimitGuard implements CanActivate {
  private readonly limit: RateLimit;

  constructor(config: ConfigService<Environment, true>, @Inject(REDIS) redis: RedisClients | null) {
    this.limit = new RateLimit('upload', config.get('UPLOADS_PER_MIN', { infer: true }), 60, redis);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<UploaderRequest>();
    const verdict = await this.limit.consume(`user:${request.principal!.userId}`);
    if (!verdict.allowed) throw new RateLimitedException('uploads', verdict.retryAfterSeconds);
    return true;
  }
}

/**
 * Whoever may post in the room may upload to it (RoomAccess.takingPart); anyone else gets the 404 of a room that does
 * not exist, and someone banned from a public room 403. Decided before a byte of the body is read.
 */
@Injectable()
export class UploadRoomGuard implements CanActivate {
  constructor(private readonly access: RoomAccess) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<UploaderRequest>();
    const slug = normalizeRoomSlug(String(request.params.slug));
    if (!slug) throw new RoomNotFoundException(String(request.params.slug));
    request.uploadRoom = (await this.access.takingPart(slug, request.principal!)).room;
    return true;
  }
}
