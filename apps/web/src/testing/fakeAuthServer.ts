import type { AuthResult, ChangePasswordRequest, Credentials, SocketTicket, TokenPair, User } from '@parley/contracts';
import type { AuthApi } from '../api/authApi';
import { ApiError } from '../api/rest';
import { user } from './factories';

const PASSWORD = 'correct horse';

/**
 * The account endpoints as a tiny server with one account (`ali`, password "correct horse") and the browser's
 * refresh cookie: `sessionActive` says whether that cookie still holds a live session. Every call is logged in
 * `calls`, with the access token it carried ("ticket access-2"), so tests read as the exchange they expect.
 */
export class FakeAuthServer implements AuthApi {
  readonly account: User = user();
  readonly calls: string[] = [];
  sessionActive = false;
  reachable = true;
  /** Seconds each access token is valid. */
  expiresIn = 100;
  /** When set, sign-ins are refused with 429 and this Retry-After. */
  lockedForSeconds: number | undefined;

  private password = PASSWORD;
  private issued = 0;
  private tickets = 0;
  private readonly validAccess = new Set<string>();
  private heldRefreshes: (() => void)[] | null = null;

  /** Answers refreshes only once the returned function is called, as a slow network would. */
  holdRefreshes(): () => void {
    const held: (() => void)[] = [];
    this.heldRefreshes = held;
    return () => {
      this.heldRefreshes = null;
      for (const release of held.splice(0)) release();
    };
  }

  /** The server forgets the access tokens it issued (a restart with a new secret) but keeps the session. */
  refuseAccessTokens(): void {
    this.validAccess.clear();
  }

  /** Signed out elsewhere, or the password changed elsewhere: the cookie and every token stop working. */
  endSession(): void {
    this.sessionActive = false;
    this.validAccess.clear();
  }

  async register(credentials: Credentials): Promise<AuthResult> {
    this.log('register');
    if (credentials.username === this.account.username) {
      throw new ApiError(409, `The username "${credentials.username}" is taken`);
    }
    return { user: user({ id: `user-${credentials.username}`, username: credentials.username }), ...this.signIn() };
  }

  async login(credentials: Credentials): Promise<AuthResult> {
    this.log('login');
    if (this.lockedForSeconds !== undefined) {
      throw new ApiError(429, 'Too many failed sign-ins', this.lockedForSeconds);
    }
    if (credentials.username !== this.account.username || credentials.password !== this.password) {
      throw new ApiError(401, 'Wrong username or password');
    }
    return { user: this.account, ...this.signIn() };
  }

  async refresh(): Promise<TokenPair> {
    this.log('refresh');
    if (this.heldRefreshes) await new Promise<void>((resolve) => this.heldRefreshes?.push(resolve));
    if (!this.sessionActive) throw new ApiError(401, 'The refresh token is not valid: sign in again');
    return this.issuePair();
  }

  async logout(accessToken: string): Promise<void> {
    this.log('logout', accessToken);
    this.endSession();
  }

  async me(accessToken: string): Promise<User> {
    this.log('me', accessToken);
    return this.account;
  }

  async changePassword(accessToken: string, request: ChangePasswordRequest): Promise<void> {
    this.log('password', accessToken);
    if (request.currentPassword !== this.password) throw new ApiError(403, 'The current password is wrong');
    this.password = request.newPassword;
  }

  async ticket(accessToken: string): Promise<SocketTicket> {
    this.log('ticket', accessToken);
    return { ticket: `ticket-${++this.tickets}`, expiresIn: 60 };
  }

  /** Logs the call; refuses it as the real server would when unreachable or when the token is not (any more) valid. */
  private log(call: string, accessToken?: string): void {
    this.calls.push(accessToken === undefined ? call : `${call} ${accessToken}`);
    if (!this.reachable) throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
    if (accessToken !== undefined && !this.validAccess.has(accessToken)) {
      throw new ApiError(401, 'Sign in first: the access token is missing, expired or revoked');
    }
  }

  private signIn(): TokenPair {
    this.sessionActive = true;
    return this.issuePair();
  }

  private issuePair(): TokenPair {
    const accessToken = `access-${++this.issued}`;
    this.validAccess.add(accessToken);
    return { accessToken, refreshToken: `refresh-${this.issued}`, expiresIn: this.expiresIn };
  }
}
