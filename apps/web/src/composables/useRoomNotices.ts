import { CloseCode } from '@parley/contracts';
import { computed } from 'vue';
import { describeRemoval } from '../chat/notices';
import { formatUntil } from '../format/time';
import type { Room } from './useRoom';

/**
 * What the room tells its user about their standing in it, read from its socket: why it shut them out for good (their
 * guest name is a registered user's, they were removed or banned, the room is closed to guests), and until when they
 * are muted.
 */
export function useRoomNotices(room: Pick<Room, 'self' | 'status' | 'mutedUntil'>) {
  const { self, status, mutedUntil } = room;
  const closedWith = (code: CloseCode) => status.value.state === 'fatal' && status.value.code === code;

  const nameTaken = computed(() => closedWith(CloseCode.NameTaken));
  const removed = computed(() => closedWith(CloseCode.RemovedFromRoom));
  const removal = computed(() => (status.value.state === 'fatal' ? describeRemoval(status.value.reason) : ''));
  /** A guest in a room closed to guests: refused at the door, or let go when guests were turned off. */
  const guestsRefused = computed(() => self.userId === null && closedWith(CloseCode.Unauthorized));
  const mutedLine = computed(() =>
    mutedUntil.value ? `You are muted in this room until ${formatUntil(mutedUntil.value, Date.now())}.` : null,
  );

  return { nameTaken, removed, removal, guestsRefused, mutedLine };
}

export type RoomNotices = ReturnType<typeof useRoomNotices>;
