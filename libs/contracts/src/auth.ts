/** A registered person. Guests are not users: they are a name on one connection. */
export interface User {
  /** UUIDv7. */
  id: string;
  /** Lower-case; see normalizeRegisteredUsername. */
  username: string;
  guest: false;
  /** A server admin: moderates every room, manages accounts (docs/protocol.md, Moderation). */
  admin: boolean;
}

/** `POST /api/auth/register` and `POST /api/auth/login`. */
export interface Credentials {
  username: string;
  password: string;
}

/** A new access token and the refresh token that replaces the one presented. */
export interface TokenPair {
  /** A JWT, sent as `Authorization: Bearer <token>`. */
  accessToken: string;
  /** Opaque and single-use: every refresh returns a new one. */
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** The answer to register and login. */
export interface AuthResult extends TokenPair {
  user: User;
}

/** `POST /api/auth/refresh`: the token in the body, or the refresh cookie when the body has none. */
export interface RefreshRequest {
  refreshToken?: string;
}

/** `POST /api/auth/password`. */
export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

/** `POST /api/auth/ticket`: a single-use credential for opening one socket (`/ws/<room>?ticket=`). */
export interface SocketTicket {
  ticket: string;
  /** Seconds it stays valid (at most 60). */
  expiresIn: number;
}

/** The httpOnly, SameSite=Strict cookie holding the refresh token for browsers, scoped to the auth endpoints. */
export const REFRESH_COOKIE = { name: 'parley_refresh', path: '/api/auth' } as const;
