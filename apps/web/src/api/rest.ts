import type { ApiErrorBody, CreateRoomRequest, MessagePage, MessagePageQuery, RoomSummary } from '@parley/contracts';

/** A refused or failed request; `message` is the server's own explanation when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Text for the user out of anything a failed call threw. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ParleyApi {
  listRooms(): Promise<RoomSummary[]>;
  createRoom(request: CreateRoomRequest): Promise<RoomSummary>;
  getMessages(slug: string, query: MessagePageQuery): Promise<MessagePage>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  return typeof body === 'object' && body !== null && 'message' in body;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (isApiErrorBody(body)) {
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    if (message) return new ApiError(response.status, message);
  }
  return new ApiError(response.status, `The server answered ${response.status} ${response.statusText}`.trim());
}

/** How long a call may take, answer body included, before the user is told the server did not answer. */
export const REQUEST_TIMEOUT_MS = 10_000;

export function createApi(
  fetchFn: Fetch = (input, init) => fetch(input, init),
  baseUrl = '/api',
  timeoutMs = REQUEST_TIMEOUT_MS,
): ParleyApi {
  async function send<T>(path: string, init: RequestInit | undefined, signal: AbortSignal): Promise<T> {
    let response: Response;
    try {
      response = await fetchFn(`${baseUrl}${path}`, {
        ...init,
        signal,
        headers: { Accept: 'application/json', ...(init?.body ? { 'Content-Type': 'application/json' } : {}) },
      });
    } catch {
      throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
    }
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as T;
  }

  /**
   * A socket to a server that stopped answering can stay open for minutes. The timer rejects on its own rather
   * than waiting for the fetch to notice the abort, so the caller hears at the deadline whatever the fetch does.
   */
  function request<T>(path: string, init?: RequestInit): Promise<T> {
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        controller.abort();
        reject(new ApiError(0, 'The server did not answer in time. Check your connection and try again.'));
      }, timeoutMs);
      send<T>(path, init, controller.signal)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  }

  return {
    listRooms: () => request<RoomSummary[]>('/rooms'),
    createRoom: (body) => request<RoomSummary>('/rooms', { method: 'POST', body: JSON.stringify(body) }),
    getMessages: (slug, query) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
      return request<MessagePage>(`/rooms/${encodeURIComponent(slug)}/messages?${params}`);
    },
  };
}

export const api = createApi();
