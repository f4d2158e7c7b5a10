import type { MessagePage, RoomSummary } from '@parley/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createApi, REQUEST_TIMEOUT_MS, type Authorizer } from './rest';

const room: RoomSummary = {
  slug: 'general',
  name: 'General',
  visibility: 'public',
  kind: 'room',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastMessageAt: null,
};

function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetchFn = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  };
  return { calls, fetchFn };
}

async function rejectionOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('createApi', () => {
  it('posts a new room as JSON and returns the created summary', async () => {
    const { calls, fetchFn } = fakeFetch(201, room);
    const created = await createApi(fetchFn).createRoom({ slug: 'general', name: 'General' });

    expect(created).toEqual(room);
    expect(calls[0]?.url).toBe('/api/rooms');
    expect(calls[0]?.init?.method).toBe('POST');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ slug: 'general', name: 'General' });
  });

  it("throws the server's message with the status on a 409", async () => {
    const { fetchFn } = fakeFetch(409, { statusCode: 409, message: 'Room "general" already exists' });
    const error = await rejectionOf(createApi(fetchFn).createRoom({ slug: 'general' }));
    expect(error.status).toBe(409);
    expect(error.message).toBe('Room "general" already exists');
  });

  it('joins the validation messages of a 400', async () => {
    const { fetchFn } = fakeFetch(400, { statusCode: 400, message: ['slug is too long', 'name must be a string'] });
    const error = await rejectionOf(createApi(fetchFn).createRoom({ slug: 'x' }));
    expect(error.message).toBe('slug is too long; name must be a string');
  });

  it('still explains an error whose body is not JSON', async () => {
    const { fetchFn } = fakeFetch(502, '<html>Bad gateway</html>');
    const error = await rejectionOf(createApi(fetchFn).listRooms());
    expect(error.status).toBe(502);
    expect(error.message).toContain('502');
  });

  it('reports an unreachable server as status 0', async () => {
    const failing = async () => {
      throw new TypeError('Failed to fetch');
    };
    const error = await rejectionOf(createApi(failing).listRooms());
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not reach the server/i);
  });

  it('asks for a page of messages with only the cursors given', async () => {
    const page: MessagePage = { messages: [], hasMore: false };
    const { calls, fetchFn } = fakeFetch(200, page);
    await expect(createApi(fetchFn).getMessages('my room', { before: 51, limit: 50 })).resolves.toEqual(page);
    expect(calls[0]?.url).toBe('/api/rooms/my%20room/messages?before=51&limit=50');
  });

  it('reads one message, its earlier versions and the log after a seq at their paths', async () => {
    const { calls, fetchFn } = fakeFetch(200, []);
    const api = createApi(fetchFn);
    await api.getMessage('my room', 'id/1');
    await api.getEdits('general', 'id-2');
    await api.getEvents('general', { after: 40, limit: 100 });
    expect(calls.map((call) => call.url)).toEqual([
      '/api/rooms/my%20room/messages/id%2F1',
      '/api/rooms/general/messages/id-2/edits',
      '/api/rooms/general/events?after=40&limit=100',
    ]);
  });

  describe('as whoever is signed in', () => {
    /** Hands every call the token "access-1", and counts the calls it authorised. */
    function signedIn() {
      let authorised = 0;
      const authorize: Authorizer = (call) => {
        authorised++;
        return call('access-1');
      };
      return { authorize, authorised: () => authorised };
    }

    const headerOf = (init?: RequestInit) => (init?.headers as Record<string, string> | undefined)?.Authorization;

    it('sends the bearer token with every room call', async () => {
      const { calls, fetchFn } = fakeFetch(200, []);
      const { authorize, authorised } = signedIn();
      const api = createApi(fetchFn, undefined, undefined, authorize);
      await api.myRooms();
      await api.getMessages('secret', { after: 0 });
      await api.listMembers('secret');

      expect(calls.map((call) => call.url)).toEqual([
        '/api/me/rooms',
        '/api/rooms/secret/messages?after=0',
        '/api/rooms/secret/members',
      ]);
      expect(calls.map((call) => headerOf(call.init))).toEqual([
        'Bearer access-1',
        'Bearer access-1',
        'Bearer access-1',
      ]);
      expect(authorised()).toBe(3);
    });

    it('sends none for a guest', async () => {
      const { calls, fetchFn } = fakeFetch(200, room);
      await createApi(fetchFn).getRoom('general');
      expect(calls[0]?.url).toBe('/api/rooms/general');
      expect(headerOf(calls[0]?.init)).toBeUndefined();
    });

    it('creates a private room, opens a DM, and changes members with the methods and bodies of the protocol', async () => {
      const { calls, fetchFn } = fakeFetch(200, room);
      const api = createApi(fetchFn, undefined, undefined, signedIn().authorize);
      await api.createRoom({ name: 'Team', visibility: 'private' });
      await api.openDm('bea');
      await api.addMember('team', 'bea');
      await api.changeRole('team', 'bea', 'admin');

      expect(calls.map((call) => `${call.init?.method} ${call.url} ${String(call.init?.body)}`)).toEqual([
        'POST /api/rooms {"name":"Team","visibility":"private"}',
        'POST /api/dms {"username":"bea"}',
        'POST /api/rooms/team/members {"username":"bea"}',
        'PATCH /api/rooms/team/members/bea {"role":"admin"}',
      ]);
    });

    it('removes a member with DELETE and reads the 204 as nothing', async () => {
      const calls: { url: string; init?: RequestInit }[] = [];
      const fetchFn = async (url: string, init?: RequestInit) => {
        calls.push({ url, init });
        return new Response(null, { status: 204 });
      };
      await expect(createApi(fetchFn).removeMember('team', 'b.e a')).resolves.toBeUndefined();
      expect(calls[0]?.init?.method).toBe('DELETE');
      expect(calls[0]?.url).toBe('/api/rooms/team/members/b.e%20a');
    });
  });

  describe('when the server does not answer', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A fetch that never settles, as over a connection to a server that went silent; it keeps the signal. */
    function silentFetch() {
      const signals: AbortSignal[] = [];
      const fetchFn = (_url: string, init?: RequestInit) => {
        if (init?.signal) signals.push(init.signal);
        return new Promise<Response>(() => {});
      };
      return { signals, fetchFn };
    }

    it('gives up after the timeout with an explanation, and aborts the request', async () => {
      vi.useFakeTimers();
      const { signals, fetchFn } = silentFetch();
      let settled = false;
      const rejection = rejectionOf(createApi(fetchFn).listRooms()).finally(() => (settled = true));

      await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
      expect(settled).toBe(false);
      expect(signals[0]?.aborted).toBe(false);

      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      const error = await rejection;
      expect(error.status).toBe(0);
      expect(error.message).toBe('The server did not answer in time. Check your connection and try again.');
      expect(signals[0]?.aborted).toBe(true);
    });

    it('leaves no timer behind once the answer arrived', async () => {
      vi.useFakeTimers();
      const { fetchFn } = fakeFetch(200, [room]);
      await expect(createApi(fetchFn).listRooms()).resolves.toEqual([room]);
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});
