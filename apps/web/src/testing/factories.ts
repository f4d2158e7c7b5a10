import type {
  AdminUser,
  AuditEntry,
  Ban,
  ChatMessage,
  HistoryData,
  Member,
  MemberRole,
  Mute,
  MyRoom,
  ReceiptData,
  Report,
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
  return { id: 'user-ali', username: 'ali', guest: false, admin: false, ...overrides };
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
    guests: (overrides.visibility ?? 'public') === 'public',
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

export function adminUser(username: string, overrides: Partial<AdminUser> = {}): AdminUser {
  return {
    ...user({ id: `user-${username}`, username }),
    createdAt: '2025-01-01T00:00:00.000Z',
    deactivated: false,
    ...overrides,
  };
}

/** A ban for good unless `until` says otherwise, given by ali. */
export function ban(username: string, overrides: Partial<Ban> = {}): Ban {
  return { username, reason: null, until: null, by: 'ali', at: '2025-01-01T10:00:00.000Z', ...overrides };
}

export function mute(username: string, until: string, overrides: Partial<Mute> = {}): Mute {
  return { username, until, by: 'ali', at: '2025-01-01T10:00:00.000Z', ...overrides };
}

/** An open report by cy of bea's message `seq` in General. */
export function report(id: string, seq: number, overrides: Partial<Report> = {}): Report {
  return {
    id,
    room: { slug: 'general', name: 'General' },
    message: chatMessage(seq, { username: 'bea', userId: 'user-bea', content: `rude message ${seq}` }),
    reporter: 'cy',
    reason: 'rude',
    status: 'open',
    at: '2025-01-01T11:00:00.000Z',
    ...overrides,
  };
}

export function auditEntry(id: string, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id,
    at: '2025-01-01T12:00:00.000Z',
    actor: 'ali',
    action: 'ban',
    target: 'bea',
    room: { slug: 'general', name: 'General' },
    details: {},
    ...overrides,
  };
}
