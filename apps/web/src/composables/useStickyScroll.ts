import { onBeforeUnmount, onMounted, ref, watch, type Ref } from 'vue';

/** Within this distance of the bottom counts as "reading the latest", so a few pixels of slack still follow. */
const NEAR_BOTTOM_PX = 48;
/** Within this distance of the top, the next older page is asked for before the user hits the edge. */
const NEAR_TOP_PX = 120;

export interface StickyScrollOptions {
  /** The key of the last row: a new one means something was appended. */
  lastKey: () => string | undefined;
  /** Whether the last row scrolls into view even when the user had scrolled up (their own message). */
  followLast: () => boolean;
  /** The height of all rows, rendered or not: when it changes while the user reads the latest, they follow. */
  contentHeight: () => number;
  onNearTop: () => void;
  /** Told after the list was scrolled from code, so that whatever renders the rows can follow at once. */
  onScrolled: () => void;
}

function distanceFromBottom(element: HTMLElement): number {
  return element.scrollHeight - element.scrollTop - element.clientHeight;
}

/**
 * Keeps a scrolling list pinned to its bottom while the user reads the latest, and leaves it where it is when they
 * scrolled up, flagging what arrived below.
 */
export function useStickyScroll(scroller: Ref<HTMLElement | null>, options: StickyScrollOptions) {
  const pinnedToBottom = ref(true);
  const unseenBelow = ref(false);

  function scrollToLatest(): void {
    const element = scroller.value;
    if (!element) return;
    element.scrollTop = element.scrollHeight;
    pinnedToBottom.value = true;
    unseenBelow.value = false;
    options.onScrolled();
  }

  function onScroll(): void {
    const element = scroller.value;
    if (!element) return;
    pinnedToBottom.value = distanceFromBottom(element) <= NEAR_BOTTOM_PX;
    if (pinnedToBottom.value) unseenBelow.value = false;
    if (element.scrollTop <= NEAR_TOP_PX) options.onNearTop();
  }

  watch(
    options.lastKey,
    (last, previous) => {
      const appended = last !== undefined && last !== previous;
      if (pinnedToBottom.value || (appended && options.followLast())) scrollToLatest();
      else if (appended) unseenBelow.value = true;
    },
    { flush: 'post' },
  );

  // Rows measured taller or shorter than estimated, a longer message in view: stay at the bottom.
  watch(
    options.contentHeight,
    () => {
      if (pinnedToBottom.value) scrollToLatest();
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

  return { pinnedToBottom, unseenBelow, onScroll, scrollToLatest };
}
