/** While the person keeps typing, `typing: true` is repeated this often; the server forgets it after 6 s. */
export const TYPING_REPEAT_MS = 2500;

/** "Sara is typing…", "Sara and Bo are typing…", "Several people are typing…"; empty when nobody is. */
export function describeTyping(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/**
 * What to tell the server as the draft changes: `true` on the first keystroke and again every TYPING_REPEAT_MS
 * while typing goes on, `false` once the draft is empty (sent, or erased). Null: nothing to send.
 */
export class TypingSignal {
  /** When `typing: true` last went out; null while the server does not think we are typing. */
  private sentAt: number | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  draftChanged(draft: string): boolean | null {
    if (draft.trim() === '') {
      if (this.sentAt === null) return null;
      this.sentAt = null;
      return false;
    }
    const now = this.now();
    if (this.sentAt !== null && now - this.sentAt < TYPING_REPEAT_MS) return null;
    this.sentAt = now;
    return true;
  }

  /** The frame could not go out, or the socket closed (the server forgets our typing with it). */
  forget(): void {
    this.sentAt = null;
  }
}
