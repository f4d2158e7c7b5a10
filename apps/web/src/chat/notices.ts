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
