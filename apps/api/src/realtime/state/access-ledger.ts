import { Injectable } from '@nestjs/common';
import { CloseCode, foldName } from '@parley/contracts';
import type { Identity } from '../../identity/identity.js';

/**
 * What a connection was let in on, and when: the ledger's version before its session, membership and name were read,
 * and who in which room (null: a user stream), from which the keys a revocation of any of them is recorded under are
 * made — only when the ledger moved, so a connection holds no strings of its own for it.
 */
export interface Grant {
  /** Moved forward by each check that finds nothing revoked, so the next check is one comparison again. */
  at: number;
  readonly identity: Identity;
  readonly roomId: number | null;
}

/** A grant still holds, was revoked (close with this code), or predates a resync and must be read again. */
export type GrantStatus = 'valid' | 'stale' | Revocation;

/** What each kind of revocation closes a connection with. */
export const REVOKED = {
  session: { code: CloseCode.Unauthorized, reason: 'Signed out' },
  membership: { code: CloseCode.RemovedFromRoom, reason: 'You are no longer a member of this room' },
  guestName: { code: CloseCode.NameTaken, reason: 'This name was just registered: sign in to use it' },
  ban: { code: CloseCode.RemovedFromRoom, reason: 'banned' },
  guestsOff: { code: CloseCode.Unauthorized, reason: 'Guests may no longer take part in this room: sign in' },
} as const;

export type Revocation = (typeof REVOKED)[keyof typeof REVOKED];

/** Revocations are kept this long: far longer than any join takes, and only a join can hold a grant this old unchecked. */
const REVOCATION_MEMORY_MS = 60 * 60 * 1000;

/**
 * This instance's record of what was taken away from whom — sessions revoked, members removed or banned, guest names
 * registered, guests turned away from a room — as a version number that every such change moves. A connection's Grant
 * records the version before its rights were read, so a revocation that arrived at any moment after that read (while it
 * was still joining, or long after) is found by comparing two numbers: every frame it sends and every room event it is
 * sent asks `check`, and the common answer (nothing changed since) costs one comparison. After a link outage the rights
 * of every connection are read again from the database (`resynced`): a grant older than that is `stale` until read
 * again.
 */
@Injectable()
export class AccessLedger {
  private version = 0;
  private resyncedAt = 0;
  private readonly revokedAt = new Map<string, { version: number; at: number; revocation: Revocation }>();

  /**
   * The grant of an identity's rights in a room (null: a user stream), read after the ledger stood at `at` (`current`
   * taken before the read): whatever was revoked since is found by `check`.
   */
  grant(identity: Identity, roomId: number | null, at: number): Grant {
    return { at, identity, roomId };
  }

  check(grant: Grant): GrantStatus {
    if (grant.at === this.version) return 'valid';
    for (const key of grantKeys(grant.identity, grant.roomId)) {
      const revoked = this.revokedAt.get(key);
      if (revoked && revoked.version > grant.at) return revoked.revocation;
    }
    if (grant.at < this.resyncedAt) return 'stale';
    grant.at = this.version;
    return 'valid';
  }

  /** A grant whose rights were read again, in a read that began at version `readAt`, and found to hold. */
  renew(grant: Grant, readAt: number): void {
    grant.at = Math.max(grant.at, readAt);
  }

  /** The version a read of rights that starts now is current as of. */
  get current(): number {
    return this.version;
  }

  sessionsRevoked(sessionIds: readonly string[]): void {
    for (const id of sessionIds) this.record(sessionKey(id), REVOKED.session);
  }

  memberRemoved(roomId: number, userId: string): void {
    this.record(memberKey(roomId, userId), REVOKED.membership);
  }

  nameRegistered(username: string): void {
    this.record(guestKey(username), REVOKED.guestName);
  }

  banned(roomId: number, userId: string): void {
    this.record(memberKey(roomId, userId), REVOKED.ban);
  }

  guestsTurnedOff(roomId: number): void {
    this.record(roomGuestsKey(roomId), REVOKED.guestsOff);
  }

  /** Every connection's rights are being read again: grants given before now are stale until renewed. */
  resynced(): void {
    this.resyncedAt = ++this.version;
  }

  private record(key: string, revocation: Revocation): void {
    const now = Date.now();
    // Entries stay in the order they were recorded, so the oldest are found first.
    this.revokedAt.delete(key);
    this.revokedAt.set(key, { version: ++this.version, at: now, revocation });
    for (const [oldKey, revoked] of this.revokedAt) {
      if (now - revoked.at < REVOCATION_MEMORY_MS) break;
      this.revokedAt.delete(oldKey);
    }
  }
}

function grantKeys(identity: Identity, roomId: number | null): string[] {
  if (identity.userId === null) {
    return roomId === null ? [guestKey(identity.username)] : [guestKey(identity.username), roomGuestsKey(roomId)];
  }
  const keys = identity.sessionId === null ? [] : [sessionKey(identity.sessionId)];
  if (roomId !== null) keys.push(memberKey(roomId, identity.userId));
  return keys;
}

function sessionKey(sessionId: string): string {
  return `session:${sessionId}`;
}

function memberKey(roomId: number, userId: string): string {
  return `member:${roomId}:${userId}`;
}

function roomGuestsKey(roomId: number): string {
  return `guests:${roomId}`;
}

function guestKey(name: string): string {
  return `guest:${foldName(name)}`;
}
