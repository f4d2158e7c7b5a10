import { LIMITS, isSingleEmoji, type Reaction } from '@parley/contracts';

/** What the picker offers: a handful of common ones, each one emoji by the server's rule. */
export const COMMON_EMOJI: readonly string[] = ['👍', '❤️', '😂', '🎉', '😮', '😢', '👀', '🙏'].filter(isSingleEmoji);

/**
 * Whether a reaction is the viewer's. Reactions list people by display name (a signed-in user's username, a guest's
 * name), the first LIMITS.reactionUsersListed of them only: past those a name not listed may still have reacted.
 */
export type Mine = 'yes' | 'no' | 'unknown';

export function mineIn(reaction: Reaction | undefined, name: string): Mine {
  if (!reaction) return 'no';
  if (reaction.users.includes(name)) return 'yes';
  return reaction.count > reaction.users.length ? 'unknown' : 'no';
}

/**
 * What a click on the emoji asks for: off when it is the viewer's, on otherwise. Unknown counts as not theirs: on
 * is idempotent on the server, so at worst it changes nothing.
 */
export function toggleOn(reaction: Reaction | undefined, name: string): boolean {
  return mineIn(reaction, name) !== 'yes';
}

/**
 * The reactions as they will be once the viewer's change is stored, to show it before the server answers. A change
 * the reactions already show changes nothing, and so does one whose effect cannot be known (turning on an emoji
 * whose listed names stop short of everyone).
 */
export function withReaction(reactions: readonly Reaction[], emoji: string, on: boolean, name: string): Reaction[] {
  const index = reactions.findIndex((reaction) => reaction.emoji === emoji);
  const existing = index < 0 ? undefined : reactions[index]!;
  const mine = mineIn(existing, name);
  if (on && mine === 'no') {
    if (!existing) return [...reactions, { emoji, count: 1, users: [name] }];
    const users = existing.users.length < LIMITS.reactionUsersListed ? [...existing.users, name] : existing.users;
    return reactions.map((reaction, at) => (at === index ? { emoji, count: reaction.count + 1, users } : reaction));
  }
  if (!on && mine === 'yes' && existing) {
    if (existing.count <= 1) return reactions.filter((_, at) => at !== index);
    const users = existing.users.filter((user) => user !== name);
    return reactions.map((reaction, at) => (at === index ? { emoji, count: reaction.count - 1, users } : reaction));
  }
  return [...reactions];
}

/** Who reacted, for the chip's tooltip: "ali, bea and 3 more". */
export function describeReactors(reaction: Reaction): string {
  const listed = reaction.users.join(', ');
  const more = reaction.count - reaction.users.length;
  if (reaction.users.length === 0) return `${reaction.count} ${reaction.count === 1 ? 'person' : 'people'}`;
  return more > 0 ? `${listed} and ${more} more` : listed;
}
