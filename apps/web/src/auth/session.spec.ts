import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/rest';
import { FakeAuthServer } from '../testing/fakeAuthServer';
import { AuthSession, REFRESH_LOCK_NAME, SESSION_ENDED_NOTICE, type AuthState, type ExclusiveLocks } from './session';

const ALI = { username: 'ali', password: 'correct horse' };
/** The server's access tokens live 100 s here: the session renews them after 80. */
const RENEW_AFTER_MS = 80_000;

async function flushPromises(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

/**
 * The Web Locks of one browser shared by several tabs: one holder per name at a time, the others queued in order.
 * `holdInAnotherTab` takes the lock as another tab would, until the returned function releases it.
 */
class FakeLocks implements ExclusiveLocks {
  readonly requested: string[] = [];
  private tail = Promise.resolve();

  request<T>(name: string, callback: () => Promise<T>): Promise<T> {
    this.requested.push(name);
    const run = this.tail.then(callback);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  holdInAnotherTab(name: string): () => void {
    let release!: () => void;
    const held = this.request(name, () => new Promise<void>((resolve) => (release = resolve)));
    held.catch(() => undefined);
    return () => release();
  }
}

function setup(options: { locks?: ExclusiveLocks } = {}) {
  const server = new FakeAuthServer();
  const states: AuthState[] = [];
  const session = new AuthSession({ api: server, locks: options.locks, onChange: (state) => states.push(state) });
  return { server, session, states };
}

async function signedIn(options: { locks?: ExclusiveLocks } = {}) {
  const context = setup(options);
  await context.session.signIn(ALI);
  context.server.calls.length = 0;
  return context;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
  localStorage.clear();
  sessionStorage.clear();
});

describe('AuthSession', () => {
  describe('on page load', () => {
    it('is signed in again when the refresh cookie still holds a session, asking the server who it is', async () => {
      const { server, session } = setup();
      server.sessionActive = true;
      expect(session.state).toEqual({ status: 'restoring' });

      await session.restore();

      expect(session.state).toEqual({ status: 'signedIn', user: server.account });
      expect(server.calls).toEqual(['refresh', 'me access-1']);
    });

    it('is signed out, with nothing to report, when the cookie holds no session', async () => {
      const { server, session } = setup();
      await session.restore();
      expect(session.state).toEqual({ status: 'signedOut', notice: null });
      expect(server.calls).toEqual(['refresh']);
    });

    it('says so when it could not ask the server', async () => {
      const { server, session } = setup();
      server.sessionActive = true;
      server.reachable = false;
      await session.restore();
      expect(session.state).toMatchObject({ status: 'signedOut', notice: expect.stringMatching(/could not check/i) });
    });
  });

  describe('signing in and up', () => {
    it('signs in, keeping the tokens out of every storage a script could read back', async () => {
      const { session, states } = setup();
      await session.signIn({ username: 'ali', password: 'correct horse' });

      expect(states).toEqual([{ status: 'signedIn', user: expect.objectContaining({ username: 'ali' }) }]);
      expect(localStorage.length).toBe(0);
      expect(sessionStorage.length).toBe(0);
      expect(document.cookie).toBe('');
    });

    it("throws the server's refusal and stays as it was", async () => {
      const { server, session } = setup();
      await session.restore();
      const wrong = await rejectionOf(session.signIn({ username: 'ali', password: 'wrong password' }));
      expect(wrong.status).toBe(401);

      server.lockedForSeconds = 120;
      const locked = await rejectionOf(session.signIn(ALI));
      expect(locked).toMatchObject({ status: 429, retryAfterSeconds: 120 });
      expect(session.state).toEqual({ status: 'signedOut', notice: null });
    });

    it('signs up as the new user', async () => {
      const { session } = setup();
      await session.signUp({ username: 'bea', password: 'long enough' });
      expect(session.state).toEqual({
        status: 'signedIn',
        user: expect.objectContaining({ username: 'bea', id: 'user-bea' }),
      });
    });
  });

  describe('the access token', () => {
    it('is renewed at 80% of its lifetime, every time, and the renewed one is used', async () => {
      const { server, session } = await signedIn();

      await vi.advanceTimersByTimeAsync(RENEW_AFTER_MS - 1);
      expect(server.calls).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(server.calls).toEqual(['refresh']);

      await vi.advanceTimersByTimeAsync(RENEW_AFTER_MS);
      expect(server.calls).toEqual(['refresh', 'refresh']);
      await expect(session.socketTicket()).resolves.toBe('ticket-1');
      expect(server.calls.at(-1)).toBe('ticket access-3');
    });

    it('is renewed before a call when the renewal ahead of time could not reach the server', async () => {
      const { server, session } = await signedIn();
      server.reachable = false;
      await vi.advanceTimersByTimeAsync(RENEW_AFTER_MS);
      expect(session.state.status).toBe('signedIn');

      server.reachable = true;
      await expect(session.socketTicket()).resolves.toBe('ticket-1');
      expect(server.calls).toEqual(['refresh', 'refresh', 'ticket access-2']);
    });

    it('refused early (401) is renewed once and the call made again', async () => {
      const { server, session } = await signedIn();
      server.refuseAccessTokens();

      await expect(session.socketTicket()).resolves.toBe('ticket-1');
      expect(server.calls).toEqual(['ticket access-1', 'refresh', 'ticket access-2']);
    });

    it('refused by calls at the same moment is renewed once for all of them', async () => {
      const { server, session } = await signedIn();
      server.refuseAccessTokens();

      const tickets = await Promise.all([session.socketTicket(), session.socketTicket()]);
      expect(tickets.sort()).toEqual(['ticket-1', 'ticket-2']);
      expect(server.calls.filter((call) => call === 'refresh')).toHaveLength(1);
    });

    it('refused again right after its renewal ends the session rather than trying forever', async () => {
      const { server, session } = await signedIn();
      server.refuseAccessTokens();
      // The renewal succeeds, but the server refuses the renewed token as well.
      vi.spyOn(server, 'ticket').mockRejectedValue(new ApiError(401, 'Sign in first'));

      expect((await rejectionOf(session.socketTicket())).status).toBe(401);
      expect(server.ticket).toHaveBeenCalledTimes(2);
      expect(session.state).toEqual({ status: 'signedOut', notice: SESSION_ENDED_NOTICE });
    });

    it('is not retried for other refusals (403 is a wrong password, not a dead token)', async () => {
      const { server, session } = await signedIn();
      const error = await rejectionOf(session.changePassword({ currentPassword: 'nope', newPassword: 'long enough' }));
      expect(error.status).toBe(403);
      expect(server.calls).toEqual(['password access-1']);
      expect(session.state.status).toBe('signedIn');
    });
  });

  describe('when the server ended the session', () => {
    it('signs out with a notice once a renewal is refused, and stops renewing', async () => {
      const { server, session } = await signedIn();
      server.endSession();

      await vi.advanceTimersByTimeAsync(RENEW_AFTER_MS);
      expect(session.state).toEqual({ status: 'signedOut', notice: SESSION_ENDED_NOTICE });

      await vi.advanceTimersByTimeAsync(10 * RENEW_AFTER_MS);
      expect(server.calls).toEqual(['refresh']);
      expect((await rejectionOf(session.socketTicket())).status).toBe(401);
    });

    it('signs out with a notice when a call is refused and so is the renewal', async () => {
      const { server, session } = await signedIn();
      server.endSession();
      expect((await rejectionOf(session.socketTicket())).message).toBe(SESSION_ENDED_NOTICE);
      expect(server.calls).toEqual(['ticket access-1', 'refresh']);
      expect(session.state).toEqual({ status: 'signedOut', notice: SESSION_ENDED_NOTICE });
    });

    it('signs out with a notice when a socket reports it (4401), and the notice can be dismissed', async () => {
      const { session } = await signedIn();
      session.endSession();
      expect(session.state).toEqual({ status: 'signedOut', notice: SESSION_ENDED_NOTICE });
      session.dismissNotice();
      expect(session.state).toEqual({ status: 'signedOut', notice: null });
    });
  });

  describe('signing out', () => {
    it('ends the session on the server, then here, and renews nothing afterwards', async () => {
      const { server, session } = await signedIn();
      await session.signOut();

      expect(server.calls).toEqual(['logout access-1']);
      expect(session.state).toEqual({ status: 'signedOut', notice: null });
      await vi.advanceTimersByTimeAsync(10 * RENEW_AFTER_MS);
      expect(server.calls).toEqual(['logout access-1']);
    });

    it('reports no ended session for the sockets the server closes (4401) while it signs out', async () => {
      const { server, session } = await signedIn();
      vi.spyOn(server, 'logout').mockImplementation(async () => session.endSession());
      await session.signOut();
      expect(session.state).toEqual({ status: 'signedOut', notice: null });
    });

    it('stays signed in when the server cannot be told, since a reload would sign in again', async () => {
      const { server, session } = await signedIn();
      server.reachable = false;
      expect((await rejectionOf(session.signOut())).status).toBe(0);
      expect(session.state.status).toBe('signedIn');
    });
  });

  describe('across tabs', () => {
    it('renews under the shared lock, and waits while another tab holds it', async () => {
      const locks = new FakeLocks();
      const { server, session } = await signedIn({ locks });
      const releaseOtherTab = locks.holdInAnotherTab(REFRESH_LOCK_NAME);

      await vi.advanceTimersByTimeAsync(RENEW_AFTER_MS);
      expect(locks.requested).toEqual([REFRESH_LOCK_NAME, REFRESH_LOCK_NAME]);
      expect(server.calls).toEqual([]);

      releaseOtherTab();
      await flushPromises();
      expect(server.calls).toEqual(['refresh']);
      await session.socketTicket();
      expect(server.calls).toEqual(['refresh', 'ticket access-2']);
    });

    it('holds the lock until the answer (and so the new cookie) arrived', async () => {
      const locks = new FakeLocks();
      const { server } = await signedIn({ locks });
      const releaseAnswer = server.holdRefreshes();
      await vi.advanceTimersByTimeAsync(RENEW_AFTER_MS);

      let otherTabRan = false;
      const otherTab = locks.request(REFRESH_LOCK_NAME, async () => {
        otherTabRan = true;
      });
      await flushPromises();
      expect(otherTabRan).toBe(false);

      releaseAnswer();
      await otherTab;
      expect(otherTabRan).toBe(true);
    });
  });
});
