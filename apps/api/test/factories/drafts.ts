import type { MessageDraft } from '../../src/messages/message-draft.js';
import { Identity } from '../../src/identity/identity.js';
import type { RoomRef } from '../../src/rooms/room-ref.js';

export function roomRef(overrides: Partial<RoomRef> = {}): RoomRef {
  const slug = overrides.slug ?? 'general';
  return { id: 1, slug, name: slug, visibility: 'public', kind: 'room', guests: true, ...overrides };
}

export function draft(overrides: Partial<MessageDraft> = {}): MessageDraft {
  return { room: roomRef(), sender: Identity.guest('Ali'), content: 'Hello!', ...overrides };
}
