import type {
  AuthResult,
  ChangePasswordRequest,
  Credentials,
  RefreshRequest,
  SocketTicket,
  TokenPair,
  User,
} from '@parley/contracts';
import { createRequester, type ApiRequester } from './rest';

/**
 * The account endpoints. Calls that need a sign-in take the access token explicitly: the session that holds it
 * decides when it is fresh enough and what to do when it is refused.
 */
export interface AuthApi {
  register(credentials: Credentials): Promise<AuthResult>;
  login(credentials: Credentials): Promise<AuthResult>;
  /** Renews the pair with the refresh cookie the browser holds: this client never holds a refresh token. */
  refresh(): Promise<TokenPair>;
  logout(accessToken: string): Promise<void>;
  me(accessToken: string): Promise<User>;
  changePassword(accessToken: string, request: ChangePasswordRequest): Promise<void>;
  ticket(accessToken: string): Promise<SocketTicket>;
}

export function createAuthApi(request: ApiRequester = createRequester()): AuthApi {
  // An empty body makes the server read the httpOnly cookie instead.
  const cookieRefresh: RefreshRequest = {};
  return {
    register: (credentials) => request<AuthResult>('/auth/register', { method: 'POST', body: credentials }),
    login: (credentials) => request<AuthResult>('/auth/login', { method: 'POST', body: credentials }),
    refresh: () => request<TokenPair>('/auth/refresh', { method: 'POST', body: cookieRefresh }),
    logout: (accessToken) => request<void>('/auth/logout', { method: 'POST', accessToken }),
    me: (accessToken) => request<User>('/me', { accessToken }),
    changePassword: (accessToken, body) => request<void>('/auth/password', { method: 'POST', body, accessToken }),
    ticket: (accessToken) => request<SocketTicket>('/auth/ticket', { method: 'POST', accessToken }),
  };
}
