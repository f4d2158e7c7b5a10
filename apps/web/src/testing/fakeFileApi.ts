import type { Attachment } from '@parley/contracts';
import type { FileApi, UploadProgress } from '../files/fileApi';

/** One upload the test settles by hand: report progress, finish with an Attachment, or fail. */
export interface HeldUpload {
  room: string;
  file: File;
  progress: UploadProgress;
  signal: AbortSignal;
  finish(attachment?: Partial<Attachment>): void;
  fail(error: unknown): void;
}

/** Files as the server would take them, each upload held until the test settles it; fetches answer a fixed blob. */
export class FakeFileApi implements FileApi {
  readonly held: HeldUpload[] = [];
  readonly fetched: string[] = [];

  upload(room: string, file: File, progress: UploadProgress, signal: AbortSignal): Promise<Attachment> {
    return new Promise((resolve, reject) => {
      const id = `file-${this.held.length + 1}`;
      signal.addEventListener('abort', () => reject(new DOMException('cancelled', 'AbortError')));
      this.held.push({
        room,
        file,
        progress,
        signal,
        finish: (attachment = {}) =>
          resolve({
            id,
            name: file.name,
            size: file.size,
            contentType: file.type || 'application/octet-stream',
            url: `/api/files/${id}`,
            ...attachment,
          }),
        fail: reject,
      });
    });
  }

  async fetch(path: string): Promise<Blob> {
    this.fetched.push(path);
    return new Blob(['bytes']);
  }
}
