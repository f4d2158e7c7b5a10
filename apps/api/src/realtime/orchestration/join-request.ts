import type { Identity } from '../../identity/identity.js';

/** A connection's ask, checked at the upgrade: which room, as whom, and from which seq on. */
export interface JoinRequest {
  room: string;
  identity: Identity;
  /** The last seq the client saw; undefined for a first visit. */
  since: number | undefined;
}
