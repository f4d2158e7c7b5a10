import { CloseCode } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { shallowRef } from 'vue';
import { formatUntil } from '../format/time';
import type { ConnectionStatus } from '../realtime/connection';
import { useRoomNotices } from './useRoomNotices';

/** The notices of a room as the user `userId` (null: a guest) sees them, with its socket's status and mute to set. */
function noticesFor(userId: string | null) {
  const status = shallowRef<ConnectionStatus>({ state: 'connected' });
  const mutedUntil = shallowRef<string | null>(null);
  const notices = useRoomNotices({ self: { username: 'bea', userId }, status, mutedUntil });
  const closeWith = (code: CloseCode, reason: string) => {
    status.value = { state: 'fatal', code, reason };
  };
  return { notices, closeWith, mutedUntil };
}

describe('useRoomNotices', () => {
  it('says nothing while the room is open and the user may send', () => {
    const { notices } = noticesFor('user-bea');
    expect(notices.nameTaken.value).toBe(false);
    expect(notices.removed.value).toBe(false);
    expect(notices.guestsRefused.value).toBe(false);
    expect(notices.mutedLine.value).toBeNull();
  });

  it('tells a ban from a removal', () => {
    const { notices, closeWith } = noticesFor('user-bea');
    closeWith(CloseCode.RemovedFromRoom, 'banned');
    expect(notices.removed.value).toBe(true);
    expect(notices.removal.value).toBe('You were banned from this room.');

    closeWith(CloseCode.RemovedFromRoom, 'You are no longer a member of this room');
    expect(notices.removal.value).toBe('You were removed from this room.');
  });

  it('tells a guest, and only a guest, refused by a room closed to guests', () => {
    const guest = noticesFor(null);
    guest.closeWith(CloseCode.Unauthorized, 'This room is for signed-in users only.');
    expect(guest.notices.guestsRefused.value).toBe(true);

    const user = noticesFor('user-bea');
    user.closeWith(CloseCode.Unauthorized, 'Session expired');
    expect(user.notices.guestsRefused.value).toBe(false);
  });

  it("tells a guest their name is a registered user's", () => {
    const { notices, closeWith } = noticesFor(null);
    closeWith(CloseCode.NameTaken, 'This name belongs to a registered user: sign in');
    expect(notices.nameTaken.value).toBe(true);
    expect(notices.removed.value).toBe(false);
  });

  it('says until when the user is muted, and nothing once the mute lifts', () => {
    const { notices, mutedUntil } = noticesFor('user-bea');
    const until = new Date(Date.now() + 3_600_000).toISOString();
    mutedUntil.value = until;
    expect(notices.mutedLine.value).toBe(`You are muted in this room until ${formatUntil(until, Date.now())}.`);
    mutedUntil.value = null;
    expect(notices.mutedLine.value).toBeNull();
  });
});
