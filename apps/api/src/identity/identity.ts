/**
 * Who a connection speaks as: a guest, known only by the name it chose, or a registered user, whose id is what makes
 * them one person. Everything that asks "is this the same person?" (several tabs, presence, resent messages) compares
 * `key`, never the name.
 */
export class Identity {
  private constructor(
    readonly username: string,
    readonly userId: string | null,
    /** The sign-in session a user's connection belongs to, so revoking it closes the connection. */
    readonly sessionId: string | null,
  ) {}

  static guest(username: string): Identity {
    return new Identity(username, null, null);
  }

  static user(userId: string, username: string, sessionId: string | null): Identity {
    return new Identity(username, userId, sessionId);
  }

  get isGuest(): boolean {
    return this.userId === null;
  }

  /** The same for every connection of one person, different for any two people. */
  get key(): string {
    return this.userId === null ? `guest:${this.username}` : `user:${this.userId}`;
  }
}
