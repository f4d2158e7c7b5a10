import type {
  ChatMessage,
  HistoryData,
  Member,
  MemberRole,
  MyRoom,
  ReceiptData,
  RoomSummary,
  SearchResult,
  User,
} from '@parley/contracts';

/** What a member's history carries beyond a guest's. */
export type MemberHistory = Partial<Pick<HistoryData, 'readSeq' | 'receipts'>>;

/** A guest's message unless `userId` says otherwise. */
export function chatMessage(seq: number, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: `id-${seq}`,
    seq,
    room: 'general',
    username: 'Bea',
    userId: null,
    content: `message ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 10, 0, seq)).toISOString(),
    version: seq,
    editedAt: null,
    deleted: false,
    replyTo: null,
    reactions: [],
    attachments: [],
    ...overrides,
  };
}

export function chatMessages(fromSeq: number, toSeq: number, overrides: Partial<ChatMessage> = {}): ChatMessage[] {
  return Array.from({ length: toSeq - fromSeq + 1 }, (_, index) => chatMessage(fromSeq + index, overrides));
}

export function history(messages: ChatMessage[], hasMore = false, member: MemberHistory = {}): HistoryData {
  return {
    room: { slug: 'general', name: 'General' },
    messages,
    updates: [],
    lastSeq: messages.at(-1)?.seq ?? 0,
    hasMore,
    ...member,
  };
}

export function user(overrides: Partial<User> = {}): User {
  return { id: 'user-ali', username: 'ali', guest: false, ...overrides };
}

export function receipt(username: string, seq: number): ReceiptData {
  return { userId: `user-${username}`, username, seq };
}

export function roomSummary(slug: string, overrides: Partial<RoomSummary> = {}): RoomSummary {
  return {
    slug,
    name: slug,
    visibility: 'public',
    kind: 'room',
    createdAt: '2025-01-01T00:00:00.000Z',
    lastMessageAt: null,
    ...overrides,
  };
}

/** A public room of the user's unless overridden, with nothing unread. */
export function myRoom(slug: string, overrides: Partial<MyRoom> = {}): MyRoom {
  return { ...roomSummary(slug), lastSeq: 0, readSeq: 0, unread: 0, mentions: 0, notify: 'mentions', ...overrides };
}

export function member(username: string, role: MemberRole = 'member', online = false): Member {
  return { userId: `user-${username}`, username, role, online };
}

export function searchResult(seq: number, room = 'general', overrides: Partial<ChatMessage> = {}): SearchResult {
  return {
    message: chatMessage(seq, { room, ...overrides }),
    room: { slug: room, name: room[0]!.toUpperCase() + room.slice(1), visibility: 'public', kind: 'room' },
  };
}
