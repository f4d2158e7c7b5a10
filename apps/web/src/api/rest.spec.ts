import { ErrorCode, type MessagePage, type RoomSummary } from '@parley/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, codeOf, createApi, REQUEST_TIMEOUT_MS, type Authorizer } from './rest';

const room: RoomSummary = {
  slug: 'general',
  name: 'General',
  visibility: 'public',
  kind: 'room',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastMessageAt: null,
  guests: true,
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

  describe('moderation', () => {
    const callsOf = (calls: { url: string; init?: RequestInit }[]) =>
      calls.map((call) => `${call.init?.method} ${call.url}${call.init?.body ? ` ${String(call.init.body)}` : ''}`);

    it("reports a message, and changes a room's bans, mutes and guests with the methods and bodies of the contract", async () => {
      const { calls, fetchFn } = fakeFetch(200, {});
      const api = createApi(fetchFn);
      await api.reportMessage('general', 'id/1', 'rude');
      await api.deleteMessage('general', 'id-2');
      await api.ban('general', { username: 'bea', reason: 'spam', minutes: 60 });
      await api.listBans('general');
      await api.unban('general', 'b.e a');
      await api.mute('general', { username: 'bea', minutes: 10 });
      await api.listMutes('general');
      await api.unmute('general', 'bea');
      await api.changeRoomSettings('general', { guests: false });

      expect(callsOf(calls)).toEqual([
        'POST /api/rooms/general/messages/id%2F1/report {"reason":"rude"}',
        'DELETE /api/rooms/general/messages/id-2',
        'POST /api/rooms/general/bans {"username":"bea","reason":"spam","minutes":60}',
        'GET /api/rooms/general/bans',
        'DELETE /api/rooms/general/bans/b.e%20a',
        'POST /api/rooms/general/mutes {"username":"bea","minutes":10}',
        'GET /api/rooms/general/mutes',
        'DELETE /api/rooms/general/mutes/bea',
        'PATCH /api/rooms/general {"guests":false}',
      ]);
    });

    it("pages a room's reports and audit log, and resolves a report", async () => {
      const { calls, fetchFn } = fakeFetch(200, {});
      const api = createApi(fetchFn);
      await api.listRoomReports('general', { status: 'open', after: 'r-9', limit: 20 });
      await api.resolveRoomReport('general', 'r-1');
      await api.roomAudit('general', {});

      expect(callsOf(calls)).toEqual([
        'GET /api/rooms/general/reports?status=open&after=r-9&limit=20',
        'PATCH /api/rooms/general/reports/r-1 {"status":"resolved"}',
        'GET /api/rooms/general/audit',
      ]);
    });

    it("pages the server's accounts, reports and audit log, and changes an account", async () => {
      const { calls, fetchFn } = fakeFetch(200, {});
      const api = createApi(fetchFn);
      await api.listUsers({ q: 'be', after: 'bea' });
      await api.setServerAdmin('bea', true);
      await api.deactivateUser('bea');
      await api.reactivateUser('bea');
      await api.listReports({ status: 'resolved' });
      await api.resolveReport('r-1');
      await api.audit({ after: 'a-5' });

      expect(callsOf(calls)).toEqual([
        'GET /api/admin/users?q=be&after=bea',
        'PUT /api/admin/users/bea/admin {"admin":true}',
        'POST /api/admin/users/bea/deactivate',
        'POST /api/admin/users/bea/reactivate',
        'GET /api/admin/reports?status=resolved',
        'PATCH /api/admin/reports/r-1 {"status":"resolved"}',
        'GET /api/admin/audit?after=a-5',
      ]);
    });

    it('keeps the code the server named a refusal with', async () => {
      const { fetchFn } = fakeFetch(409, { statusCode: 409, message: 'Keep one admin', code: 'LAST_ADMIN' });
      const error = await rejectionOf(createApi(fetchFn).setServerAdmin('ali', false));
      expect(error).toMatchObject({ status: 409, message: 'Keep one admin', code: ErrorCode.LastAdmin });
      expect(codeOf(error)).toBe(ErrorCode.LastAdmin);
    });

    it('names no code when the server named none', async () => {
      const { fetchFn } = fakeFetch(403, { statusCode: 403, message: 'Forbidden' });
      const error = await rejectionOf(createApi(fetchFn).listUsers({}));
      expect(error.code).toBeUndefined();
      expect(codeOf(new Error('offline'))).toBeUndefined();
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
