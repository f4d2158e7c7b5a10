import { LIMITS, type Attachment } from '@parley/contracts';
import { computed, shallowRef } from 'vue';
import { uploadFailure } from '../files/attachments';
import type { FileApi } from '../files/fileApi';

/** One file on its way up: its progress, then its Attachment, or why it failed. */
export interface PendingUpload {
  key: number;
  name: string;
  size: number;
  loaded: number;
  status: 'uploading' | 'done' | 'failed';
  error?: string;
  attachment?: Attachment;
}

/**
 * The files of the message being written: each uploads as soon as it is added, with its progress, and can be
 * removed (an upload still running is cancelled). At most ten per message, as the server takes.
 */
export function useUploads(room: () => string, files: FileApi) {
  const uploads = shallowRef<readonly PendingUpload[]>([]);
  const controllers = new Map<number, AbortController>();
  let nextKey = 1;

  function update(key: number, change: Partial<PendingUpload>): void {
    uploads.value = uploads.value.map((upload) => (upload.key === key ? { ...upload, ...change } : upload));
  }

  function add(chosen: readonly File[]): void {
    const slug = room();
    for (const file of chosen) {
      const key = nextKey++;
      const full = uploads.value.filter((upload) => upload.status !== 'failed').length >= LIMITS.attachmentsPerMessage;
      uploads.value = [
        ...uploads.value,
        full
          ? {
              key,
              name: file.name,
              size: file.size,
              loaded: 0,
              status: 'failed',
              error: `A message takes at most ${LIMITS.attachmentsPerMessage} files`,
            }
          : { key, name: file.name, size: file.size, loaded: 0, status: 'uploading' },
      ];
      if (full) continue;
      const controller = new AbortController();
      controllers.set(key, controller);
      files
        .upload(slug, file, (loaded) => update(key, { loaded }), controller.signal)
        .then(
          (attachment) => update(key, { status: 'done', loaded: file.size, attachment }),
          (error: unknown) => {
            if (!controller.signal.aborted) update(key, { status: 'failed', error: uploadFailure(error) });
          },
        )
        .finally(() => controllers.delete(key));
    }
  }

  /** Takes a file away; cancels its upload if it is still running. */
  function remove(key: number): void {
    controllers.get(key)?.abort();
    uploads.value = uploads.value.filter((upload) => upload.key !== key);
  }

  /** The message went: its files are its own now. */
  function clear(): void {
    for (const controller of controllers.values()) controller.abort();
    uploads.value = [];
  }

  const uploading = computed(() => uploads.value.some((upload) => upload.status === 'uploading'));
  const failed = computed(() => uploads.value.some((upload) => upload.status === 'failed'));
  const attachments = computed(() => uploads.value.flatMap((upload) => (upload.attachment ? [upload.attachment] : [])));

  return { uploads, add, remove, clear, uploading, failed, attachments };
}
