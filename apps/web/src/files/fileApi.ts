import type { Attachment } from '@parley/contracts';
import { ApiError, type Authorizer } from '../api/rest';

/** Progress of an upload, in bytes. */
export type UploadProgress = (loaded: number, total: number) => void;

/** Files as the signed-in user (or a guest) reaches them. */
export interface FileApi {
  /** Uploads to a room; the answer is the Attachment a message then names. Rejects with an AbortError when cancelled. */
  upload(slug: string, file: File, onProgress: UploadProgress, signal: AbortSignal): Promise<Attachment>;
  /** A file's bytes (`/api/files/…`), fetched with the token: a private room's files need it. */
  fetch(path: string): Promise<Blob>;
}

function retryAfterOf(header: string | null): number | undefined {
  return header !== null && /^\d+$/.test(header) ? Number(header) : undefined;
}

function messageOf(body: string, status: number): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: a proxy's page, say.
  }
  return `The server answered ${status}`;
}

/** XMLHttpRequest, not fetch: only it reports an upload's progress. */
function send(url: string, file: File, token: string | undefined, onProgress: UploadProgress, signal: AbortSignal) {
  return new Promise<Attachment>((resolve, reject) => {
    if (signal.aborted) {
      reject(new DOMException('The upload was cancelled', 'AbortError'));
      return;
    }
    const request = new XMLHttpRequest();
    request.open('POST', url);
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : file.size);
    request.onload = () => {
      if (request.status === 201) resolve(JSON.parse(request.responseText) as Attachment);
      else {
        const retryAfter = retryAfterOf(request.getResponseHeader('Retry-After'));
        reject(new ApiError(request.status, messageOf(request.responseText, request.status), retryAfter));
      }
    };
    request.onerror = () => reject(new ApiError(0, 'Could not reach the server. Check your connection and try again.'));
    request.onabort = () => reject(new DOMException('The upload was cancelled', 'AbortError'));
    signal.addEventListener('abort', () => request.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

export function createFileApi(authorize: Authorizer, baseUrl = '/api'): FileApi {
  return {
    upload: (slug, file, onProgress, signal) =>
      authorize((token) =>
        send(`${baseUrl}/rooms/${encodeURIComponent(slug)}/uploads`, file, token, onProgress, signal),
      ),
    fetch: (path) =>
      authorize(async (token) => {
        let response: Response;
        try {
          response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
        } catch {
          throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
        }
        if (!response.ok) throw new ApiError(response.status, messageOf(await response.text(), response.status));
        return response.blob();
      }),
  };
}
