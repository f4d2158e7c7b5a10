import { Injectable, Logger } from '@nestjs/common';
import { CloseCode, type HistoryData } from '@parley/contracts';
import type { WebSocket } from 'ws';
import { MessagesService, type HistoryPage } from '../../messages/messages.service.js';
import { MuteBook } from '../../moderation/mute-book.js';
import type { RoomRef } from '../../rooms/room-ref.js';
import { RoomsService } from '../../rooms/rooms.service.js';
import type { ClientSession } from '../state/client-session.js';
import { encodeFrame, type EncodedFrame } from '../state/encoded-frame.js';
import { SessionFactory } from '../state/session-factory.js';
import { AccessVerifier } from './admission/access-verifier.js';
import type { JoinRequest } from './join-request.js';
import { MemberContext } from './member-context.js';
import { PresenceService } from './presence.service.js';
import { RoomRelay } from './room-relay.js';
import { TypingService } from './typing.service.js';

/** What a member's history adds: their read marker and the room's receipts. */
type MemberFields = Pick<HistoryData, 'readSeq' | 'receipts'>;

/**
 * A connection's way into a room and out of it. Joining is: open the room, register for live events, read the history
 * (and, for a member, their marker and the room's receipts) and the room's mutes, check that its rights still hold,
 * then send history, presence, `muted` when they are, and the join notice, and go live. The registration comes before
 * the read, so whatever is stored in between is held, not missed; the check comes after every await, so a revocation
 * that landed at any moment since the upgrade read the rights is found.
 */
@Injectable()
export class JoinService {
  private readonly logger = new Logger(JoinService.name);
  /** Sessions holding a watch on their room, which their leave releases. */
  private readonly watching = new WeakSet<ClientSession>();
  /** A shared history read's frame for joiners with no member fields, while the read is referenced. */
  private readonly sharedHistoryFrames = new WeakMap<HistoryPage, EncodedFrame>();

  constructor(
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly relay: RoomRelay,
    private readonly presence: PresenceService,
    private readonly sessions: SessionFactory,
    private readonly memberContext: MemberContext,
    private readonly typing: TypingService,
    private readonly verifier: AccessVerifier,
    private readonly mutes: MuteBook,
  ) {}

  /** Resolves to the live session, or to null when the socket closed or could not join (it is then closed). */
  async join(socket: WebSocket, request: JoinRequest): Promise<ClientSession | null> {
    let session: ClientSession | undefined;
    try {
      const room = await this.rooms.open(request.room);
      if (socket.readyState !== socket.OPEN) return null;
      session = this.sessions.create(socket, room, request.identity, request.grantAt);
      await this.relay.watch(room);
      this.watching.add(session);
      const join = await this.presence.arrive(session);
      const member = await this.memberContext.enter(room, request.identity);
      const [history] = await Promise.all([this.messages.history(room, request.since), this.mutes.load(room.id)]);
      const presence = await this.presence.joinerSnapshot(room.slug);
      // Rights revoked while it joined (removed, signed out, its name registered) end it here, before it sees anything.
      if (socket.readyState !== socket.OPEN || !(await this.verifier.stillHolds(session, room.id))) {
        await this.leave(session, { announced: join === null });
        return null;
      }
      session.replyEncoded(this.historyFrame(room, history, member));
      session.replyEncoded(presence);
      const mutedUntil = this.mutes.mutedUntil(room.id, request.identity.userId);
      if (mutedUntil !== null) session.reply({ event: 'muted', data: { until: new Date(mutedUntil).toISOString() } });
      if (join) {
        session.reply({ event: 'system', data: join });
        this.presence.announceJoin(room.slug, join);
      }
      session.goLive(history.lastSeq);
      return session;
    } catch (error) {
      this.logger.warn(`Join of ${request.room} failed: ${(error as Error).message}`);
      if (session) await this.leave(session);
      socket.close(CloseCode.InternalError, 'Could not join the room, try again');
      return null;
    }
  }

  /**
   * The `history` frame. Joiners of one turn without `since` share one read of the history (MessagesService); those
   * with nothing of their own in it (guests, non-members) share its encoding too: a storm of guests encodes the page
   * once, not once each.
   */
  private historyFrame(room: RoomRef, history: HistoryPage, member: MemberFields): EncodedFrame {
    const shareable = member.readSeq === undefined && member.receipts === undefined;
    const shared = shareable ? this.sharedHistoryFrames.get(history) : undefined;
    if (shared) return shared;
    const frame = encodeFrame({
      event: 'history',
      data: {
        room: { slug: room.slug, name: room.name },
        messages: history.messages,
        updates: history.updates,
        lastSeq: history.lastSeq,
        hasMore: history.hasMore,
        ...member,
      },
    });
    if (shareable) this.sharedHistoryFrames.set(history, frame);
    return frame;
  }

  /**
   * Safe to call more than once for a session: only the first call has an effect. `announced: false` for a join that
   * ended before its arrival was told: nobody is told it left either.
   */
  async leave(session: ClientSession, { announced = true }: { announced?: boolean } = {}): Promise<void> {
    if (this.watching.delete(session)) this.relay.release(session.room.slug);
    this.typing.stop(session);
    await this.presence.depart(session, announced);
  }
}
