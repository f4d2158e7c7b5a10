import type { MessageDraft } from '../../src/messages/message-draft.js';
import type { RoomRef } from '../../src/rooms/rooms.service.js';

export function roomRef(overrides: Partial<RoomRef> = {}): RoomRef {
  const slug = overrides.slug ?? 'general';
  return { id: 1, slug, name: slug, ...overrides };
}

export function draft(overrides: Partial<MessageDraft> = {}): MessageDraft {
  return { room: roomRef(), username: 'Ali', content: 'Hello!', ...overrides };
}
