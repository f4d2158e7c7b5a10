import { inject, type App, type InjectionKey } from 'vue';
import { createApi, type Authorizer, type ParleyApi } from '../api/rest';
import type { AuthSession } from '../auth/session';
import { useAuth } from './useAuth';

const API_KEY: InjectionKey<ParleyApi> = Symbol('api');

/** Calls as the signed-in user while there is one, and as nobody otherwise (a guest, or before a sign-in). */
export function sessionAuthorizer(session: Pick<AuthSession, 'state' | 'authorized'>): Authorizer {
  return (call) => (session.state.status === 'signedIn' ? session.authorized(call) : call(undefined));
}

/** `app.use()` it to hand every component's useApi() this API (a fake one in tests). */
export function apiPlugin(api: ParleyApi): { install(app: App): void } {
  return { install: (app) => app.provide(API_KEY, api) };
}

const sessionApis = new WeakMap<AuthSession, ParleyApi>();

/** The room endpoints, speaking as the page's session: the installed API, or one made for the session. */
export function useApi(): ParleyApi {
  const installed = inject(API_KEY, null);
  if (installed) return installed;
  const { session } = useAuth();
  let api = sessionApis.get(session);
  if (!api) {
    api = createApi(undefined, undefined, undefined, sessionAuthorizer(session));
    sessionApis.set(session, api);
  }
  return api;
}
