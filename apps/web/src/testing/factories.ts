import type { ChatMessage, HistoryData, User } from '@parley/contracts';

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
    ...overrides,
  };
}

export function chatMessages(fromSeq: number, toSeq: number, overrides: Partial<ChatMessage> = {}): ChatMessage[] {
  return Array.from({ length: toSeq - fromSeq + 1 }, (_, index) => chatMessage(fromSeq + index, overrides));
}

export function history(messages: ChatMessage[], hasMore = false): HistoryData {
  return { room: { slug: 'general', name: 'General' }, messages, hasMore };
}

export function user(overrides: Partial<User> = {}): User {
  return { id: 'user-ali', username: 'ali', guest: false, ...overrides };
}
