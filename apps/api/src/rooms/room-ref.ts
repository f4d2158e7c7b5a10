import type { RoomKind, RoomVisibility } from '@parley/contracts';

/** What the realtime and message paths need of a room; rooms are never renamed or deleted, so it may be cached. */
export interface RoomRef {
  id: number;
  slug: string;
  name: string;
  visibility: RoomVisibility;
  kind: RoomKind;
}
