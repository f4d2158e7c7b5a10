import type { AuthResult, Credentials, SocketTicket } from '@parley/contracts';
import type { Target } from '../servers.js';

/** One registered user per entry, each holding a fresh (single-use) socket ticket. */
export async function signedInTickets(target: Target, count: number): Promise<string[]> {
  const post = async <T>(path: string, body: unknown, accessToken?: string): Promise<T> => {
    const response = await fetch(`${target.httpUrl}/api${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
      },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const credentials: Credentials = { username: `bench-${process.pid}-${i}`, password: 'bench password' };
      const { accessToken } = await post<AuthResult>('/auth/register', credentials);
      return (await post<SocketTicket>('/auth/ticket', {}, accessToken)).ticket;
    }),
  );
}
