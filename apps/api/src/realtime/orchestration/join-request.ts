import type { Identity } from '../../identity/identity.js';

/** A connection's ask, checked at the upgrade: which room, as whom, and from which seq on. */
export interface JoinRequest {
  room: string;
  identity: Identity;
  /** The last seq the client saw; undefined for a first visit. */
  since: number | undefined;
  /** The access ledger's version before the upgrade read the connection's rights (its Grant's start). */
  grantAt: number;
}

/** A signed-in user's own stream, checked at the upgrade. */
export interface UserStreamRequest {
  userStream: true;
  identity: Identity;
  grantAt: number;
}
