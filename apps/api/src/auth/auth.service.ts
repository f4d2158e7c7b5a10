import { Injectable } from '@nestjs/common';
import type { AuthResult, TokenPair } from '@parley/contracts';
import { RateLimitedException } from '../rate-limits/rate-limited.exception.js';
import type { UserEntity } from '../users/user.entity.js';
import { toUser, UsersService } from '../users/users.service.js';
import { AccessTokens } from './access-tokens.js';
import { DomainEvents } from '../events/domain-events.js';
import { InvalidCredentialsException, UsernameTakenException, WrongPasswordException } from './auth.exceptions.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import type { Principal } from './principal.js';
import { SessionsService, type IssuedSession } from './sessions.service.js';

/** Registering, signing in and out, refreshing, changing a password. Usernames are normalised by the DTOs. */
@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly throttle: LoginThrottle,
    private readonly events: DomainEvents,
  ) {}

  async register(username: string, password: string): Promise<AuthResult> {
    const user = await this.users.create(username, await this.passwords.hash(password));
    if (!user) throw new UsernameTakenException(username);
    this.events.emit('account.changed', { kind: 'registered', username });
    return this.signIn(user);
  }

  async login(username: string, password: string, address: string): Promise<AuthResult> {
    await this.countAttempt(username, address);
    const user = await this.users.findByUsername(username);
    const matches = await this.passwords.verify(user?.passwordHash ?? null, password);
    // A deactivated account answers exactly as a wrong password does: nothing tells it apart.
    if (!user || !matches || user.deactivatedAt !== null) throw new InvalidCredentialsException();
    await this.throttle.succeeded(username, address);
    if (this.passwords.needsRehash(user.passwordHash)) {
      await this.users.setPasswordHash(user.id, await this.passwords.hash(password));
    }
    const session = await this.sessions.create(user.id);
    // Deactivated meanwhile: its revocation may have read the sessions before this one existed, so it goes here.
    if ((await this.users.findById(user.id))?.deactivatedAt !== null) {
      await this.sessions.revoke([session.session.id]);
      throw new InvalidCredentialsException();
    }
    return this.signIn(user, session);
  }

  /** The user's first tokens of a new session. */
  private async signIn(user: UserEntity, session?: IssuedSession): Promise<AuthResult> {
    const issued = session ?? (await this.sessions.create(user.id));
    return { user: toUser(user), ...(await this.issue(user.id, user.username, issued)) };
  }

  /** A new token pair for a good refresh token; null otherwise (a replayed one has revoked its session). */
  async refresh(refreshToken: string): Promise<TokenPair | null> {
    const rotated = await this.sessions.rotate(refreshToken);
    if (!rotated) return null;
    const user = await this.users.findById(rotated.session.userId);
    return user && user.deactivatedAt === null ? this.issue(user.id, user.username, rotated) : null;
  }

  logout(principal: Principal): Promise<void> {
    return this.sessions.revoke([principal.sessionId]);
  }

  /**
   * The current password is a guess like a sign-in's, counted under the same limit for the name. Every other session
   * of the user is revoked: whoever knew the old password is signed out.
   */
  async changePassword(
    principal: Principal,
    currentPassword: string,
    newPassword: string,
    address: string,
  ): Promise<void> {
    await this.countAttempt(principal.username, address);
    const user = await this.users.findById(principal.userId);
    if (!user || !(await this.passwords.verify(user.passwordHash, currentPassword))) {
      throw new WrongPasswordException();
    }
    await this.throttle.succeeded(principal.username, address);
    await this.users.setPasswordHash(user.id, await this.passwords.hash(newPassword));
    await this.sessions.revokeAllOf(user.id, principal.sessionId);
  }

  private async countAttempt(username: string, address: string): Promise<void> {
    const verdict = await this.throttle.attempt(username, address);
    if (!verdict.allowed) throw new RateLimitedException('password attempts', verdict.retryAfterSeconds);
  }

  private async issue(userId: string, username: string, issued: IssuedSession): Promise<TokenPair> {
    const access = await this.tokens.issue({ userId, username, sessionId: issued.session.id });
    return { ...access, refreshToken: issued.refreshToken };
  }
}
