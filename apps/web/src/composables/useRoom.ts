import { CloseCode, ErrorCode, isSendableContent, LIMITS, type ChatMessage, type User } from '@parley/contracts';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { api, describeError, type ParleyApi } from '../api/rest';
import type { AuthSession } from '../auth/session';
import type { Author } from '../chat/authorship';
import { newClientId } from '../chat/clientId';
import { markAcked, markFailed, markSending, nextToSend, withoutDelivered, type OutgoingMessage } from '../chat/outbox';
import { OutboxPacer } from '../chat/outboxPacer';
import { Timeline } from '../chat/timeline';
import {
  RoomConnection,
  socketOriginOf,
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

export interface UseRoomOptions {
  WebSocket?: WebSocketConstructor;
  api?: Pick<ParleyApi, 'getMessages'>;
  /** Defaults to this page's origin with ws: or wss:. */
  socketOrigin?: string;
  createClientId?: () => string;
  reconnectDelay?: (attempt: number) => number;
}

/**
 * Everything one user sees of one room, kept live: owns the socket and its reconnects, fills gaps after a
 * reconnect, pages older messages in, and delivers the outbox exactly once per clientId, in order, at the pace
 * the server allows. Closes the socket when the calling scope (component) goes away.
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
      if (next.state !== 'connected') pacer.stop();
      // Signed out elsewhere, or the password changed: this page is signed out as well.
      if (next.state === 'fatal' && next.code === CloseCode.Unauthorized && member.kind === 'user') {
        member.session.endSession();
      }
    },
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
        pacer.start();
        break;
      }
      case 'presence':
        presence.value = frame.data.users;
        break;
      case 'system':
        // Our own join repeats on every reconnect and tells us nothing.
        if (frame.data.username === self.username) break;
        messageTimeline.addNotice(frame.data);
        timeline.value = messageTimeline.view();
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
  };
}
