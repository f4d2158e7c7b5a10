import type { RoomKind, RoomVisibility } from '@parley/contracts';

/**
 * What the realtime and message paths need of a room; rooms are never renamed or deleted, so it may be cached. Its one
 * setting that changes, `guests`, is told to every instance (`moderation.changed`), whose caches take the new value.
 */
export interface RoomRef {
  id: number;
  slug: string;
  name: string;
  visibility: RoomVisibility;
  kind: RoomKind;
  /** Whether guests may open it. */
  guests: boolean;
}
