import type {
  AddMemberRequest,
  AdminGrantRequest,
  AdminUser,
  AdminUserPage,
  ApiErrorBody,
  AuditPage,
  Ban,
  BanRequest,
  ChangeRoleRequest,
  CreateRoomRequest,
  ChatMessage,
  DmRequest,
  ErrorCode,
  EventPage,
  EventPageQuery,
  Member,
  MemberRole,
  MessageEdit,
  MessagePage,
  MessagePageQuery,
  MessagesAround,
  Mute,
  MuteRequest,
  MyRoom,
  NotificationLevel,
  NotificationLevelRequest,
  PushKey,
  PushSubscriptionRequest,
  Report,
  ReportPage,
  ReportReceipt,
  ReportRequest,
  ReportStatus,
  ResolveReportRequest,
  RoomSettingsRequest,
  RoomSummary,
  SearchPage,
  SearchRequest,
} from '@parley/contracts';

/** A refused or failed request; `message` is the server's own explanation when it gave one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** How long the server asked the client to wait (a 429's `Retry-After`), in seconds. */
    readonly retryAfterSeconds?: number,
    /** Which refusal it is, when the server named it (two 409s can mean different things). */
    readonly code?: ErrorCode,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The HTTP statuses the client tells apart. */
export const HTTP_UNAUTHORIZED = 401;
export const HTTP_FORBIDDEN = 403;
export const HTTP_NOT_FOUND = 404;
export const HTTP_CONFLICT = 409;
export const HTTP_TOO_MANY_REQUESTS = 429;

/** The HTTP status a failed call answered with; undefined when it never got an answer. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof ApiError ? error.status : undefined;
}

/** The code the server named a refusal with; undefined when it named none. */
export function codeOf(error: unknown): ErrorCode | undefined {
  return error instanceof ApiError ? error.code : undefined;
}

/** Text for the user out of anything a failed call threw. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The room endpoints. Each call carries the access token of whoever is signed in (see Authorizer): a private room
 * or DM answers 404 to anyone else, exactly as a room that does not exist.
 */
export interface ParleyApi {
  /** Public rooms only. */
  listRooms(): Promise<RoomSummary[]>;
  createRoom(request: CreateRoomRequest): Promise<RoomSummary>;
  getRoom(slug: string): Promise<RoomSummary>;
  getMessages(slug: string, query: MessagePageQuery): Promise<MessagePage>;
  /** The message at `seq` (or the nearest before it) with about half of `limit` messages each way, oldest first. */
  getMessagesAround(slug: string, seq: number, limit?: number): Promise<MessagesAround>;
  /** Messages of every room the viewer may read, newest first. */
  search(request: SearchRequest): Promise<SearchPage>;
  /** One message in its current state (a tombstone if it was deleted). */
  getMessage(slug: string, id: string): Promise<ChatMessage>;
  /** A message's earlier versions, oldest first (the original's `editedAt` is null); 404 once it is deleted. */
  getEdits(slug: string, id: string): Promise<MessageEdit[]>;
  /** The room's log after a seq: new messages and changes, each with its message in its current state. */
  getEvents(slug: string, query: EventPageQuery): Promise<EventPage>;
  /** Every room of the signed-in user, most recently active first. */
  myRooms(): Promise<MyRoom[]>;
  /** The DM with this person, made on first ask. */
  openDm(username: string): Promise<RoomSummary>;
  listMembers(slug: string): Promise<Member[]>;
  addMember(slug: string, username: string): Promise<Member>;
  /** Removes a member, or leaves when it is the caller. */
  removeMember(slug: string, username: string): Promise<void>;
  changeRole(slug: string, username: string, role: MemberRole): Promise<Member>;
  /** The signed-in member's notification level in the room. */
  setNotificationLevel(slug: string, level: NotificationLevel): Promise<NotificationLevelRequest>;
  /** The server's VAPID key; 404 when push is off. */
  pushKey(): Promise<PushKey>;
  /** This browser's push subscription, for the signed-in session. */
  subscribePush(subscription: PushSubscriptionRequest): Promise<void>;
  unsubscribePush(endpoint: string): Promise<void>;

  /** Asks a room's moderators to look at a message; asked again by the same person, the first report answers. */
  reportMessage(slug: string, id: string, reason: string): Promise<ReportReceipt>;
  /** Deletes a message over REST, for whoever is not in the room's socket (a server admin in the reports queue). */
  deleteMessage(slug: string, id: string): Promise<void>;

  // A room's moderation: its owner, its admins and the server's admins.
  ban(slug: string, request: BanRequest): Promise<Ban>;
  listBans(slug: string): Promise<Ban[]>;
  unban(slug: string, username: string): Promise<void>;
  mute(slug: string, request: MuteRequest): Promise<Mute>;
  listMutes(slug: string): Promise<Mute[]>;
  unmute(slug: string, username: string): Promise<void>;
  /** Public rooms only. */
  changeRoomSettings(slug: string, settings: RoomSettingsRequest): Promise<RoomSummary>;
  listRoomReports(slug: string, query: ReportQuery): Promise<ReportPage>;
  resolveRoomReport(slug: string, id: string): Promise<Report>;
  roomAudit(slug: string, query: PageQuery): Promise<AuditPage>;

  // The server's admins only.
  /** Accounts by username; `q` keeps those whose username starts with it. */
  listUsers(query: UserQuery): Promise<AdminUserPage>;
  setServerAdmin(username: string, admin: boolean): Promise<AdminUser>;
  deactivateUser(username: string): Promise<void>;
  reactivateUser(username: string): Promise<void>;
  /** Every room's reports. */
  listReports(query: ReportQuery): Promise<ReportPage>;
  resolveReport(id: string): Promise<Report>;
  /** Newest first. */
  audit(query: PageQuery): Promise<AuditPage>;
}

/** One page of a listing that pages by cursor: the page after `after` (the previous page's `nextCursor`). */
export interface PageQuery {
  after?: string;
  limit?: number;
}

export interface UserQuery extends PageQuery {
  q?: string;
}

export interface ReportQuery extends PageQuery {
  status?: ReportStatus;
}

/**
 * Runs one call with the access token of whoever is signed in, or with none for a guest. The signed-in version
 * renews a token the server refused and calls once more (AuthSession.authorized).
 */
export type Authorizer = <T>(call: (accessToken: string | undefined) => Promise<T>) => Promise<T>;

const anonymous: Authorizer = (call) => call(undefined);

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  accessToken?: string;
}

/** Sends one call under `/api` and reads its JSON answer (undefined for a 204), or throws an ApiError. */
export type ApiRequester = <T>(path: string, options?: ApiRequest) => Promise<T>;

/** Nest's error body, and the code Parley's own refusals add to it. */
type ParleyErrorBody = ApiErrorBody & { code?: unknown };

function isApiErrorBody(body: unknown): body is ParleyErrorBody {
  return typeof body === 'object' && body !== null && 'message' in body;
}

function retryAfterSecondsOf(response: Response): number | undefined {
  const header = response.headers.get('Retry-After');
  return header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
}

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfterSeconds = retryAfterSecondsOf(response);
  const body: unknown = await response.json().catch(() => null);
  if (isApiErrorBody(body)) {
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    // The server is the contract's other implementation: a code it names is one of ErrorCode.
    const code = typeof body.code === 'string' ? (body.code as ErrorCode) : undefined;
    if (message) return new ApiError(response.status, message, retryAfterSeconds, code);
  }
  const fallback = `The server answered ${response.status} ${response.statusText}`.trim();
  return new ApiError(response.status, fallback, retryAfterSeconds);
}

/** How long a call may take, answer body included, before the user is told the server did not answer. */
export const REQUEST_TIMEOUT_MS = 10_000;

const HTTP_NO_CONTENT = 204;

export function createRequester(
  fetchFn: Fetch = (input, init) => fetch(input, init),
  baseUrl = '/api',
  timeoutMs = REQUEST_TIMEOUT_MS,
): ApiRequester {
  async function send<T>(path: string, options: ApiRequest, signal: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.accessToken !== undefined) headers.Authorization = `Bearer ${options.accessToken}`;
    let response: Response;
    try {
      response = await fetchFn(`${baseUrl}${path}`, {
        method: options.method ?? 'GET',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        headers,
        signal,
      });
    } catch {
      throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
    }
    if (!response.ok) throw await errorFrom(response);
    if (response.status === HTTP_NO_CONTENT) return undefined as T;
    return (await response.json()) as T;
  }

  /**
   * A socket to a server that stopped answering can stay open for minutes. The timer rejects on its own rather
   * than waiting for the fetch to notice the abort, so the caller hears at the deadline whatever the fetch does.
   */
  return function request<T>(path: string, options: ApiRequest = {}): Promise<T> {
    const controller = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        controller.abort();
        reject(new ApiError(0, 'The server did not answer in time. Check your connection and try again.'));
      }, timeoutMs);
      send<T>(path, options, controller.signal)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
    });
  };
}

const roomPath = (slug: string) => `/rooms/${encodeURIComponent(slug)}`;
const messagePath = (slug: string, id: string) => `${roomPath(slug)}/messages/${encodeURIComponent(id)}`;
const memberPath = (slug: string, username: string) => `${roomPath(slug)}/members/${encodeURIComponent(username)}`;
const banPath = (slug: string, username: string) => `${roomPath(slug)}/bans/${encodeURIComponent(username)}`;
const mutePath = (slug: string, username: string) => `${roomPath(slug)}/mutes/${encodeURIComponent(username)}`;
const adminUserPath = (username: string) => `/admin/users/${encodeURIComponent(username)}`;
const RESOLVED: ResolveReportRequest = { status: 'resolved' };

/** Only the parameters given: `{before: 5, limit: undefined}` is `before=5`. */
function queryOf(query: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  return params;
}

/** The path with only the parameters given, and no `?` when there are none (a listing's first page). */
function withQuery(path: string, query: object): string {
  const params = queryOf(query);
  return params.size > 0 ? `${path}?${params}` : path;
}

export function createApi(
  fetchFn?: Fetch,
  baseUrl?: string,
  timeoutMs?: number,
  authorize: Authorizer = anonymous,
): ParleyApi {
  const request = createRequester(fetchFn, baseUrl, timeoutMs);
  const call = <T>(path: string, options: Omit<ApiRequest, 'accessToken'> = {}) =>
    authorize((accessToken) => request<T>(path, { ...options, accessToken }));
  return {
    listRooms: () => call<RoomSummary[]>('/rooms'),
    createRoom: (body) => call<RoomSummary>('/rooms', { method: 'POST', body }),
    getRoom: (slug) => call<RoomSummary>(roomPath(slug)),
    getMessages: (slug, query) => call<MessagePage>(`${roomPath(slug)}/messages?${queryOf(query)}`),
    getMessagesAround: (slug, around, limit) =>
      call<MessagesAround>(`${roomPath(slug)}/messages?${queryOf({ around, limit })}`),
    search: (request) => call<SearchPage>(`/search?${queryOf(request)}`),
    getMessage: (slug, id) => call<ChatMessage>(messagePath(slug, id)),
    getEdits: (slug, id) => call<MessageEdit[]>(`${messagePath(slug, id)}/edits`),
    getEvents: (slug, query) => call<EventPage>(`${roomPath(slug)}/events?${queryOf(query)}`),
    myRooms: () => call<MyRoom[]>('/me/rooms'),
    openDm: (username) => {
      const body: DmRequest = { username };
      return call<RoomSummary>('/dms', { method: 'POST', body });
    },
    listMembers: (slug) => call<Member[]>(`${roomPath(slug)}/members`),
    addMember: (slug, username) => {
      const body: AddMemberRequest = { username };
      return call<Member>(`${roomPath(slug)}/members`, { method: 'POST', body });
    },
    removeMember: (slug, username) => call<void>(memberPath(slug, username), { method: 'DELETE' }),
    changeRole: (slug, username, role) => {
      const body: ChangeRoleRequest = { role };
      return call<Member>(memberPath(slug, username), { method: 'PATCH', body });
    },
    setNotificationLevel: (slug, level) => {
      const body: NotificationLevelRequest = { level };
      return call<NotificationLevelRequest>(`${roomPath(slug)}/notifications`, { method: 'PUT', body });
    },
    pushKey: () => call<PushKey>('/push/key'),
    subscribePush: async (subscription) => {
      await call<unknown>('/push/subscriptions', { method: 'POST', body: subscription });
    },
    unsubscribePush: (endpoint) => call<void>('/push/subscriptions', { method: 'DELETE', body: { endpoint } }),
    reportMessage: (slug, id, reason) => {
      const body: ReportRequest = { reason };
      return call<ReportReceipt>(`${messagePath(slug, id)}/report`, { method: 'POST', body });
    },
    deleteMessage: (slug, id) => call<void>(messagePath(slug, id), { method: 'DELETE' }),
    ban: (slug, body) => call<Ban>(`${roomPath(slug)}/bans`, { method: 'POST', body }),
    listBans: (slug) => call<Ban[]>(`${roomPath(slug)}/bans`),
    unban: (slug, username) => call<void>(banPath(slug, username), { method: 'DELETE' }),
    mute: (slug, body) => call<Mute>(`${roomPath(slug)}/mutes`, { method: 'POST', body }),
    listMutes: (slug) => call<Mute[]>(`${roomPath(slug)}/mutes`),
    unmute: (slug, username) => call<void>(mutePath(slug, username), { method: 'DELETE' }),
    changeRoomSettings: (slug, body) => call<RoomSummary>(roomPath(slug), { method: 'PATCH', body }),
    listRoomReports: (slug, query) => call<ReportPage>(withQuery(`${roomPath(slug)}/reports`, query)),
    resolveRoomReport: (slug, id) =>
      call<Report>(`${roomPath(slug)}/reports/${encodeURIComponent(id)}`, { method: 'PATCH', body: RESOLVED }),
    roomAudit: (slug, query) => call<AuditPage>(withQuery(`${roomPath(slug)}/audit`, query)),
    listUsers: (query) => call<AdminUserPage>(withQuery('/admin/users', query)),
    setServerAdmin: (username, admin) => {
      const body: AdminGrantRequest = { admin };
      return call<AdminUser>(`${adminUserPath(username)}/admin`, { method: 'PUT', body });
    },
    deactivateUser: (username) => call<void>(`${adminUserPath(username)}/deactivate`, { method: 'POST' }),
    reactivateUser: (username) => call<void>(`${adminUserPath(username)}/reactivate`, { method: 'POST' }),
    listReports: (query) => call<ReportPage>(withQuery('/admin/reports', query)),
    resolveReport: (id) =>
      call<Report>(`/admin/reports/${encodeURIComponent(id)}`, { method: 'PATCH', body: RESOLVED }),
    audit: (query) => call<AuditPage>(withQuery('/admin/audit', query)),
  };
}

export const api = createApi();
