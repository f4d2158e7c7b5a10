import type { AuthResult, TokenPair } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { createAuthApi } from './authApi';
import { ApiError, createRequester } from './rest';

function recordingFetch(status: number, body?: unknown) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchFn = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  const headersOf = (index = 0) => new Headers(calls[index]?.init?.headers);
  return { calls, headersOf, api: createAuthApi(createRequester(fetchFn)) };
}

const pair: TokenPair = { accessToken: 'access', refreshToken: 'refresh', expiresIn: 900 };

describe('createAuthApi', () => {
  it('refreshes with an empty body and no token, so that the server reads the httpOnly cookie', async () => {
    const { calls, headersOf, api } = recordingFetch(200, pair);
    await expect(api.refresh()).resolves.toEqual(pair);
    expect(calls[0]?.url).toBe('/api/auth/refresh');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(calls[0]?.init?.body).toBe('{}');
    expect(headersOf().has('Authorization')).toBe(false);
  });

  it('signs in with the credentials as JSON', async () => {
    const result: AuthResult = { ...pair, user: { id: 'u1', username: 'ali', guest: false, admin: false } };
    const { calls, api } = recordingFetch(200, result);
    await expect(api.login({ username: 'ali', password: 'correct horse' })).resolves.toEqual(result);
    expect(calls[0]?.url).toBe('/api/auth/login');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ username: 'ali', password: 'correct horse' });
  });

  it('sends the access token as a Bearer header, and reads a 204 as done', async () => {
    const { calls, headersOf, api } = recordingFetch(204);
    await expect(api.changePassword('tok', { currentPassword: 'a', newPassword: 'b' })).resolves.toBeUndefined();
    expect(calls[0]?.url).toBe('/api/auth/password');
    expect(headersOf().get('Authorization')).toBe('Bearer tok');
  });

  it.each([
    ['logout', '/api/auth/logout', 'POST'],
    ['ticket', '/api/auth/ticket', 'POST'],
    ['me', '/api/me', 'GET'],
  ] as const)('%s calls %s with the Bearer header', async (call, url, method) => {
    const { calls, headersOf, api } = recordingFetch(200, {});
    await api[call]('tok');
    expect(calls[0]?.url).toBe(url);
    expect(calls[0]?.init?.method).toBe(method);
    expect(headersOf().get('Authorization')).toBe('Bearer tok');
  });

  it('passes the wait of a 429 on with the error', async () => {
    const fetchFn = async () =>
      new Response(JSON.stringify({ statusCode: 429, message: 'Too many failed sign-ins' }), {
        status: 429,
        headers: { 'Retry-After': '840' },
      });
    const error = await createAuthApi(createRequester(fetchFn))
      .login({ username: 'ali', password: 'x' })
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, message: 'Too many failed sign-ins', retryAfterSeconds: 840 });
  });
});
