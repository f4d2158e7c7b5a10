import type { IncomingMessage } from 'node:http';

/**
 * The address a request came from, for per-address limits. Behind a trusted reverse proxy it is the entry the proxy
 * appended to X-Forwarded-For (the rightmost), the address the proxy itself saw; the entries before it are whatever
 * the client wrote and are never believed. Without a trusted proxy it is the socket's peer.
 */
export function clientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trustProxy: boolean): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwardedFor = Array.isArray(header) ? header.join(',') : header;
  const appendedByProxy = forwardedFor?.split(',').at(-1)?.trim();
  return appendedByProxy ? appendedByProxy : peer;
}
