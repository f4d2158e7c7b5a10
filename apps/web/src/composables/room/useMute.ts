import { shallowRef } from 'vue';

/** setTimeout's longest wait (about 24.8 days); a mute may last 30. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/**
 * Whether the user is muted in the room, and until when: as the server's `muted` frames say, or, as a fallback,
 * from a MUTED refusal's `retryAfterMs`. It lifts itself when that time passes, whether or not a frame says so.
 */
export function useMute(now: () => number = Date.now) {
  /** ISO-8601; null while the user may send. */
  const mutedUntil = shallowRef<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;

  function liftAtDeadline(): void {
    clearTimeout(timer);
    timer = undefined;
    if (mutedUntil.value === null) return;
    const left = Date.parse(mutedUntil.value) - now();
    if (left <= 0) {
      mutedUntil.value = null;
      return;
    }
    timer = setTimeout(liftAtDeadline, Math.min(left, LONGEST_TIMER_MS));
  }

  function changed(until: string | null): void {
    mutedUntil.value = until;
    liftAtDeadline();
  }

  return {
    mutedUntil,
    /** A `muted` frame: a mute began (or still holds on joining), or it was lifted (null). */
    changed,
    /** A MUTED refusal: muted for `retryAfterMs` more at least, unless a frame already said for longer. */
    refused(retryAfterMs: number | undefined): void {
      if (retryAfterMs === undefined) return;
      const until = now() + retryAfterMs;
      if (mutedUntil.value === null || Date.parse(mutedUntil.value) < until) changed(new Date(until).toISOString());
    },
    /** A new socket: the server says again on joining if the mute still holds; one lifted meanwhile sent nothing. */
    reset(): void {
      changed(null);
    },
    dispose(): void {
      clearTimeout(timer);
    },
  };
}
