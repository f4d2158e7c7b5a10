/**
 * Who is online anywhere in the deployment: a user is online while they have at least one socket open on any instance
 * (a room or their own stream). `LocalOnlineRegistry` is one process; `RedisOnlineRegistry` spans instances.
 */
export abstract class OnlineRegistry {
  /** A socket of the user opened on this instance. */
  abstract connected(userId: string): void;

  /** A socket of the user closed on this instance. */
  abstract disconnected(userId: string): void;

  /**
   * Whether each user is online, in the order given: now, or at a moment of the last few seconds (`at`, epoch ms) —
   * a user who closed their last socket just after it still counts, as they were there.
   */
  abstract areOnline(userIds: readonly string[], at?: number): Promise<boolean[]>;
}

/** How long a user's going offline is remembered, for questions about a moment just past. */
export const OFFLINE_REMEMBERED_MS = 10_000;

/** Sockets per user on this instance. */
export class LocalSocketCounts {
  private readonly counts = new Map<string, number>();

  add(userId: string): void {
    this.counts.set(userId, (this.counts.get(userId) ?? 0) + 1);
  }

  remove(userId: string): void {
    const remaining = (this.counts.get(userId) ?? 1) - 1;
    if (remaining > 0) this.counts.set(userId, remaining);
    else this.counts.delete(userId);
  }

  has(userId: string): boolean {
    return this.counts.has(userId);
  }

  users(): string[] {
    return [...this.counts.keys()];
  }
}

export class LocalOnlineRegistry extends OnlineRegistry {
  private readonly sockets = new LocalSocketCounts();
  /** When each user last went offline (recently). */
  private readonly wentOffline = new Map<string, number>();

  connected(userId: string): void {
    this.sockets.add(userId);
  }

  disconnected(userId: string): void {
    this.sockets.remove(userId);
    if (this.sockets.has(userId)) return;
    const now = Date.now();
    this.wentOffline.delete(userId);
    this.wentOffline.set(userId, now);
    // Oldest first: forget what is past remembering.
    for (const [user, at] of this.wentOffline) {
      if (now - at <= OFFLINE_REMEMBERED_MS) break;
      this.wentOffline.delete(user);
    }
  }

  async areOnline(userIds: readonly string[], at = Date.now()): Promise<boolean[]> {
    return userIds.map((userId) => this.sockets.has(userId) || (this.wentOffline.get(userId) ?? 0) > at);
  }
}
