import type { ChatMessage, ReplyRef } from '@parley/contracts';
import { describeError } from '../api/rest';

/** What a reply's preview shows of the message it quotes: its current state, once known. */
export type QuoteState =
  { kind: 'found'; message: ChatMessage } | { kind: 'loading' } | { kind: 'unavailable'; reason: string };

export interface QuoteLookupsOptions {
  /** The newest state this client holds of the message created at `seq`, in the timeline or apart from it. */
  known: (seq: number) => ChatMessage | undefined;
  /** GET …/messages/:id: the message in its current state. */
  fetch: (seq: number, id: string) => Promise<ChatMessage>;
  /** A fetched state, to keep (and follow live changes to) where `known` finds it. */
  remember: (message: ChatMessage) => void;
  /** A lookup failed: whoever shows it should look again. */
  onFailed: () => void;
}

/**
 * Replies carry no copy of what they quote: the preview shows the quoted message's current state, from the timeline
 * when it is loaded, else fetched once by id. Each message is asked for once at a time, and a failed one is not
 * asked for again.
 */
const LOADING: QuoteState = { kind: 'loading' };

export class QuoteLookups {
  private readonly lookups = new Map<number, 'loading' | QuoteState>();
  /** The same state for the same message, so that a preview whose quote did not change does not render again. */
  private readonly found = new WeakMap<ChatMessage, QuoteState>();

  constructor(private readonly options: QuoteLookupsOptions) {}

  state(reply: ReplyRef): QuoteState {
    const message = this.options.known(reply.seq);
    if (message) {
      let state = this.found.get(message);
      if (!state) this.found.set(message, (state = { kind: 'found', message }));
      return state;
    }
    const lookup = this.lookups.get(reply.seq);
    return typeof lookup === 'object' ? lookup : LOADING;
  }

  /** Fetches the quoted message unless it is known, on its way, or could not be had. */
  request(reply: ReplyRef): void {
    if (this.options.known(reply.seq) || this.lookups.has(reply.seq)) return;
    this.lookups.set(reply.seq, 'loading');
    this.options.fetch(reply.seq, reply.id).then(
      (message) => {
        this.lookups.delete(reply.seq);
        this.options.remember(message);
      },
      (error: unknown) => {
        this.lookups.set(reply.seq, { kind: 'unavailable', reason: describeError(error) });
        this.options.onFailed();
      },
    );
  }
}

/** Code points of a quoted message shown in a preview. */
export const EXCERPT_LENGTH = 80;

/** A quoted message in one short line: its text as typed, whitespace folded; "deleted message" for a tombstone. */
export function excerptOf(message: Pick<ChatMessage, 'content' | 'deleted'>, length = EXCERPT_LENGTH): string {
  if (message.deleted) return 'deleted message';
  const text = message.content.replace(/\s+/g, ' ').trim();
  const codePoints = [...text];
  return codePoints.length <= length
    ? text
    : `${codePoints
        .slice(0, length - 1)
        .join('')
        .trimEnd()}…`;
}
