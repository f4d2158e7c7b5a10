import { onScopeDispose, ref, watch } from 'vue';

/** The current time, refreshed every `intervalMs` while `isActive()` holds, for countdowns and "5 minutes ago". */
export function useNow(intervalMs: number, isActive: () => boolean = () => true) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;

  function stop(): void {
    clearInterval(timer);
    timer = undefined;
  }

  watch(
    isActive,
    (active) => {
      stop();
      if (!active) return;
      now.value = Date.now();
      timer = setInterval(() => (now.value = Date.now()), intervalMs);
    },
    { immediate: true },
  );
  onScopeDispose(stop);

  return now;
}
