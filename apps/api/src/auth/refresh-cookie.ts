import { REFRESH_COOKIE } from '@parley/contracts';
import { parse } from 'cookie';
import type { Request, Response } from 'express';

/**
 * The refresh token's copy for browsers: httpOnly (page scripts cannot read it), SameSite=Strict (no other site can
 * make the browser send it) and scoped to the auth endpoints, Secure whenever the page came over HTTPS.
 */
export function setRefreshCookie(request: Request, response: Response, token: string, maxAgeSeconds: number): void {
  response.cookie(REFRESH_COOKIE.name, token, {
    httpOnly: true,
    sameSite: 'strict',
    path: REFRESH_COOKIE.path,
    secure: isHttps(request),
    maxAge: maxAgeSeconds * 1000,
  });
}

export function clearRefreshCookie(request: Request, response: Response): void {
  response.clearCookie(REFRESH_COOKIE.name, {
    httpOnly: true,
    sameSite: 'strict',
    path: REFRESH_COOKIE.path,
    secure: isHttps(request),
  });
}

export function refreshCookieOf(request: Request): string | undefined {
  return parse(request.headers.cookie ?? '')[REFRESH_COOKIE.name];
}

function isHttps(request: Request): boolean {
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}
