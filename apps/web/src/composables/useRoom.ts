import { canEditMessage, CloseCode, ErrorCode, type ChatMessage, type User } from '@parley/contracts';
import { onScopeDispose, shallowRef } from 'vue';
import { api, ApiError, HTTP_NOT_FOUND, type ParleyApi } from '../api/rest';
import type { AuthSession } from '../auth/session';
import type { Author } from '../chat/authorship';
import { newClientId } from '../chat/clientId';
import {
  NOT_FOUND_AT_UPGRADE,
  RoomConnection,
  socketOriginOf,
  type ConnectionRefusal,
  type ConnectionStatus,
  type RoomFrame,
  type SocketCredential,
  type WebSocketConstructor,
} from '../realtime/connection';
import { useMute } from './room/useMute';
import { useReadMarker } from './room/useReadMarker';
import { useRoomOutbox } from './room/useRoomOutbox';
import { useRoomPeople } from './room/useRoomPeople';
import { useRoomTimeline } from './room/useRoomTimeline';

/** Who joins the room: a guest by name, or a signed-in user whose sockets open with tickets from the session. */
export type RoomMember =
  | { kind: 'guest'; username: string }
  | { kind: 'user'; user: User; session: Pick<AuthSession, 'socketTicket' | 'endSession'> };

function authorOf(member: RoomMember): Author {
  return member.kind === 'user'
    ? { username: member.user.username, userId: member.user.id }
    : { username: member.username, userId: null };
}

function credentialOf(member: RoomMember): SocketCredential {
  return member.kind === 'user'
    ? { kind: 'user', fetchTicket: () => member.session.socketTicket() }
    : { kind: 'guest', username: member.username };
}

export const ROOM_NOT_FOUND_REASON = 'This room does not exist, or it is private and you are not a member.';
export const GUESTS_REFUSED_REASON = 'This room is for signed-in users only.';

export interface UseRoomOptions {
  WebSocket?: WebSocketConstructor;
  /** Speaking as the member: a private room's messages are theirs only. */
  api?: Pick<ParleyApi, 'getMessages' | 'getMessagesAround' | 'getRoom' | 'getMessage' | 'getEdits' | 'getEvents'>;
  /** Defaults to this page's origin with ws: or wss:. */
  socketOrigin?: string;
  createClientId?: () => string;
  reconnectDelay?: (attempt: number) => number;
}

/**
 * Everything one user sees of one room, kept live. This owns the socket and its reconnects and routes each frame to
 * the part it concerns: the timeline (history, live messages and changes, older pages, the log paged in after a
 * resume), the outbox (what the user sends and changes, once per clientId, at the pace the server allows), the
 * room's people (presence, typing, "seen by"), the user's read marker and whether they are muted. Closes the socket
 * when the calling scope (component) goes away.
 */
export function useRoom(slug: string, member: RoomMember, options: UseRoomOptions = {}) {
  const messagesApi = options.api ?? api;
  const self = authorOf(member);
  const status = shallowRef<ConnectionStatus>({ state: 'connecting' });
  /** The last refusal from the server that concerned no message of ours. */
  const serverError = shallowRef<string | null>(null);
  /** The `since` the current socket was opened with. */
  let requestedSince: number | undefined;

  const transmit: Parameters<typeof useRoomOutbox>[0]['transmit'] = (frame) => connection.send(frame);
  const writing = useRoomOutbox({
    self,
    createClientId: options.createClientId ?? newClientId,
    transmit,
    closedForGood: () => status.value.state === 'fatal',
  });
  const log = useRoomTimeline({ slug, api: messagesApi, onMessagesAdded: writing.delivered });
  const people = useRoomPeople({
    self,
    newestSeqAtOrBelow: log.newestSeqAtOrBelow,
    authorIdOf: (seq) => log.messageAt(seq)?.userId,
    timelineChanged: () => log.timeline.value,
    transmit,
  });
  const reading = useReadMarker({ member: member.kind === 'user', transmit });
  const muting = useMute();

  const connection = new RoomConnection({
    socketOrigin: options.socketOrigin ?? socketOriginOf(window.location),
    room: slug,
    credential: credentialOf(member),
    since: () => (requestedSince = log.since),
    onFrame: handleFrame,
    onStatus: (next) => {
      status.value = next;
      if (next.state === 'connected') muting.reset();
      else {
        writing.stop();
        people.disconnected();
        reading.disconnected();
      }
      // Signed out elsewhere, or the password changed: this page is signed out as well.
      if (next.state === 'fatal' && next.code === CloseCode.Unauthorized && member.kind === 'user') {
        member.session.endSession();
      }
    },
    checkRefusal: roomRefusal,
    WebSocket: options.WebSocket,
    reconnectDelay: options.reconnectDelay,
  });

  function handleFrame(frame: RoomFrame): void {
    switch (frame.event) {
      case 'history':
        log.historyArrived(frame.data, requestedSince !== undefined);
        people.greeted(frame.data.receipts);
        // Started only once a socket's history arrived, so that what the history shows stored is not sent again.
        writing.start();
        reading.greeted(frame.data.readSeq);
        break;
      case 'presence':
        people.present(frame.data.users);
        break;
      case 'system':
        // Our own join repeats on every reconnect and tells us nothing; our removal closes the socket (4403).
        if (people.noticed(frame.data)) log.addNotice(frame.data);
        break;
      case 'receipt':
        people.receiptMoved(frame.data);
        break;
      case 'typing':
        people.typingChanged(frame.data.users);
        break;
      case 'message':
        log.liveMessage(frame.data);
        break;
      case 'message_updated':
        log.liveChange(frame.data.seq, frame.data.message);
        break;
      case 'ack':
        writing.acked(frame.data);
        break;
      case 'muted':
        muting.changed(frame.data.until);
        break;
      case 'error': {
        const muted = frame.data.code === ErrorCode.Muted;
        if (muted) muting.refused(frame.data.retryAfterMs);
        // A refusal of one of ours shows on it, and being muted in the composer: only the rest needs an alert.
        if (!writing.refused(frame.data) && !muted) serverError.value = frame.data.message;
        break;
      }
    }
  }

  /**
   * Asked when sockets keep failing before any frame: a private room (or DM) the user may not see refuses the upgrade
   * with HTTP 404, which a browser reports as a failed socket only; a room closed to guests closes a guest's socket
   * with 4401, which may come before any frame too. The REST answer for the room says which it is.
   */
  async function roomRefusal(): Promise<ConnectionRefusal | null> {
    try {
      const room = await messagesApi.getRoom(slug);
      if (member.kind === 'guest' && !room.guests) {
        return { code: CloseCode.Unauthorized, reason: GUESTS_REFUSED_REASON };
      }
      return null;
    } catch (error) {
      if (error instanceof ApiError && error.status === HTTP_NOT_FOUND) {
        return { code: NOT_FOUND_AT_UPGRADE, reason: ROOM_NOT_FOUND_REASON };
      }
      return null;
    }
  }

  connection.start();
  onScopeDispose(() => {
    log.dispose();
    reading.dispose();
    muting.dispose();
    connection.close();
  });

  return {
    self,
    roomName: log.roomName,
    timeline: log.timeline,
    outbox: writing.outbox,
    sendingThrottled: writing.sendingThrottled,
    /** ISO-8601 while the user is muted here; null while they may send. */
    mutedUntil: muting.mutedUntil,
    presence: people.presence,
    status,
    hasOlder: log.hasOlder,
    loadingOlder: log.loadingOlder,
    loadError: log.loadError,
    serverError,
    loadOlder: log.loadOlder,
    send: writing.send,
    retry: writing.retry,
    dismissServerError: (): void => {
      serverError.value = null;
    },
    changes: writing.changes,
    edit: writing.edit,
    remove: writing.remove,
    react: writing.react,
    dismissChange: writing.dismissChange,
    /** The user's newest message that they may still edit (what ↑ in an empty composer edits). */
    lastEditable: (): ChatMessage | undefined => log.findLast((message) => canEditMessage(message, self.userId)),
    messageAt: log.messageAt,
    quoted: log.quoted,
    requestQuote: log.requestQuote,
    loadUntil: log.loadUntil,
    openAt: log.openAt,
    loadNewer: log.loadNewer,
    loadingNewer: log.loadingNewer,
    loadEdits: log.loadEdits,
    receipts: people.receipts,
    seenBy: people.seenBy,
    typing: people.typing,
    rosterChanges: people.rosterChanges,
    markRead: reading.markRead,
    draftChanged: people.draftChanged,
  };
}

export type Room = ReturnType<typeof useRoom>;
