import type { SystemData } from '@parley/contracts';

/** A room notice as a sentence: "bea joined", "bea was added by ali", "bea is no longer a member". */
export function describeNotice(notice: Pick<SystemData, 'kind' | 'username' | 'by'>): string {
  const { kind, username, by } = notice;
  switch (kind) {
    case 'join':
      return `${username} joined`;
    case 'leave':
      return `${username} left`;
    case 'added':
      return by ? `${username} was added by ${by}` : `${username} was added`;
    case 'removed':
      // Leaving the membership, not just the room for now (that is "left").
      if (!by || by === username) return `${username} is no longer a member`;
      return `${username} was removed by ${by}`;
  }
}

/** Why the room shut its socket on the user for good (4403), as they are told: a ban says "banned" in the reason. */
export function describeRemoval(reason: string): string {
  return /\bbanned\b/i.test(reason) ? 'You were banned from this room.' : 'You were removed from this room.';
}
