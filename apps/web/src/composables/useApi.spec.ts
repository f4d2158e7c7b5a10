import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/rest';
import { AuthSession } from '../auth/session';
import { FakeAuthServer } from '../testing/fakeAuthServer';
import { sessionAuthorizer } from './useApi';

describe('sessionAuthorizer', () => {
  it("calls with the session's access token while signed in, renewing one the server refused", async () => {
    const server = new FakeAuthServer();
    const session = new AuthSession({ api: server });
    await session.signIn({ username: 'ali', password: 'correct horse' });
    server.sessionActive = true;
    const tokens: (string | undefined)[] = [];
    const authorize = sessionAuthorizer(session);

    await authorize(async (token) => tokens.push(token));
    server.refuseAccessTokens();
    await authorize(async (token) => {
      tokens.push(token);
      if (token === 'access-1') throw new ApiError(401, 'expired');
    });

    expect(tokens).toEqual(['access-1', 'access-1', 'access-2']);
  });

  it('calls with no token when nobody is signed in', async () => {
    const session = new AuthSession({ api: new FakeAuthServer() });
    await session.restore();
    const tokens: (string | undefined)[] = [];
    await sessionAuthorizer(session)(async (token) => tokens.push(token));
    expect(tokens).toEqual([undefined]);
  });
});
