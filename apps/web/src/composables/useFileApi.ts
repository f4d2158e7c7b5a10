import { inject, type App, type InjectionKey } from 'vue';
import { createFileApi, type FileApi } from '../files/fileApi';
import type { AuthSession } from '../auth/session';
import { sessionAuthorizer } from './useApi';
import { useAuth } from './useAuth';

const FILE_API_KEY: InjectionKey<FileApi> = Symbol('fileApi');

/** `app.use()` it to hand every component's useFileApi() this one (a fake in tests). */
export function fileApiPlugin(files: FileApi): { install(app: App): void } {
  return { install: (app) => app.provide(FILE_API_KEY, files) };
}

const sessionFileApis = new WeakMap<AuthSession, FileApi>();

/** Uploads and downloads as the page's session: with its token while signed in. */
export function useFileApi(): FileApi {
  const installed = inject(FILE_API_KEY, null);
  if (installed) return installed;
  const { session } = useAuth();
  let files = sessionFileApis.get(session);
  if (!files) {
    files = createFileApi(sessionAuthorizer(session));
    sessionFileApis.set(session, files);
  }
  return files;
}
