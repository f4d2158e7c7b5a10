import {
  type ChatMessage,
  type HistoryData,
  type EventPage,
  type EventPageQuery,
  type LogEvent,
  type MessageEdit,
  type MessagePage,
  type MessagePageQuery,
  type MessagesAround,
  type RoomSummary,
} from '@parley/contracts';
import { effectScope, nextTick } from 'vue';
import { ApiError } from '../api/rest';
import { useRoom, type RoomMember } from '../composables/useRoom';
import { chatMessages, history, myRoom } from './factories';
import { FakeWebSocket } from './fakeWebSocket';

/** useRoom over a FakeWebSocket and a FakeMessagesApi, for its specs. */

export const RECONNECT_DELAY_MS = 500;

export class FakeMessagesApi {
  readonly queries: MessagePageQuery[] = [];
  readonly pages: MessagePage[] = [];
  /** GET /api/rooms/:slug: the room, or the refusal to answer with. */
  roomAnswer: RoomSummary | ApiError = { ...myRoom('general', { name: 'General' }) };
  roomChecks = 0;

  async getRoom(): Promise<RoomSummary> {
    this.roomChecks++;
    if (this.roomAnswer instanceof ApiError) throw this.roomAnswer;
    return this.roomAnswer;
  }

  async getMessages(_slug: string, query: MessagePageQuery): Promise<MessagePage> {
    this.queries.push(query);
    const page = this.pages.shift();
    if (!page) throw new Error('no page prepared');
    return page;
  }

  /** GET …/messages?around= answers, in order; the seqs asked for. */
  readonly windows: MessagesAround[] = [];
  readonly aroundQueries: number[] = [];

  async getMessagesAround(_slug: string, seq: number): Promise<MessagesAround> {
    this.aroundQueries.push(seq);
    const window = this.windows.shift();
    if (!window) throw new Error('no window prepared');
    return window;
  }

  readonly eventQueries: EventPageQuery[] = [];
  readonly eventPages: EventPage[] = [];

  async getEvents(_slug: string, query: EventPageQuery): Promise<EventPage> {
    this.eventQueries.push(query);
    const page = this.eventPages.shift();
    if (!page) throw new Error('no events prepared');
    return page;
  }

  /** GET …/messages/:id answers, by id. */
  readonly messages = new Map<string, ChatMessage>();
  readonly messageFetches: string[] = [];

  async getMessage(_slug: string, id: string): Promise<ChatMessage> {
    this.messageFetches.push(id);
    const message = this.messages.get(id);
    if (!message) throw new ApiError(404, 'Message not found');
    return message;
  }

  readonly edits = new Map<string, MessageEdit[]>();

  async getEdits(_slug: string, id: string): Promise<MessageEdit[]> {
    return this.edits.get(id) ?? [];
  }
}

export type Room = ReturnType<typeof useRoom>;

export const newMessageEvents = (fromSeq: number, toSeq: number): LogEvent[] =>
  chatMessages(fromSeq, toSeq).map((message) => ({ seq: message.seq, type: 'message', message }));

export const seqsIn = (room: Room) =>
  room.timeline.value.entries.flatMap((entry) => (entry.kind === 'message' ? [entry.message.seq] : []));
export const noticesIn = (room: Room) =>
  room.timeline.value.entries.flatMap((entry) => (entry.kind === 'notice' ? [entry.notice] : []));

/** The session's side of a signed-in room: tickets handed out in order, and whether it heard the session end. */
export class FakeTicketSession {
  tickets = 0;
  ended = 0;

  async socketTicket(): Promise<string> {
    return `ticket-${++this.tickets}`;
  }

  endSession(): void {
    this.ended++;
  }
}

export function setup(member: RoomMember = { kind: 'guest', username: 'Ali' }) {
  const messagesApi = new FakeMessagesApi();
  let clientIds = 0;
  const scope = effectScope();
  const room = scope.run(() =>
    useRoom('general', member, {
      WebSocket: FakeWebSocket,
      api: messagesApi,
      socketOrigin: 'ws://chat.test',
      createClientId: () => `client-${++clientIds}`,
      reconnectDelay: () => RECONNECT_DELAY_MS,
    }),
  )!;
  return { room, messagesApi, scope };
}

/** Opens the latest socket and plays the server's greeting. */
export function serverGreets(messages = chatMessages(1, 3), hasMore = false) {
  const socket = FakeWebSocket.latest();
  socket.serverOpens();
  socket.serverSends({ event: 'history', data: history(messages, hasMore) });
  socket.serverSends({ event: 'presence', data: { users: ['Ali', 'Bea'] } });
  socket.serverSends({ event: 'system', data: { kind: 'join', username: 'Ali', at: '2025-01-01T10:00:00.000Z' } });
  return socket;
}

export async function flushPromises() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await nextTick();
}

/** Opens the latest socket and sends it this history, as the server would on connect. */
export function greetWith(data: HistoryData): FakeWebSocket {
  const socket = FakeWebSocket.latest();
  socket.serverOpens();
  socket.serverSends({ event: 'history', data });
  return socket;
}

/** The content each held message shows, in order. */
export const contentsIn = (room: Room) =>
  room.timeline.value.entries.flatMap((entry) => (entry.kind === 'message' ? [entry.message.content] : []));
