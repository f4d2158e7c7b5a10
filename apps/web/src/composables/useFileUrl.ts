import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import type { FileApi } from '../files/fileApi';

/**
 * A URL an `<img>` may show for a file of the API: fetched with the token (a private room's files need it; an `<img>`
 * cannot send one) into an object URL, released when the component goes. Undefined while loading; `failed` says why
 * it never came.
 */
export function useFileUrl(
  path: () => string | undefined,
  files: FileApi,
): { url: Ref<string | undefined>; failed: Ref<boolean> } {
  const url = ref<string | undefined>();
  const failed = ref(false);
  let current: string | undefined;
  let wanted = 0;

  function release(): void {
    if (current) URL.revokeObjectURL(current);
    current = undefined;
  }

  watch(
    path,
    async (next) => {
      const ticket = ++wanted;
      release();
      url.value = undefined;
      failed.value = false;
      if (!next) return;
      try {
        const blob = await files.fetch(next);
        if (ticket !== wanted) return;
        current = URL.createObjectURL(blob);
        url.value = current;
      } catch {
        if (ticket === wanted) failed.value = true;
      }
    },
    { immediate: true },
  );
  onBeforeUnmount(() => {
    wanted++;
    release();
  });
  return { url, failed };
}

/** Saves a file under its name: fetched with the token, then handed to the browser as a download. */
export async function downloadFile(files: FileApi, path: string, name: string): Promise<void> {
  const blob = await files.fetch(path);
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
