import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

/** Within this distance of the bottom counts as "reading the latest", so a few pixels of slack still follow. */
const NEAR_BOTTOM_PX = 48;
/** Within this distance of the top, the next older page is asked for before the user hits the edge. */
const NEAR_TOP_PX = 120;

export interface StickyScrollOptions<Item extends { key: string }> {
  /** The rendered list; compared by first and last key to tell a prepended page from appended messages. */
  items: () => readonly Item[];
  /** An appended item that scrolls into view even when the user had scrolled up (their own message). */
  alwaysFollow: (item: Item) => boolean;
  onNearTop: () => void;
}

function distanceFromBottom(element: HTMLElement): number {
  return element.scrollHeight - element.scrollTop - element.clientHeight;
}

/**
 * Keeps a scrolling list pinned to its bottom while the user reads the latest, leaves it where it is when they
 * scrolled up (flagging what arrived below), and keeps the visible messages in place when older ones are
 * prepended above them.
 */
export function useStickyScroll<Item extends { key: string }>(
  scroller: Ref<HTMLElement | null>,
  options: StickyScrollOptions<Item>,
) {
  const pinnedToBottom = ref(true);
  const unseenBelow = ref(false);
  let heightBelowViewTop = 0;

  function scrollToLatest(): void {
    const element = scroller.value;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    pinnedToBottom.value = true;
    unseenBelow.value = false;
  }

  function onScroll(): void {
    const element = scroller.value;
    if (!element) return;
    pinnedToBottom.value = distanceFromBottom(element) <= NEAR_BOTTOM_PX;
    if (pinnedToBottom.value) unseenBelow.value = false;
    if (element.scrollTop <= NEAR_TOP_PX) options.onNearTop();
  }

  watch(
    options.items,
    () => {
      const element = scroller.value;
      if (element) heightBelowViewTop = element.scrollHeight - element.scrollTop;
    },
    { flush: 'pre' },
  );

  watch(
    options.items,
    (items, previous) => {
      const element = scroller.value;
      if (!element) return;
      const last = items.at(-1);
      const appended = last !== undefined && last.key !== previous.at(-1)?.key;
      const prepended = previous.length > 0 && items[0]?.key !== previous[0]?.key;
      if (pinnedToBottom.value || (appended && options.alwaysFollow(last))) {
        scrollToLatest();
        return;
      }
      if (prepended) element.scrollTop = element.scrollHeight - heightBelowViewTop;
      if (appended) unseenBelow.value = true;
    },
    { flush: 'post' },
  );

  let resizeObserver: ResizeObserver | undefined;
  onMounted(() => {
    scrollToLatest();
    if (typeof ResizeObserver === 'undefined' || !scroller.value) return;
    // The list gets shorter when the composer grows or a phone keyboard opens: keep the latest in view.
    resizeObserver = new ResizeObserver(() => {
      if (pinnedToBottom.value) scrollToLatest();
    });
    resizeObserver.observe(scroller.value);
  });
  onBeforeUnmount(() => resizeObserver?.disconnect());

  return { unseenBelow, onScroll, scrollToLatest };
}
