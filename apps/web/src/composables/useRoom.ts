import { ErrorCode, isSendableContent, LIMITS, type ChatMessage, type ServerFrame } from '@parley/contracts';
import { computed, onScopeDispose, ref, shallowRef } from 'vue';
import { api, describeError, type ParleyApi } from '../api/rest';
import { newClientId } from '../chat/clientId';
import {
  awaitingSend,
  markAcked,
  markFailed,
  markSending,
  withoutDelivered,
  type OutgoingMessage,
} from '../chat/outbox';
import { buildTimeline, contiguousSeq, mergeMessages, newestSeq, type RoomNotice } from '../chat/timeline';
import {
  RoomConnection,
  socketOriginOf,
  type ConnectionStatus,
  type WebSocketConstructor,
} from '../realtime/connection';

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
 * reconnect, pages older messages in, and delivers the outbox exactly once per clientId. Closes the socket
 * when the calling scope (component) goes away.
 */
export function useRoom(slug: string, username: string, options: UseRoomOptions = {}) {
  const messagesApi = options.api ?? api;
  const createClientId = options.createClientId ?? newClientId;

  const roomName = ref<string | null>(null);
  const messages = shallowRef<ChatMessage[]>([]);
  const notices = shallowRef<RoomNotice[]>([]);
  const outbox = shallowRef<OutgoingMessage[]>([]);
  const presence = shallowRef<string[]>([]);
  const status = shallowRef<ConnectionStatus>({ state: 'connecting' });
  const hasOlder = ref(false);
  const loadingOlder = ref(false);
  const loadError = ref<string | null>(null);
  /** The last refusal from the server that concerned no message of ours. */
  const serverError = ref<string | null>(null);
  const timeline = computed(() => buildTimeline(messages.value, notices.value, outbox.value));

  let requestedSince: number | undefined;
  /** Set once this socket's history arrived; the outbox waits for it so that what history shows stored is not resent. */
  let synced = false;
  let catchUpRun = 0;
  let nextNoticeId = 1;
  let disposed = false;

  const connection = new RoomConnection({
    socketOrigin: options.socketOrigin ?? socketOriginOf(window.location),
    room: slug,
    username,
    since: sinceForNextConnect,
    onFrame: handleFrame,
    onStatus: (next) => {
      status.value = next;
      if (next.state !== 'connected') synced = false;
    },
    WebSocket: options.WebSocket,
    reconnectDelay: options.reconnectDelay,
  });

  function sinceForNextConnect(): number | undefined {
    requestedSince = contiguousSeq(messages.value);
    return requestedSince;
  }

  function addMessages(incoming: readonly ChatMessage[]): void {
    messages.value = mergeMessages(messages.value, incoming);
    outbox.value = withoutDelivered(outbox.value, incoming);
  }

  function transmit(entry: OutgoingMessage): void {
    connection.send({ event: 'message', data: { content: entry.content, clientId: entry.clientId } });
  }

  function handleFrame(frame: ServerFrame): void {
    switch (frame.event) {
      case 'history': {
        roomName.value = frame.data.room.name;
        addMessages(frame.data.messages);
        if (requestedSince === undefined) hasOlder.value = frame.data.hasMore;
        else if (frame.data.hasMore) void catchUp(frame.data.messages.at(-1)?.seq ?? requestedSince);
        synced = true;
        awaitingSend(outbox.value).forEach(transmit);
        break;
      }
      case 'presence':
        presence.value = frame.data.users;
        break;
      case 'system':
        // Our own join repeats on every reconnect and tells us nothing.
        if (frame.data.username === username) break;
        notices.value = [...notices.value, { ...frame.data, id: nextNoticeId++, afterSeq: newestSeq(messages.value) }];
        break;
      case 'message':
        addMessages([frame.data]);
        break;
      case 'ack':
        outbox.value = markAcked(outbox.value, frame.data);
        break;
      case 'error': {
        const { clientId, code, message } = frame.data;
        const refused = clientId === undefined ? undefined : outbox.value.find((entry) => entry.clientId === clientId);
        if (!refused) serverError.value = message;
        // A server shutting down did not take it: it stays queued and goes out again after the reconnect.
        else if (code !== ErrorCode.ShuttingDown) outbox.value = markFailed(outbox.value, refused.clientId, message);
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
    const oldest = messages.value[0];
    if (loadingOlder.value || !hasOlder.value || !oldest) return;
    loadingOlder.value = true;
    loadError.value = null;
    try {
      const page = await messagesApi.getMessages(slug, { before: oldest.seq, limit: LIMITS.historyPageSize });
      if (disposed) return;
      addMessages(page.messages);
      hasOlder.value = page.hasMore;
    } catch (error) {
      loadError.value = `Older messages could not be loaded: ${describeError(error)}`;
    } finally {
      loadingOlder.value = false;
    }
  }

  /** Queues the message and sends it now if the socket is ready; false when the content may not be sent. */
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
    if (synced) transmit(entry);
    return true;
  }

  /** Sends a refused message again under the same clientId, so the server stores it at most once. */
  function retry(clientId: string): void {
    outbox.value = markSending(outbox.value, clientId);
    const entry = outbox.value.find((candidate) => candidate.clientId === clientId);
    if (entry && synced) transmit(entry);
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
    roomName,
    messages,
    notices,
    outbox,
    timeline,
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
