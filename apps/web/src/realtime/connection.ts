import { CloseCode, FATAL_CLOSE_CODES, WS_PATH_PREFIX, type ClientFrame, type ServerFrame } from '@parley/contracts';
import { reconnectDelay } from './backoff';
import { encodeClientFrame, parseServerFrame } from './frames';

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

export type ConnectionStatus =
  | { state: 'connecting' }
  | { state: 'connected' }
  | { state: 'reconnecting'; attempt: number; retryAt: number }
  | { state: 'fatal'; code: number; reason: string }
  | { state: 'closed' };

export interface RoomConnectionOptions {
  /** `ws://host` or `wss://host`. */
  socketOrigin: string;
  room: string;
  username: string;
  /** Asked before every connect: the last seq the caller holds, so the server sends only what came after. */
  since: () => number | undefined;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: ConnectionStatus) => void;
  WebSocket?: WebSocketConstructor;
  reconnectDelay?: (attempt: number) => number;
  now?: () => number;
}

const FATAL_REASONS: Record<number, string> = {
  [CloseCode.InvalidRoom]: 'This room name is not valid.',
  [CloseCode.InvalidUsername]: 'This display name is not valid.',
};

export function socketOriginOf(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}`;
}

export function roomSocketUrl(socketOrigin: string, room: string, username: string, since?: number): string {
  const query = new URLSearchParams({ username });
  if (since !== undefined) query.set('since', String(since));
  return `${socketOrigin}${WS_PATH_PREFIX}${encodeURIComponent(room)}?${query}`;
}

/**
 * One room's socket, kept open: after any close that is not fatal it reconnects with backoff, asking for
 * `since` each time. It knows nothing of messages; it hands every frame to `onFrame`.
 */
export class RoomConnection {
  private socket: SocketLike | null = null;
  private failedAttempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly delayFor: (attempt: number) => number;
  private readonly now: () => number;

  constructor(private readonly options: RoomConnectionOptions) {
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
    this.closeSocket();
    this.options.onStatus({ state: 'closed' });
  }

  private connect(): void {
    this.options.onStatus({ state: 'connecting' });
    const url = roomSocketUrl(
      this.options.socketOrigin,
      this.options.room,
      this.options.username,
      this.options.since(),
    );
    let socket: SocketLike;
    try {
      socket = new this.WebSocketImpl(url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    let receivedFrame = false;
    socket.onopen = () => this.options.onStatus({ state: 'connected' });
    socket.onmessage = (event) => {
      // The backoff starts over on the first frame rather than on `open`: a server that accepts and closes at
      // once (too many connections, shutting down) must still see the delay grow.
      if (!receivedFrame) {
        receivedFrame = true;
        this.failedAttempts = 0;
      }
      const frame = parseServerFrame(event.data);
      if (frame) this.options.onFrame(frame);
    };
    socket.onclose = (event) => this.handleClose(socket, event.code, event.reason);
  }

  private handleClose(socket: SocketLike, code: number, reason: string): void {
    if (this.stopped || socket !== this.socket) return;
    this.socket = null;
    if (FATAL_CLOSE_CODES.includes(code)) {
      this.options.onStatus({ state: 'fatal', code, reason: reason || (FATAL_REASONS[code] ?? 'Connection refused.') });
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const attempt = this.failedAttempts++;
    const delay = this.delayFor(attempt);
    this.options.onStatus({ state: 'reconnecting', attempt, retryAt: this.now() + delay });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private closeSocket(): void {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.close(CloseCode.Normal);
  }
}
