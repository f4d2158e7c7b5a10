import { normalizeRegisteredUsername } from '@parley/contracts';

/**
 * Where to go after signing in, from the `next` query parameter; null unless it is a path on this site. A path
 * starting with `//` or `/\` would leave it (a protocol-relative address), so it is refused like any address.
 */
export function nextPathFrom(raw: unknown): string | null {
  if (typeof raw !== 'string' || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  return raw;
}

/** The sign-in (or sign-up) page, coming back to `next` afterwards, with the username filled in when it could be one. */
export function accountPagePath(page: '/signin' | '/signup', next?: string, username?: string): string {
  const query = new URLSearchParams();
  if (next) query.set('next', next);
  const registered = username === undefined ? null : normalizeRegisteredUsername(username.trim());
  if (registered) query.set('username', registered);
  const search = query.toString();
  return search ? `${page}?${search}` : page;
}
