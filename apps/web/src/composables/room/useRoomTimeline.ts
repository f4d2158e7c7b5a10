import {
  LIMITS,
  type ChatMessage,
  type HistoryData,
  type LogEvent,
  type MessageEdit,
  type ReplyRef,
  type SystemData,
} from '@parley/contracts';
import { ref, shallowRef } from 'vue';
import { describeError, type ParleyApi } from '../../api/rest';
import { inBackground } from '../../background';
import { LogCursor } from '../../chat/logCursor';
import { QuoteLookups, type QuoteState } from '../../chat/quotes';
import { Timeline } from '../../chat/timeline';

export type RoomLogApi = Pick<ParleyApi, 'getMessages' | 'getMessagesAround' | 'getMessage' | 'getEdits' | 'getEvents'>;

/**
 * A room's messages as the user sees them, kept current: the history of each socket, live messages and changes,
 * older pages loaded on demand, the log paged in over REST when a resume was cut short, quoted messages looked up
 * once. `since` is where the room's log was followed to, for the next socket.
 */
export function useRoomTimeline(options: {
  slug: string;
  api: RoomLogApi;
  /** Messages reached the timeline (the outbox lets go of those that were ours). */
  onMessagesAdded: (messages: readonly ChatMessage[]) => void;
}) {
  const { slug, api } = options;
  const roomName = ref<string | null>(null);
  // The timeline grows in place; its view is replaced on every change, in O(1), to tell the renderer.
  const messages = new Timeline();
  const timeline = shallowRef(messages.view());
  const hasOlder = ref(false);
  const loadingOlder = ref(false);
  const loadError = ref<string | null>(null);
  /** A page after a gap (see openAt) is on its way. */
  const loadingNewer = ref(false);
  const cursor = new LogCursor();
  // A new view after a lookup, even of a message outside the rows: the previews that quote it read it again.
  const quotes = new QuoteLookups({
    fetch: (_seq, id) => api.getMessage(slug, id),
    known: (seq) => messages.find(seq),
    remember: (message) => {
      messages.applyState(message);
      timeline.value = messages.view();
    },
    onFailed: () => (timeline.value = messages.view()),
  });
  let catchUpRun = 0;
  let olderPage: Promise<boolean> | null = null;
  let disposed = false;

  function addMessages(incoming: readonly ChatMessage[]): void {
    if (messages.addMessages(incoming)) timeline.value = messages.view();
    options.onMessagesAdded(incoming);
  }

  /** Changed messages in their current state: each replaces what is held when it is newer. */
  function applyStates(states: readonly ChatMessage[]): void {
    let changed = false;
    for (const message of states) changed = messages.applyState(message) || changed;
    if (changed) timeline.value = messages.view();
  }

  /** A new message or a change, from the log paged in over REST. */
  function applyEvents(events: readonly LogEvent[]): void {
    addMessages(events.filter((event) => event.type === 'message').map((event) => event.message));
    applyStates(events.filter((event) => event.type === 'update').map((event) => event.message));
  }

  /** A socket's history; `resumed`: it was opened with a `since`. */
  function historyArrived(data: HistoryData, resumed: boolean): void {
    roomName.value = data.room.name;
    addMessages(data.messages);
    applyStates(data.updates);
    // Without `since`, hasMore is about older messages; with it, about events still to page in.
    cursor.historyArrived(data.lastSeq, resumed && data.hasMore);
    if (!resumed) hasOlder.value = data.hasMore;
    else if (data.hasMore) inBackground(catchUp(data.lastSeq), 'Catching up on missed events');
    else catchUpRun++;
  }

  /**
   * After a reconnect whose history was cut short: page the log forward from `after` until its end, applying each
   * event's message by version (the live stream runs meanwhile) and moving the cursor with it. A newer history (the
   * socket dropped again) stops it: that one says where to go on from.
   */
  async function catchUp(after: number): Promise<void> {
    const run = ++catchUpRun;
    let position = after;
    try {
      for (;;) {
        const page = await api.getEvents(slug, { after: position, limit: LIMITS.pageMaxSize });
        if (disposed || run !== catchUpRun) return;
        applyEvents(page.events);
        for (const event of page.events) cursor.paged(event.seq);
        const last = page.events.at(-1);
        if (!page.hasMore || !last) {
          cursor.caughtUp();
          return;
        }
        position = last.seq;
      }
    } catch (error) {
      if (run === catchUpRun) loadError.value = `Some missed messages could not be loaded: ${describeError(error)}`;
    }
  }

  /** Loads the page before the oldest message held; true when it arrived (a call while one is underway joins it). */
  function loadOlder(limit: number = LIMITS.historyPageSize): Promise<boolean> {
    const oldestSeq = messages.oldestSeq;
    if (olderPage) return olderPage;
    if (!hasOlder.value || oldestSeq === undefined) return Promise.resolve(false);
    loadingOlder.value = true;
    loadError.value = null;
    olderPage = api
      .getMessages(slug, { before: oldestSeq, limit })
      .then(
        (page) => {
          if (disposed) return false;
          addMessages(page.messages);
          hasOlder.value = page.hasMore;
          return true;
        },
        (error: unknown) => {
          loadError.value = `Older messages could not be loaded: ${describeError(error)}`;
          return false;
        },
      )
      .finally(() => {
        loadingOlder.value = false;
        olderPage = null;
      });
    return olderPage;
  }

  /**
   * Brings the message created at `seq` among the rows, loading older pages until it is there; false when it cannot
   * be (a page failed, or there is nothing older).
   */
  async function loadUntil(seq: number): Promise<boolean> {
    while (!messages.holds(seq)) {
      const oldest = messages.oldestSeq;
      if (oldest !== undefined && oldest < seq) return false;
      if (!(await loadOlder(LIMITS.pageMaxSize))) return false;
    }
    return true;
  }

  /**
   * Opens the room at the message created at `seq` (a search result): when it is not held, the messages around it are
   * loaded, with a gap below them when newer ones are held (filled by loadNewer as it comes into view), and older ones
   * loaded by loadOlder as usual. Resolves to the seq to show — the message's, or the nearest before it — or null when
   * the window could not be loaded.
   */
  async function openAt(seq: number): Promise<number | null> {
    if (messages.holds(seq)) return seq;
    loadError.value = null;
    try {
      const window = await api.getMessagesAround(slug, seq, LIMITS.aroundPageSize);
      if (disposed) return null;
      const oldestHeld = messages.oldestSeq;
      messages.openWindow(window.messages, window.hasMoreAfter);
      if (oldestHeld === undefined || (window.messages[0]?.seq ?? oldestHeld) < oldestHeld) {
        hasOlder.value = window.hasMoreBefore;
      }
      timeline.value = messages.view();
      return messages.newestSeqAtOrBelow(seq) ?? window.messages[0]?.seq ?? null;
    } catch (error) {
      loadError.value = `That message could not be loaded: ${describeError(error)}`;
      return null;
    }
  }

  /** Loads the page after the gap at `afterSeq`; a call while one is underway changes nothing. */
  async function loadNewer(afterSeq: number): Promise<void> {
    if (loadingNewer.value || !messages.gapAfter(afterSeq)) return;
    loadingNewer.value = true;
    try {
      const page = await api.getMessages(slug, { after: afterSeq, limit: LIMITS.pageMaxSize });
      if (disposed) return;
      messages.fillGap(afterSeq, page.messages, page.hasMore);
      timeline.value = messages.view();
    } catch (error) {
      loadError.value = `Newer messages could not be loaded: ${describeError(error)}`;
    } finally {
      loadingNewer.value = false;
    }
  }

  return {
    roomName,
    timeline,
    openAt,
    loadNewer,
    loadingNewer,
    hasOlder,
    loadingOlder,
    loadError,
    /** Where the log was followed to: the `since` of the next socket. */
    get since(): number | undefined {
      return cursor.since;
    },
    historyArrived,
    liveMessage(message: ChatMessage): void {
      addMessages([message]);
      cursor.live(message.seq);
    },
    liveChange(seq: number, message: ChatMessage): void {
      applyStates([message]);
      cursor.live(seq);
    },
    addNotice(notice: SystemData): void {
      messages.addNotice(notice);
      timeline.value = messages.view();
    },
    loadOlder,
    loadUntil,
    /** The quoted message as it is now (from the timeline, or fetched once when it is not loaded). */
    quoted(reply: ReplyRef): QuoteState {
      // Read so that whoever shows it follows the timeline's changes.
      void timeline.value;
      return quotes.state(reply);
    },
    requestQuote: (reply: ReplyRef) => quotes.request(reply),
    /** The newest state held of the message created at `seq`. */
    messageAt(seq: number): ChatMessage | undefined {
      void timeline.value;
      return messages.find(seq);
    },
    findLast: (matches: (message: ChatMessage) => boolean) => messages.findLast(matches),
    newestSeqAtOrBelow: (seq: number) => messages.newestSeqAtOrBelow(seq),
    /** A message's earlier versions, oldest first. */
    loadEdits: (message: ChatMessage): Promise<MessageEdit[]> => api.getEdits(slug, message.id),
    dispose(): void {
      disposed = true;
    },
  };
}
