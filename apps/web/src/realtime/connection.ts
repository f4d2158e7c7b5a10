import {
  CloseCode,
  FATAL_CLOSE_CODES,
  USER_STREAM_PATH,
  WS_PATH_PREFIX,
  type ClientFrame,
  type Frame,
  type ServerFrame,
  type UserStreamFrame,
} from '@parley/contracts';
import { reconnectDelay } from './backoff';
import { encodeClientFrame, parseServerFrame, parseUserStreamFrame } from './frames';

/** The part of the browser's WebSocket the connection uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type WebSocketConstructor = new (url: string) => SocketLike;

const SOCKET_OPEN = 1;

/** Every server frame but `pong`, which only tells the connection itself that the server is still there. */
export type RoomFrame = Exclude<ServerFrame, { event: 'pong' }>;
/** Every user stream frame but `pong`. */
export type UserStreamUpdate = Exclude<UserStreamFrame, { event: 'pong' }>;

/**
 * A socket whose peer vanished without a close (a laptop lid, a dropped NAT entry) stays "open" for minutes. After
 * this long without any frame the connection pings; a quiet room is normal, so silence alone proves nothing.
 */
export const IDLE_BEFORE_PING_MS = 20_000;
/** After a ping, this long without any frame means the socket is dead: it is dropped and replaced. */
export const PONG_TIMEOUT_MS = 15_000;

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; attempt: number; retryAt: number }
  | { state: 'fatal'; code: number; reason: string }
  | { state: 'closed' };

/** Who a socket speaks as: a guest by name, or a signed-in user by a ticket, good for one socket and fetched for each. */
export type SocketCredential =
  { kind: 'guest'; username: string } | { kind: 'user'; fetchTicket: () => Promise<string> };

/** What one socket's URL carries to say who it is. */
export type SocketIdentity = { username: string } | { ticket: string };

/** Why reconnecting cannot succeed, found out by asking the server some other way than the socket. */
export interface ConnectionRefusal {
  code: number;
  reason: string;
}

/**
 * Not a close code: the socket's upgrade was answered HTTP 404 (no such room, or a private one the connection may
 * not see), which a browser only reports as a failed socket; a REST call confirmed it.
 */
export const NOT_FOUND_AT_UPGRADE = 404;

/** Sockets in a row that closed before any frame came, before `checkRefusal` is asked why. */
export const FAILED_OPENS_BEFORE_CHECK = 2;

/** A socket kept open, whatever it carries. */
export interface LiveConnectionOptions<In extends Frame> {
  /** The socket's whole URL for one identity: asked before every connect. */
  url: (identity: SocketIdentity) => string;
  credential: SocketCredential;
  parse: (raw: unknown) => In | null;
  onFrame: (frame: Exclude<In, { event: 'pong' }>) => void;
  onStatus: (status: ConnectionStatus) => void;
  /**
   * Asked after each socket that closed before any frame, from the FAILED_OPENS_BEFORE_CHECK-th in a row on: a
   * refusal stops reconnecting (status `fatal`), null goes on.
   */
  checkRefusal?: () => Promise<ConnectionRefusal | null>;
  WebSocket?: WebSocketConstructor;
  reconnectDelay?: (attempt: number) => number;
  now?: () => number;
}

export interface RoomConnectionOptions {
  /** `ws://host` or `wss://host`. */
  socketOrigin: string;
  room: string;
  credential: SocketCredential;
  /** Asked before every connect: the last seq the caller holds, so the server sends only what came after. */
  since: () => number | undefined;
  onFrame: (frame: RoomFrame) => void;
  onStatus: (status: ConnectionStatus) => void;
  checkRefusal?: () => Promise<ConnectionRefusal | null>;
  WebSocket?: WebSocketConstructor;
  reconnectDelay?: (attempt: number) => number;
  now?: () => number;
}

const FATAL_REASONS: Record<number, string> = {
  [CloseCode.InvalidRoom]: 'This room name is not valid.',
  [CloseCode.InvalidUsername]: 'This display name is not valid.',
  [CloseCode.NameTaken]: 'This name belongs to a registered user: sign in to use it.',
  [CloseCode.RemovedFromRoom]: 'You are no longer a member of this room.',
  [CloseCode.Unauthorized]: 'Your session ended: sign in again.',
};

export function socketOriginOf(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}

export function roomSocketUrl(socketOrigin: string, room: string, identity: SocketIdentity, since?: number): string {
  const query = new URLSearchParams(identity);
  if (since !== undefined) query.set('since', String(since));
  return `${socketOrigin}${WS_PATH_PREFIX}${encodeURIComponent(room)}?${query}`;
}

export function userStreamUrl(socketOrigin: string, ticket: string): string {
  return `${socketOrigin}${USER_STREAM_PATH}?${new URLSearchParams({ ticket })}`;
}

/**
 * A socket kept open: after any close that is not fatal it reconnects with backoff, and it replaces a socket that
 * stopped answering (see IDLE_BEFORE_PING_MS). A signed-in user's every connect fetches a new ticket first; a
 * failed fetch counts as a failed attempt. It knows nothing of what the frames mean; it hands every frame but
 * `pong` to `onFrame`.
 */
export class LiveConnection<In extends Frame> {
  private socket: SocketLike | null = null;
  private failedAttempts = 0;
  /** Sockets in a row that closed (or were given up on) before any frame came. */
  private failedOpens = 0;
  private checkingRefusal = false;
  /** Whether the current socket has had a frame yet. */
  private heardFromSocket = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly delayFor: (attempt: number) => number;
  private readonly now: () => number;

  constructor(private readonly options: LiveConnectionOptions<In>) {
    this.WebSocketImpl = options.WebSocket ?? globalThis.WebSocket;
    this.delayFor = options.reconnectDelay ?? ((attempt) => reconnectDelay(attempt));
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.connect();
  }

  /** Sends when the socket is open; returns false when it is not, leaving the caller to send again later. */
  send(frame: ClientFrame): boolean {
    if (this.socket?.readyState !== SOCKET_OPEN) return false;
    this.socket.send(encodeClientFrame(frame));
    return true;
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.silenceTimer);
    this.closeSocket();
    this.options.onStatus({ state: 'closed' });
  }

  private connect(): void {
    this.options.onStatus({ state: 'connecting' });
    const { credential } = this.options;
    if (credential.kind === 'guest') {
      this.open({ username: credential.username });
      return;
    }
    // A refused upgrade (a spent or expired ticket) reaches the browser only as a close without a code, 1006:
    // whatever ended the last socket, the next one asks for a ticket of its own.
    credential.fetchTicket().then(
      (ticket) => {
        if (!this.stopped) this.open({ ticket });
      },
      () => {
        if (!this.stopped) this.scheduleReconnect();
      },
    );
  }

  private open(identity: SocketIdentity): void {
    const url = this.options.url(identity);
    let socket: SocketLike;
    try {
      socket = new this.WebSocketImpl(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.heardFromSocket = false;
    // Armed from the start, so a socket that never opens is given up on as well.
    this.awaitFrames();
    socket.onopen = () => this.options.onStatus({ state: 'connected' });
    socket.onmessage = (event) => {
      // Any frame at all shows the server is there, even one this client cannot read.
      this.awaitFrames();
      // The backoff starts over on the first frame rather than on `open`: a server that accepts and closes at
      // once (too many connections, shutting down) must still see the delay grow.
      if (!this.heardFromSocket) {
        this.heardFromSocket = true;
        this.failedAttempts = 0;
        this.failedOpens = 0;
      }
      const frame = this.options.parse(event.data);
      if (frame && frame.event !== 'pong') this.options.onFrame(frame as Exclude<In, { event: 'pong' }>);
    };
    socket.onclose = (event) => this.handleClose(socket, event.code, event.reason);
  }

  /** (Re)starts the silence watch: ping after IDLE_BEFORE_PING_MS, give the socket up PONG_TIMEOUT_MS later. */
  private awaitFrames(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      if (!this.send({ event: 'ping', data: {} })) {
        this.replaceSilentSocket();
        return;
      }
      this.silenceTimer = setTimeout(() => this.replaceSilentSocket(), PONG_TIMEOUT_MS);
    }, IDLE_BEFORE_PING_MS);
  }

  /** The socket's own close may take minutes to come, if ever: drop it now and reconnect the usual way. */
  private replaceSilentSocket(): void {
    const heard = this.heardFromSocket;
    this.closeSocket();
    this.scheduleReconnect();
    if (!heard) this.openFailed();
  }

  private handleClose(socket: SocketLike, code: number, reason: string): void {
    if (this.stopped || socket !== this.socket) return;
    this.socket = null;
    clearTimeout(this.silenceTimer);
    if (FATAL_CLOSE_CODES.includes(code)) {
      this.fail({ code, reason: reason || (FATAL_REASONS[code] ?? 'Connection refused.') });
      return;
    }
    this.scheduleReconnect();
    if (!this.heardFromSocket) this.openFailed();
  }

  /**
   * A refused upgrade (a room that is not there for this connection: HTTP 404) looks like any failed socket to a
   * browser. After a few in a row, the caller is asked whether it is worth trying again.
   */
  private openFailed(): void {
    this.failedOpens++;
    const check = this.options.checkRefusal;
    if (!check || this.failedOpens < FAILED_OPENS_BEFORE_CHECK || this.checkingRefusal) return;
    this.checkingRefusal = true;
    check()
      .catch(() => null)
      .then((refusal) => {
        this.checkingRefusal = false;
        // A frame since then shows the socket works after all.
        if (refusal && !this.stopped && this.failedOpens > 0) this.fail(refusal);
      })
      .catch(() => {});
  }

  private fail(refusal: ConnectionRefusal): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.closeSocket();
    this.options.onStatus({ state: 'fatal', ...refusal });
  }

  private scheduleReconnect(): void {
    const attempt = this.failedAttempts++;
    const delay = this.delayFor(attempt);
    this.options.onStatus({ state: 'reconnecting', attempt, retryAt: this.now() + delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private closeSocket(): void {
    clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.close(CloseCode.Normal);
  }
}

/** One room's socket, kept open: every reconnect asks for `since`, so the server sends only what was missed. */
export class RoomConnection extends LiveConnection<ServerFrame> {
  constructor({ socketOrigin, room, since, ...options }: RoomConnectionOptions) {
    super({
      ...options,
      url: (identity) => roomSocketUrl(socketOrigin, room, identity, since()),
      parse: parseServerFrame,
    });
  }
}

export interface UserStreamConnectionOptions {
  socketOrigin: string;
  /** A fresh ticket for every connect: the stream is for signed-in users only. */
  fetchTicket: () => Promise<string>;
  onFrame: (frame: UserStreamUpdate) => void;
  onStatus: (status: ConnectionStatus) => void;
  WebSocket?: WebSocketConstructor;
  reconnectDelay?: (attempt: number) => number;
  now?: () => number;
}

/** The signed-in user's own stream (`/ws/~me`): how their rooms change, kept open as a room's socket is. */
export class UserStreamConnection extends LiveConnection<UserStreamFrame> {
  constructor({ socketOrigin, fetchTicket, ...options }: UserStreamConnectionOptions) {
    super({
      ...options,
      credential: { kind: 'user', fetchTicket },
      // Always a ticket: the credential above is a user's.
      url: (identity) => userStreamUrl(socketOrigin, (identity as { ticket: string }).ticket),
      parse: parseUserStreamFrame,
    });
  }
}
