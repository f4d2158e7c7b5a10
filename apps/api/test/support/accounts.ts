import type { AuthResult, SocketTicket, UserStreamEvents } from '@parley/contracts';
import { ChatClient } from './chat-client.js';

/** A test talking to the REST API of one server, as an API client would. */
export class Accounts {
  constructor(private readonly httpUrl: string) {}

  /** Any REST call, as the user whose access token is given (or anonymously). */
  call(method: string, path: string, accessToken?: string, body?: unknown): Promise<Response> {
    return fetch(`${this.httpUrl}/api${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T>(method: string, path: string, accessToken?: string, body?: unknown): Promise<T> {
    const response = await this.call(method, path, accessToken, body);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  request(path: string, body?: unknown, accessToken?: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.httpUrl}/api${path}`, {
      method: body === undefined && path === '/me' ? 'GET' : 'POST',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async register(username: string, password = 'correct horse battery'): Promise<AuthResult> {
    const response = await this.request('/auth/register', { username, password });
    if (response.status !== 201) throw new Error(`register ${username}: ${response.status} ${await response.text()}`);
    return (await response.json()) as AuthResult;
  }

  async login(username: string, password = 'correct horse battery'): Promise<AuthResult> {
    const response = await this.request('/auth/login', { username, password });
    if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
    return (await response.json()) as AuthResult;
  }

  async ticket(accessToken: string): Promise<string> {
    const response = await this.request('/auth/ticket', {}, accessToken);
    if (response.status !== 201) throw new Error(`ticket: ${response.status} ${await response.text()}`);
    return ((await response.json()) as SocketTicket).ticket;
  }

  /** Opens a room as the signed-in user, with a fresh ticket. */
  async open(wsUrl: string, room: string, accessToken: string, since?: number): Promise<ChatClient> {
    return ChatClient.open(wsUrl, room, '', { ticket: await this.ticket(accessToken), since });
  }

  /** Opens the user's own stream, `/ws/~me`. */
  async openStream(wsUrl: string, accessToken: string): Promise<ChatClient<UserStreamEvents>> {
    const stream = await ChatClient.open(wsUrl, '~me', '', { ticket: await this.ticket(accessToken) });
    return stream as unknown as ChatClient<UserStreamEvents>;
  }
}

/** A username no other test uses: 2–32 of a-z 0-9 _ . - */
export function uniqueUsername(prefix = 'user'): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 10)}`;
}
