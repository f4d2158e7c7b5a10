import type { ChatMessage, EventPage, HistoryData, MessagePage, MessageUpdatedData } from '@parley/contracts';

/**
 * A room as a client following the protocol would hold it: each message in the newest state it has seen (by
 * version), the log followed up to `syncedSeq`. Tests compare it with the room's REST state.
 */
export class RoomMirror {
  readonly messages = new Map<string, ChatMessage>();
  syncedSeq = 0;

  constructor(
    private readonly httpUrl: string,
    private readonly room: string,
  ) {}

  /** A history frame; pages the rest of the log while it says more follows. */
  async history(history: HistoryData): Promise<void> {
    for (const message of [...history.messages, ...history.updates]) this.apply(message);
    this.syncedSeq = Math.max(this.syncedSeq, history.lastSeq);
    if (!history.hasMore) return;
    for (;;) {
      const page = (await (
        await fetch(`${this.httpUrl}/api/rooms/${this.room}/events?after=${this.syncedSeq}&limit=100`)
      ).json()) as EventPage;
      for (const event of page.events) {
        this.apply(event.message);
        this.syncedSeq = event.seq;
      }
      if (!page.hasMore) return;
    }
  }

  message(message: ChatMessage): void {
    this.apply(message);
    this.syncedSeq = Math.max(this.syncedSeq, message.seq);
  }

  updated(update: MessageUpdatedData): void {
    this.apply(update.message);
    this.syncedSeq = Math.max(this.syncedSeq, update.seq);
  }

  /** Messages in seq order, as the room's REST pages would list them. */
  state(): ChatMessage[] {
    return [...this.messages.values()].sort((a, b) => a.seq - b.seq);
  }

  private apply(message: ChatMessage): void {
    const known = this.messages.get(message.id);
    if (!known || known.version < message.version) this.messages.set(message.id, message);
  }
}

/** The whole room, read page by page over REST, in seq order. */
export async function restState(httpUrl: string, room: string, token?: string): Promise<ChatMessage[]> {
  const all: ChatMessage[] = [];
  let after = 0;
  for (;;) {
    const page = (await (
      await fetch(`${httpUrl}/api/rooms/${room}/messages?after=${after}&limit=100`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      })
    ).json()) as MessagePage;
    all.push(...page.messages);
    if (!page.hasMore || page.messages.length === 0) break;
    after = page.messages.at(-1)!.seq;
  }
  return all;
}
