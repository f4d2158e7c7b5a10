/**
 * Who is online anywhere in the deployment: a user is online while they have at least one socket open on any instance
 * (a room or their own stream). `LocalOnlineRegistry` is one process; `RedisOnlineRegistry` spans instances.
 */
export abstract class OnlineRegistry {
  /** A socket of the user opened on this instance. */
  abstract connected(userId: string): void;

  /** A socket of the user closed on this instance. */
  abstract disconnected(userId: string): void;

  /** Whether each user is online, in the order given. */
  abstract areOnline(userIds: readonly string[]): Promise<boolean[]>;
}

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

  connected(userId: string): void {
    this.sockets.add(userId);
  }

  disconnected(userId: string): void {
    this.sockets.remove(userId);
  }

  async areOnline(userIds: readonly string[]): Promise<boolean[]> {
    return userIds.map((userId) => this.sockets.has(userId));
  }
}
