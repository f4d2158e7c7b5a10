import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { plainExcerpt, type ChatMessage, type NotifiedRoom, type PushPayload } from '@parley/contracts';
import { backOff } from 'exponential-backoff';
import webpush from 'web-push';
import { inBackground } from '../common/background.js';
import type { Environment } from '../config/environment.js';
import { MessagesRepository } from '../messages/messages.repository.js';
import type { RoomRef } from '../rooms/room-ref.js';
import { PushSubscriptionsRepository } from './push-subscriptions.repository.js';
import { VapidKeysHolder } from './vapid-keys.holder.js';

/** Where a push goes: one browser's subscription. */
export interface PushTarget {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** A room's notifying messages waiting for the subscription's next push: the newest kept, the earlier counted. */
interface Pending {
  room: RoomRef;
  messageIds: string[];
  earlier: number;
}

/** The newest messages of a pending push read again before it goes (to leave out deleted ones). */
const KEPT_PER_PUSH = 50;

/** One subscription's queue: a push at a time, no closer together than the rate allows. */
interface Lane {
  target: PushTarget;
  pending: Map<string, Pending>;
  timer: NodeJS.Timeout | null;
  /** When the next push may go. */
  nextAt: number;
}

/** Messages arriving this close together go as one push (the newest, with `more`). */
const COALESCE_MS = 1_000;
/** How long a push service keeps an undelivered push: an hour-old chat notification is still worth showing. */
const TTL_SECONDS = 3_600;
const REQUEST_TIMEOUT_MS = 10_000;
/** After these, a push that still fails is dropped (the room's unread count still tells). */
const ATTEMPTS = 4;

/** The push service answered: whether to try again. */
class PushRefused extends Error {
  constructor(readonly status: number) {
    super(`The push service answered ${status}`);
  }
}

/**
 * Sends Web Push (RFC 8030), encrypted (RFC 8291, aes128gcm) and signed (VAPID, RFC 8292) by web-push, over fetch (so
 * an http: endpoint works in tests). Per subscription: at most PUSH_PER_MIN pushes a minute, one at a time; messages
 * of one room arriving meanwhile go as one push. Just before sending, the messages are read again: a deleted one is
 * not announced. A 404 or 410 deletes the subscription; other failures are retried with backoff, in the background.
 */
@Injectable()
export class PushSender implements OnApplicationShutdown {
  private readonly logger = new Logger(PushSender.name);
  private readonly lanes = new Map<string, Lane>();
  private readonly intervalMs: number;
  private closed = false;

  constructor(
    config: ConfigService<Environment, true>,
    private readonly vapid: VapidKeysHolder,
    private readonly subscriptions: PushSubscriptionsRepository,
    private readonly messages: MessagesRepository,
  ) {
    this.intervalMs = 60_000 / config.get('PUSH_PER_MIN', { infer: true });
  }

  enqueue(target: PushTarget, room: RoomRef, message: ChatMessage): void {
    if (this.closed) return;
    let lane = this.lanes.get(target.id);
    if (!lane) this.lanes.set(target.id, (lane = { target, pending: new Map(), timer: null, nextAt: 0 }));
    const pending = lane.pending.get(room.slug);
    if (!pending) lane.pending.set(room.slug, { room, messageIds: [message.id], earlier: 0 });
    else if (pending.messageIds.push(message.id) > KEPT_PER_PUSH) {
      pending.messageIds.shift();
      pending.earlier += 1;
    }
    if (!lane.timer) this.schedule(lane, Math.max(Date.now() + COALESCE_MS, lane.nextAt));
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) if (lane.timer) clearTimeout(lane.timer);
    this.lanes.clear();
  }

  private schedule(lane: Lane, at: number): void {
    lane.timer = setTimeout(() => this.fire(lane), Math.max(0, at - Date.now()));
    lane.timer.unref();
  }

  private fire(lane: Lane): void {
    lane.timer = null;
    const [slug, pending] = lane.pending.entries().next().value ?? [];
    if (!slug || !pending) {
      this.lanes.delete(lane.target.id);
      return;
    }
    lane.pending.delete(slug);
    lane.nextAt = Date.now() + this.intervalMs;
    inBackground(this.announce(lane.target, pending), this.logger, `A push to ${lane.target.id}`);
    this.schedule(lane, lane.nextAt);
  }

  private async announce(target: PushTarget, pending: Pending): Promise<void> {
    const live = (await this.messages.findByIds(pending.room.id, pending.messageIds)).filter((row) => !row.deleted);
    if (live.length === 0) return;
    const newest = live.reduce((latest, row) => (row.seq > latest.seq ? row : latest));
    const payload: PushPayload = {
      room: { slug: pending.room.slug, name: pending.room.name, kind: pending.room.kind } satisfies NotifiedRoom,
      messageId: newest.id,
      seq: newest.seq,
      from: newest.username,
      body: plainExcerpt(newest.content),
      ...(live.length + pending.earlier > 1 ? { more: live.length - 1 + pending.earlier } : {}),
    };
    try {
      await backOff(() => this.send(target, payload), {
        numOfAttempts: ATTEMPTS,
        startingDelay: 1_000,
        timeMultiple: 4,
        jitter: 'full',
        retry: (error: unknown) => !this.closed && !(error instanceof PushRefused && isFinal(error.status)),
      });
    } catch (error) {
      if (error instanceof PushRefused && (error.status === 404 || error.status === 410)) {
        await this.subscriptions.remove(target.id);
        return;
      }
      this.logger.warn(`A push was dropped after ${ATTEMPTS} attempts: ${(error as Error).message}`);
    }
  }

  private async send(target: PushTarget, payload: PushPayload): Promise<void> {
    const keys = this.vapid.keys!;
    const request = webpush.generateRequestDetails(
      { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
      JSON.stringify(payload),
      { vapidDetails: keys, TTL: TTL_SECONDS, contentEncoding: 'aes128gcm' },
    );
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers: request.headers as Record<string, string>,
      body: request.body as Buffer,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new PushRefused(response.status);
  }
}

/** Answers that trying again will not change: the subscription is gone, or the push is malformed or refused. */
function isFinal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}
