import {
  canEditMessage,
  canReactTo,
  CloseCode,
  ErrorCode,
  isSendableContent,
  isSingleEmoji,
  LIMITS,
  type ChatMessage,
  type ErrorData,
  type HistoryData,
  type LogEvent,
  type MessageEdit,
  type ReplyRef,
  type User,
} from '@parley/contracts';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import { api, ApiError, describeError, HTTP_NOT_FOUND, type ParleyApi } from '../api/rest';
import type { AuthSession } from '../auth/session';
import type { Author } from '../chat/authorship';
import {
  changeFrame,
  markChangeFailed,
  nextChangeToSend,
  withoutAcked,
  withoutChange,
  type MessageChange,
  type PendingChange,
} from '../chat/changes';
import { newClientId } from '../chat/clientId';
import { LogCursor } from '../chat/logCursor';
import {
  markAcked,
  markFailed,
  markSending,
  messageFrame,
  nextToSend,
  withoutDelivered,
  type OutgoingMessage,
} from '../chat/outbox';
import { OutboxPacer } from '../chat/outboxPacer';
import { QuoteLookups, type QuoteState } from '../chat/quotes';
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
import { inBackground } from '../background';

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

export interface UseRoomOptions {
  WebSocket?: WebSocketConstructor;
  /** Speaking as the member: a private room's messages are theirs only. */
  api?: Pick<ParleyApi, 'getMessages' | 'getRoom' | 'getMessage' | 'getEdits' | 'getEvents'>;
  /** Defaults to this page's origin with ws: or wss:. */
  socketOrigin?: string;
  createClientId?: () => string;
  reconnectDelay?: (attempt: number) => number;
}

/** Whatever the server refused, with the user's words for it. */
function refusalText(kind: MessageChange['kind'], error: ErrorData): string {
  const what = { edit: 'Edit', delete: 'Delete', react: 'Reaction' }[kind];
  return `${what} not saved: ${error.message}`;
}

/**
 * Everything one user sees of one room, kept live: owns the socket and its reconnects, follows the room's log
 * (new messages and changes to them) across reconnects, pages older messages in, and delivers the outbox and the
 * user's changes exactly once per clientId, in order, at the pace the server allows. It tells the room what the user
 * has read and when they type, and shows where the others have read up to and who is typing. Closes the socket
 * when the calling scope (component) goes away.
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
  /** The user's edits, deletes and reactions the server has not acked yet, and those it refused. */
  const changes = shallowRef<readonly PendingChange[]>([]);
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

  const cursor = new LogCursor();
  // A new view after a lookup, even of a message outside the rows: the previews that quote it read it again.
  const quotes = new QuoteLookups({
    fetch: (_seq, id) => messagesApi.getMessage(slug, id),
    known: (seq) => messageTimeline.find(seq),
    remember: (message) => {
      messageTimeline.applyState(message);
      timeline.value = messageTimeline.view();
    },
    onFailed: () => (timeline.value = messageTimeline.view()),
  });
  const typingSignal = new TypingSignal();
  /** The viewer's read marker as the server holds it, as far as this client knows. */
  let storedReadSeq = 0;
  /** The newest seq the user has seen: told to the server once the socket can take it. */
  let seenSeq = 0;
  /** A history arrived on the current socket, so frames sent now concern the room as it showed. */
  let greeted = false;
  let lastReadSentAt = Number.NEGATIVE_INFINITY;
  let readTimer: ReturnType<typeof setTimeout> | undefined;

  /** The `since` the current socket was opened with. */
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
  // Changes go first: a reaction need not wait behind a long paste.
  const pacer = new OutboxPacer<OutgoingMessage | PendingChange>({
    nextToSend: () => nextChangeToSend(changes.value) ?? nextToSend(outbox.value),
    transmit: (entry) => connection.send('change' in entry ? changeFrame(entry) : messageFrame(entry)),
    onThrottled: (throttled) => (sendingThrottled.value = throttled),
  });

  function sinceForNextConnect(): number | undefined {
    requestedSince = cursor.since;
    return requestedSince;
  }

  function addMessages(incoming: readonly ChatMessage[]): void {
    if (messageTimeline.addMessages(incoming)) timeline.value = messageTimeline.view();
    outbox.value = withoutDelivered(outbox.value, incoming, self);
  }

  /** Changed messages in their current state: each replaces what is held when it is newer. */
  function applyStates(states: readonly ChatMessage[]): void {
    let changed = false;
    for (const message of states) changed = messageTimeline.applyState(message) || changed;
    if (changed) timeline.value = messageTimeline.view();
  }

  /** A new message or a change, from the log paged in over REST. */
  function applyEvents(events: readonly LogEvent[]): void {
    addMessages(events.filter((event) => event.type === 'message').map((event) => event.message));
    applyStates(events.filter((event) => event.type === 'update').map((event) => event.message));
  }

  function applyHistory(data: HistoryData): void {
    roomName.value = data.room.name;
    addMessages(data.messages);
    applyStates(data.updates);
    const resumed = requestedSince !== undefined;
    // Without `since`, hasMore is about older messages; with it, about events still to page in.
    cursor.historyArrived(data.lastSeq, resumed && data.hasMore);
    if (!resumed) hasOlder.value = data.hasMore;
    else if (data.hasMore) inBackground(catchUp(data.lastSeq), 'Catching up on missed events');
    else catchUpRun++;
  }

  function handleFrame(frame: RoomFrame): void {
    switch (frame.event) {
      case 'history': {
        applyHistory(frame.data);
        // Every marker, as the server holds them now: it may have moved while we were away.
        if (frame.data.receipts) receipts.value = new Map(frame.data.receipts.map((r) => [r.userId, r]));
        storedReadSeq = frame.data.readSeq ?? 0;
        greeted = true;
        pacer.start();
        // A new socket: what was seen goes at once.
        clearTimeout(readTimer);
        readTimer = undefined;
        lastReadSentAt = Number.NEGATIVE_INFINITY;
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
        cursor.live(frame.data.seq);
        break;
      case 'message_updated':
        applyStates([frame.data.message]);
        cursor.live(frame.data.seq);
        break;
      case 'ack':
        outbox.value = markAcked(outbox.value, frame.data);
        changes.value = withoutAcked(changes.value, frame.data);
        pacer.answered(frame.data.clientId);
        break;
      case 'error':
        handleError(frame.data);
        break;
    }
  }

  function handleError(error: ErrorData): void {
    const { clientId, code, retryAfterMs } = error;
    const message = clientId === undefined ? undefined : outbox.value.find((entry) => entry.clientId === clientId);
    const change = clientId === undefined ? undefined : changes.value.find((entry) => entry.clientId === clientId);
    const refused = message ?? change;
    if (!refused) serverError.value = error.message;
    // Refused for now, not for good: it stays queued and goes out again when the server takes messages again.
    else if (code === ErrorCode.RateLimited) pacer.rateLimited(refused.clientId, retryAfterMs);
    // A server shutting down takes nothing more on this socket: it goes out again after the reconnect.
    else if (code === ErrorCode.ShuttingDown) pacer.stop();
    else {
      if (message) outbox.value = markFailed(outbox.value, message.clientId, error.message);
      if (change) {
        changes.value = markChangeFailed(changes.value, change.clientId, refusalText(change.change.kind, error));
      }
      pacer.answered(refused.clientId);
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

  /**
   * At most one marker per LIMITS.readMarkerIntervalMs, as the server stores them; what was seen meanwhile goes at
   * the end of the wait, the newest seq only: a busy room would otherwise cost a frame per message per reader.
   */
  function sendRead(): void {
    if (!greeted || seenSeq <= storedReadSeq || readTimer !== undefined) return;
    const wait = lastReadSentAt + LIMITS.readMarkerIntervalMs - Date.now();
    if (wait > 0) {
      readTimer = setTimeout(() => {
        readTimer = undefined;
        sendRead();
      }, wait);
      return;
    }
    if (connection.send({ event: 'read', data: { seq: seenSeq } })) {
      storedReadSeq = seenSeq;
      lastReadSentAt = Date.now();
    }
  }

  /** The composer's text changed: the room hears that the user is typing, or that they stopped. */
  function draftChanged(draft: string): void {
    if (!greeted) return;
    const signal = typingSignal.draftChanged(draft);
    if (signal === null) return;
    if (!connection.send({ event: 'typing', data: { typing: signal } })) typingSignal.forget();
  }

  /**
   * After a reconnect whose history was cut short: page the log forward from `after` until its end, applying each
   * event's message by version (the live stream runs meanwhile) and moving the cursor with it. A newer history (the
   * socket dropped again) stops it: that one says where to go on from.
   */
  async function catchUp(after: number): Promise<void> {
    const run = ++catchUpRun;
    let position = after;
    try {
      for (;;) {
        const page = await messagesApi.getEvents(slug, { after: position, limit: LIMITS.pageMaxSize });
        if (disposed || run !== catchUpRun) return;
        applyEvents(page.events);
        for (const event of page.events) cursor.paged(event.seq);
        const last = page.events.at(-1);
        if (!page.hasMore || !last) {
          cursor.caughtUp();
          return;
        }
        position = last.seq;
      }
    } catch (error) {
      if (run === catchUpRun) loadError.value = `Some missed messages could not be loaded: ${describeError(error)}`;
    }
  }

  let olderPage: Promise<boolean> | null = null;

  /** Loads the page before the oldest message held; true when it arrived (a call while one is underway joins it). */
  function loadOlder(limit: number = LIMITS.historyPageSize): Promise<boolean> {
    const oldestSeq = messageTimeline.oldestSeq;
    if (olderPage) return olderPage;
    if (!hasOlder.value || oldestSeq === undefined) return Promise.resolve(false);
    loadingOlder.value = true;
    loadError.value = null;
    olderPage = messagesApi
      .getMessages(slug, { before: oldestSeq, limit })
      .then(
        (page) => {
          if (disposed) return false;
          addMessages(page.messages);
          hasOlder.value = page.hasMore;
          return true;
        },
        (error: unknown) => {
          loadError.value = `Older messages could not be loaded: ${describeError(error)}`;
          return false;
        },
      )
      .finally(() => {
        loadingOlder.value = false;
        olderPage = null;
      });
    return olderPage;
  }

  /**
   * Brings the message created at `seq` among the rows, loading older pages until it is there; false when it cannot
   * be (a page failed, or there is nothing older).
   */
  async function loadUntil(seq: number): Promise<boolean> {
    while (!messageTimeline.holds(seq)) {
      const oldest = messageTimeline.oldestSeq;
      if (oldest !== undefined && oldest < seq) return false;
      if (!(await loadOlder(LIMITS.pageMaxSize))) return false;
    }
    return true;
  }

  /**
   * Queues the message; it goes out once the socket is ready and the messages queued before it were answered.
   * False when the content may not be sent.
   */
  function send(content: string, replyTo?: ReplyRef): boolean {
    const trimmed = content.trim();
    if (!isSendableContent(trimmed) || status.value.state === 'fatal') return false;
    const entry: OutgoingMessage = {
      clientId: createClientId(),
      content: trimmed,
      createdAt: new Date().toISOString(),
      status: 'sending',
      ...(replyTo && { replyTo }),
    };
    outbox.value = [...outbox.value, entry];
    pacer.pump();
    return true;
  }

  function queueChange(change: MessageChange): void {
    changes.value = [...changes.value, { clientId: createClientId(), change, status: 'sending' }];
    pacer.pump();
  }

  /** Saves new content for the user's own message; false when it may not be sent (or the user may not edit it). */
  function edit(message: ChatMessage, content: string): boolean {
    const trimmed = content.trim();
    if (!isSendableContent(trimmed) || status.value.state === 'fatal' || !canEditMessage(message, self.userId))
      return false;
    if (trimmed !== message.content) queueChange({ kind: 'edit', id: message.id, seq: message.seq, content: trimmed });
    return true;
  }

  /** Deletes the message (the server checks who may). */
  function remove(message: ChatMessage): boolean {
    if (message.deleted || status.value.state === 'fatal') return false;
    queueChange({ kind: 'delete', id: message.id, seq: message.seq });
    return true;
  }

  /** Adds (on) or takes back (off) the user's reaction with one emoji. */
  function react(message: ChatMessage, emoji: string, on: boolean): boolean {
    if (!canReactTo(message) || !isSingleEmoji(emoji) || status.value.state === 'fatal') return false;
    queueChange({ kind: 'react', id: message.id, seq: message.seq, emoji, on });
    return true;
  }

  /** The user read why a change was refused. */
  function dismissChange(clientId: string): void {
    changes.value = withoutChange(changes.value, clientId);
  }

  /** The user's newest message that they may still edit (what ↑ in an empty composer edits). */
  function lastEditable(): ChatMessage | undefined {
    return messageTimeline.findLast((message) => canEditMessage(message, self.userId));
  }

  /** The quoted message as it is now (from the timeline, or fetched once when it is not loaded). */
  function quoted(reply: ReplyRef): QuoteState {
    // Read so that whoever shows it follows the timeline's changes.
    void timeline.value;
    return quotes.state(reply);
  }

  /** The newest state held of the message created at `seq`. */
  function messageAt(seq: number): ChatMessage | undefined {
    void timeline.value;
    return messageTimeline.find(seq);
  }

  /** A message's earlier versions, oldest first. */
  function loadEdits(message: ChatMessage): Promise<MessageEdit[]> {
    return messagesApi.getEdits(slug, message.id);
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
    clearTimeout(readTimer);
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
    changes,
    edit,
    remove,
    react,
    dismissChange,
    lastEditable,
    messageAt,
    quoted,
    requestQuote: (reply: ReplyRef) => quotes.request(reply),
    loadUntil,
    loadEdits,
    receipts,
    seenBy,
    typing,
    rosterChanges,
    markRead,
    draftChanged,
  };
}
