import { inject, shallowRef, type App, type InjectionKey, type ShallowRef } from 'vue';
import { AuthSession, type AuthSessionOptions, type AuthState } from '../auth/session';

/** The page's one sign-in session, and its state kept reactive for the components. */
export interface Auth {
  readonly state: Readonly<ShallowRef<AuthState>>;
  readonly session: AuthSession;
}

const AUTH_KEY: InjectionKey<Auth> = Symbol('auth');

/** Creates the session; `app.use()` it so that every component's useAuth() finds it. */
export function createAuth(options: Omit<AuthSessionOptions, 'onChange'>): Auth & { install(app: App): void } {
  const session = new AuthSession({ ...options, onChange: (next) => (state.value = next) });
  const state = shallowRef(session.state);
  const auth: Auth = { state, session };
  return { ...auth, install: (app) => app.provide(AUTH_KEY, auth) };
}

export function useAuth(): Auth {
  const auth = inject(AUTH_KEY);
  if (!auth) throw new Error('useAuth() needs createAuth() installed in the app');
  return auth;
}
