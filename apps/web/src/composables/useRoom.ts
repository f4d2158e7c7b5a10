import { CloseCode, ErrorCode, isSendableContent, LIMITS, type ChatMessage, type User } from '@parley/contracts';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import { api, ApiError, describeError, type ParleyApi } from '../api/rest';
import type { AuthSession } from '../auth/session';
import type { Author } from '../chat/authorship';
import { newClientId } from '../chat/clientId';
import { markAcked, markFailed, markSending, nextToSend, withoutDelivered, type OutgoingMessage } from '../chat/outbox';
import { OutboxPacer } from '../chat/outboxPacer';
import { placeReceipts, withReceipt, type ReceiptMap } from '../chat/receipts';
import { Timeline } from '../chat/timeline';
import { TypingSignal } from '../chat/typing';
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

const HTTP_NOT_FOUND = 404;

export const ROOM_NOT_FOUND_REASON = 'This room does not exist, or it is private and you are not a member.';

export interface UseRoomOptions {
  WebSocket?: WebSocketConstructor;
  /** Speaking as the member: a private room's messages are theirs only. */
  api?: Pick<ParleyApi, 'getMessages' | 'getRoom'>;
  /** Defaults to this page's origin with ws: or wss:. */
  socketOrigin?: string;
  createClientId?: () => string;
  reconnectDelay?: (attempt: number) => number;
}

/**
 * Everything one user sees of one room, kept live: owns the socket and its reconnects, fills gaps after a
 * reconnect, pages older messages in, and delivers the outbox exactly once per clientId, in order, at the pace
 * the server allows. It tells the room what the user has read and when they type, and shows where the others have
 * read up to and who is typing. Closes the socket when the calling scope (component) goes away.
 */
export function useRoom(slug: string, member: RoomMember, options: UseRoomOptions = {}) {
  const messagesApi = options.api ?? api;
  const createClientId = options.createClientId ?? newClientId;
  const self = authorOf(member);

  const roomName = ref<string | null>(null);
  // The timeline grows in place; its view is replaced on every change, in O(1), to tell the renderer.
  const messageTimeline = new Timeline();
  const timeline = shallowRef(messageTimeline.view());
  const outbox = shallowRef<readonly OutgoingMessage[]>([]);
  /** The server asked us to slow down: what is queued waits its turn rather than failing. */
  const sendingThrottled = ref(false);
  const presence = shallowRef<string[]>([]);
  const status = shallowRef<ConnectionStatus>({ state: 'connecting' });
  const hasOlder = ref(false);
  const loadingOlder = ref(false);
  const loadError = ref<string | null>(null);
  /** The last refusal from the server that concerned no message of ours. */
  const serverError = ref<string | null>(null);
  /** Where each member has read up to, by user id (members only: a guest's history carries none). */
  const receipts = shallowRef<ReceiptMap>(new Map());
  /** Who else is typing, by name. */
  const typing = shallowRef<readonly string[]>([]);
  /** Counts the joins, leaves, additions and removals seen: whoever shows the members asks again when it moves. */
  const rosterChanges = ref(0);
  /** The others' names under the last message each has read, by that message's seq. */
  const seenBy = computed(() => {
    // A new view whenever messages were added: the placement depends on which are held.
    void timeline.value;
    return placeReceipts(receipts.value, self.userId, (seq) => messageTimeline.newestSeqAtOrBelow(seq));
  });

  const typingSignal = new TypingSignal();
  /** The viewer's read marker as the server holds it, as far as this client knows. */
  let storedReadSeq = 0;
  /** The newest seq the user has seen: told to the server once the socket can take it. */
  let seenSeq = 0;
  /** A history arrived on the current socket, so frames sent now concern the room as it showed. */
  let greeted = false;

  let requestedSince: number | undefined;
  let catchUpRun = 0;
  let disposed = false;

  const connection = new RoomConnection({
    socketOrigin: options.socketOrigin ?? socketOriginOf(window.location),
    room: slug,
    credential: credentialOf(member),
    since: sinceForNextConnect,
    onFrame: handleFrame,
    onStatus: (next) => {
      status.value = next;
      if (next.state !== 'connected') {
        pacer.stop();
        greeted = false;
        // The server forgets whoever typed on a closed socket, us included; it says nothing of it to us.
        typingSignal.forget();
        typing.value = [];
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

  // Started only once a socket's history arrived, so that what the history shows stored is not sent again.
  const pacer = new OutboxPacer({
    nextToSend: () => nextToSend(outbox.value),
    transmit: (entry) =>
      connection.send({ event: 'message', data: { content: entry.content, clientId: entry.clientId } }),
    onThrottled: (throttled) => (sendingThrottled.value = throttled),
  });

  function sinceForNextConnect(): number | undefined {
    requestedSince = messageTimeline.contiguousSeq();
    return requestedSince;
  }

  function addMessages(incoming: readonly ChatMessage[]): void {
    messageTimeline.addMessages(incoming);
    timeline.value = messageTimeline.view();
    outbox.value = withoutDelivered(outbox.value, incoming);
  }

  function handleFrame(frame: RoomFrame): void {
    switch (frame.event) {
      case 'history': {
        roomName.value = frame.data.room.name;
        addMessages(frame.data.messages);
        if (requestedSince === undefined) hasOlder.value = frame.data.hasMore;
        else if (frame.data.hasMore) void catchUp(frame.data.messages.at(-1)?.seq ?? requestedSince);
        // Every marker, as the server holds them now: it may have moved while we were away.
        if (frame.data.receipts) receipts.value = new Map(frame.data.receipts.map((r) => [r.userId, r]));
        storedReadSeq = frame.data.readSeq ?? 0;
        greeted = true;
        pacer.start();
        sendRead();
        break;
      }
      case 'presence':
        presence.value = frame.data.users;
        break;
      case 'system':
        rosterChanges.value++;
        // Our own join repeats on every reconnect and tells us nothing; our removal closes the socket (4403).
        if (frame.data.username === self.username) break;
        messageTimeline.addNotice(frame.data);
        timeline.value = messageTimeline.view();
        break;
      case 'receipt':
        receipts.value = withReceipt(receipts.value, frame.data);
        break;
      case 'typing':
        typing.value = frame.data.users.filter((name) => name !== self.username);
        break;
      case 'message':
        addMessages([frame.data]);
        break;
      case 'ack':
        outbox.value = markAcked(outbox.value, frame.data);
        pacer.answered(frame.data.clientId);
        break;
      case 'error': {
        const { clientId, code, message, retryAfterMs } = frame.data;
        const refused = clientId === undefined ? undefined : outbox.value.find((entry) => entry.clientId === clientId);
        if (!refused) serverError.value = message;
        // Refused for now, not for good: it stays queued and goes out again when the server takes messages again.
        else if (code === ErrorCode.RateLimited) pacer.rateLimited(refused.clientId, retryAfterMs);
        // A server shutting down takes nothing more on this socket: it goes out again after the reconnect.
        else if (code === ErrorCode.ShuttingDown) pacer.stop();
        else {
          outbox.value = markFailed(outbox.value, refused.clientId, message);
          pacer.answered(refused.clientId);
        }
        break;
      }
    }
  }

  /**
   * Asked when sockets keep failing before any frame: a private room (or DM) the user may not see refuses the upgrade
   * with HTTP 404, which a browser reports as a failed socket only. The REST answer for the room says which it is.
   */
  async function roomRefusal(): Promise<ConnectionRefusal | null> {
    try {
      await messagesApi.getRoom(slug);
      return null;
    } catch (error) {
      if (error instanceof ApiError && error.status === HTTP_NOT_FOUND) {
        return { code: NOT_FOUND_AT_UPGRADE, reason: ROOM_NOT_FOUND_REASON };
      }
      return null;
    }
  }

  /**
   * The user has seen the messages up to `seq` (the newest one shown, while the page is in view): the server moves
   * their marker, which the others see as "seen by", and their unread count goes. Members only; the server merges
   * quick moves, so this may be called after every message seen.
   */
  function markRead(seq: number): void {
    if (member.kind !== 'user') return;
    seenSeq = Math.max(seenSeq, seq);
    sendRead();
  }

  function sendRead(): void {
    if (!greeted || seenSeq <= storedReadSeq) return;
    if (connection.send({ event: 'read', data: { seq: seenSeq } })) storedReadSeq = seenSeq;
  }

  /** The composer's text changed: the room hears that the user is typing, or that they stopped. */
  function draftChanged(draft: string): void {
    if (!greeted) return;
    const signal = typingSignal.draftChanged(draft);
    if (signal === null) return;
    if (!connection.send({ event: 'typing', data: { typing: signal } })) typingSignal.forget();
  }

  /** After a reconnect whose history was cut short: page forward with `after=` until nothing newer remains. */
  async function catchUp(after: number): Promise<void> {
    const run = ++catchUpRun;
    let cursor = after;
    try {
      for (;;) {
        const page = await messagesApi.getMessages(slug, { after: cursor, limit: LIMITS.pageMaxSize });
        if (disposed || run !== catchUpRun) return;
        addMessages(page.messages);
        const last = page.messages.at(-1);
        if (!page.hasMore || !last) return;
        cursor = last.seq;
      }
    } catch (error) {
      if (run === catchUpRun) loadError.value = `Some missed messages could not be loaded: ${describeError(error)}`;
    }
  }

  async function loadOlder(): Promise<void> {
    const oldestSeq = messageTimeline.oldestSeq;
    if (loadingOlder.value || !hasOlder.value || oldestSeq === undefined) return;
    loadingOlder.value = true;
    loadError.value = null;
    try {
      const page = await messagesApi.getMessages(slug, { before: oldestSeq, limit: LIMITS.historyPageSize });
      if (disposed) return;
      addMessages(page.messages);
      hasOlder.value = page.hasMore;
    } catch (error) {
      loadError.value = `Older messages could not be loaded: ${describeError(error)}`;
    } finally {
      loadingOlder.value = false;
    }
  }

  /**
   * Queues the message; it goes out once the socket is ready and the messages queued before it were answered.
   * False when the content may not be sent.
   */
  function send(content: string): boolean {
    const trimmed = content.trim();
    if (!isSendableContent(trimmed) || status.value.state === 'fatal') return false;
    const entry: OutgoingMessage = {
      clientId: createClientId(),
      content: trimmed,
      createdAt: new Date().toISOString(),
      status: 'sending',
    };
    outbox.value = [...outbox.value, entry];
    pacer.pump();
    return true;
  }

  /** Sends a refused message again under the same clientId, so the server stores it at most once. */
  function retry(clientId: string): void {
    outbox.value = markSending(outbox.value, clientId);
    pacer.pump();
  }

  function dismissServerError(): void {
    serverError.value = null;
  }

  connection.start();
  onScopeDispose(() => {
    disposed = true;
    connection.close();
  });

  return {
    self,
    roomName,
    timeline,
    outbox,
    sendingThrottled,
    presence,
    status,
    hasOlder,
    loadingOlder,
    loadError,
    serverError,
    loadOlder,
    send,
    retry,
    dismissServerError,
    receipts,
    seenBy,
    typing,
    rosterChanges,
    markRead,
    draftChanged,
  };
}
