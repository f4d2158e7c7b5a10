import type { AuthResult, ChangePasswordRequest, Credentials, TokenPair, User } from '@parley/contracts';
import type { AuthApi } from '../api/authApi';
import { ApiError, describeError, HTTP_UNAUTHORIZED } from '../api/rest';
import { inBackground } from '../background';

export type AuthState =
  /** The page just loaded and is asking the server whether its refresh cookie still holds a session. */
  | { status: 'restoring' }
  | { status: 'signedIn'; user: User }
  /** `notice` says why, when the person did not sign out themselves. */
  | { status: 'signedOut'; notice: string | null };

/** The part of the Web Locks API the session uses (`navigator.locks`). */
export interface ExclusiveLocks {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export interface AuthSessionOptions {
  api: AuthApi;
  /**
   * Every tab of the page shares one refresh cookie, and a refresh token presented twice revokes the whole session:
   * with locks, tabs refresh one after the other, each sending the cookie the previous one received. Without them
   * (old browsers, pages not served over HTTPS or from localhost) two tabs refreshing in the same instant can end
   * the session; it is then signed out like any ended session.
   */
  locks?: ExclusiveLocks;
  onChange?: (state: AuthState) => void;
  now?: () => number;
}

/** The access token is renewed once this share of its lifetime has passed, so that it is never presented stale. */
export const RENEW_AT_SHARE_OF_LIFETIME = 0.8;
export const REFRESH_LOCK_NAME = 'parley-refresh';
export const SESSION_ENDED_NOTICE =
  'You were signed out: your session ended (signed out or password changed elsewhere). Sign in again to continue.';

function isUnauthorized(error: unknown): boolean {
  return error instanceof ApiError && error.status === HTTP_UNAUTHORIZED;
}

function sessionEndedError(): ApiError {
  return new ApiError(HTTP_UNAUTHORIZED, SESSION_ENDED_NOTICE);
}

/**
 * Who this page speaks as, and the access token that proves it. The token lives in this object only; the refresh
 * token never reaches the page at all (the server keeps it in an httpOnly cookie). The token is renewed before it
 * expires, and once more whenever the server refuses it early; a session the server ended is signed out here too.
 */
export class AuthSession {
  private current: AuthState = { status: 'restoring' };
  private access: { token: string; renewAt: number } | null = null;
  private renewal: Promise<string | null> | null = null;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every sign-in and sign-out, so that a refresh answered after one is not taken for the new state. */
  private epoch = 0;
  private signingOut = false;

  private readonly api: AuthApi;
  private readonly now: () => number;

  constructor(private readonly options: AuthSessionOptions) {
    this.api = options.api;
    this.now = options.now ?? Date.now;
  }

  get state(): AuthState {
    return this.current;
  }

  /** On page load: a refresh cookie that still holds a session signs the page in again. */
  async restore(): Promise<void> {
    try {
      const token = await this.renew();
      if (token === null) return;
      const user = await this.api.me(token);
      if (this.current.status === 'restoring') this.setState({ status: 'signedIn', user });
    } catch (error) {
      if (this.current.status !== 'restoring') return;
      this.signOutLocally(
        isUnauthorized(error)
          ? null
          : `Could not check whether you are signed in: ${describeError(error)} Reload the page to try again.`,
      );
    }
  }

  async signIn(credentials: Credentials): Promise<void> {
    this.adoptSignIn(await this.api.login(credentials));
  }

  async signUp(credentials: Credentials): Promise<void> {
    this.adoptSignIn(await this.api.register(credentials));
  }

  /**
   * Ends the session on the server, which is the only place the refresh cookie can be cleared: signed out only
   * here, a reload would sign the page in again. When the server cannot be reached the page stays signed in.
   */
  async signOut(): Promise<void> {
    // The server closes the session's sockets with 4401 before it answers: that is no ended session to report.
    this.signingOut = true;
    try {
      await this.authorized((accessToken) => this.api.logout(accessToken));
    } catch (error) {
      // Refused: the session was over already, which is all signing out asks.
      if (!isUnauthorized(error)) throw error;
    } finally {
      this.signingOut = false;
    }
    this.signOutLocally(null);
  }

  /** Throws the server's refusal: 403 for a wrong current password, 400 for an invalid new one. */
  async changePassword(request: ChangePasswordRequest): Promise<void> {
    await this.authorized((accessToken) => this.api.changePassword(accessToken, request));
  }

  /** A single-use ticket for opening one socket as the signed-in user. */
  async socketTicket(): Promise<string> {
    const { ticket } = await this.authorized((accessToken) => this.api.ticket(accessToken));
    return ticket;
  }

  /** The server said the session is over (a socket closed with 4401): sign out here, saying why. */
  endSession(): void {
    if (this.current.status === 'signedOut') return;
    const unexpected = this.current.status === 'signedIn' && !this.signingOut;
    this.signOutLocally(unexpected ? SESSION_ENDED_NOTICE : null);
  }

  dismissNotice(): void {
    if (this.current.status === 'signedOut' && this.current.notice !== null) {
      this.setState({ status: 'signedOut', notice: null });
    }
  }

  /**
   * Calls with a fresh access token; when the server refuses it anyway (401), renews it and calls once more.
   * Throws a 401 ApiError when there is no session (any more).
   */
  async authorized<T>(call: (accessToken: string) => Promise<T>): Promise<T> {
    const token = await this.freshAccessToken();
    try {
      return await call(token);
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
    }
    const renewed = await this.renewAfterRefusal(token);
    try {
      return await call(renewed);
    } catch (error) {
      // Refused right after a renewal: the session is gone, whatever the refresh said a moment ago.
      if (isUnauthorized(error)) this.endSession();
      throw error;
    }
  }

  private async freshAccessToken(): Promise<string> {
    if (!this.access) throw new ApiError(HTTP_UNAUTHORIZED, 'Sign in first.');
    if (this.now() < this.access.renewAt) return this.access.token;
    const token = await this.renew();
    if (token === null) throw sessionEndedError();
    return token;
  }

  /** Calls refused at the same moment renew the token once: a call that finds it renewed already uses the new one. */
  private async renewAfterRefusal(refused: string): Promise<string> {
    if (!this.access) throw sessionEndedError();
    if (this.access.token !== refused) return this.access.token;
    const token = await this.renew();
    if (token === null) throw sessionEndedError();
    return token;
  }

  /**
   * A new access token, or null when the server holds no session for this page (then signed out). Throws when the
   * server cannot be reached. One renewal at a time in this tab, and under the lock one at a time across tabs.
   */
  private renew(): Promise<string | null> {
    this.renewal ??= this.renewOnce().finally(() => (this.renewal = null));
    return this.renewal;
  }

  private async renewOnce(): Promise<string | null> {
    const epoch = this.epoch;
    let pair: TokenPair;
    try {
      pair = await this.underRefreshLock(() => this.api.refresh());
    } catch (error) {
      if (!isUnauthorized(error)) throw error;
      if (epoch === this.epoch) this.endSession();
      return null;
    }
    // Signed in or out meanwhile: that decides, not this answer.
    if (epoch !== this.epoch) return this.access?.token ?? null;
    return this.adoptTokens(pair);
  }

  private underRefreshLock<T>(refresh: () => Promise<T>): Promise<T> {
    return this.options.locks ? this.options.locks.request(REFRESH_LOCK_NAME, refresh) : refresh();
  }

  private adoptSignIn(result: AuthResult): void {
    this.epoch++;
    this.adoptTokens(result);
    this.setState({ status: 'signedIn', user: result.user });
  }

  /** Keeps the access token only: the refresh token in the same answer is the cookie's business. */
  private adoptTokens({ accessToken, expiresIn }: TokenPair): string {
    const renewInMs = expiresIn * 1000 * RENEW_AT_SHARE_OF_LIFETIME;
    this.access = { token: accessToken, renewAt: this.now() + renewInMs };
    clearTimeout(this.renewTimer);
    this.renewTimer = setTimeout(() => inBackground(this.renewAhead(), 'Renewing the session'), renewInMs);
    return accessToken;
  }

  private async renewAhead(): Promise<void> {
    try {
      await this.renew();
    } catch {
      // The server is unreachable for now: the next call that needs the token renews it first.
    }
  }

  private signOutLocally(notice: string | null): void {
    this.epoch++;
    clearTimeout(this.renewTimer);
    this.access = null;
    this.setState({ status: 'signedOut', notice });
  }

  private setState(next: AuthState): void {
    this.current = next;
    this.options.onChange?.(next);
  }
}
