import {
  computed,
  onBeforeUnmount,
  onBeforeUpdate,
  onMounted,
  onUpdated,
  shallowRef,
  triggerRef,
  watch,
  type Ref,
} from 'vue';
import { RowLayout } from '../virtual/rowLayout';

/** Rows rendered beyond each edge of the viewport, so that a quick scroll shows rows rather than blank space. */
const OVERSCAN_PX = 600;

export interface VirtualRowsOptions<Row extends { key: string }> {
  /** The long part of the list: it grows at the end in place (same `entries`), or is rebuilt into a new array. */
  head: () => { readonly entries: readonly Row[]; readonly length: number };
  /** A few rows after it (the outbox), laid out afresh whenever they change. */
  tail: () => readonly Row[];
  /** A row's height until it has been rendered and measured. */
  estimateHeight: (row: Row) => number;
}

interface Viewport {
  /** Scroll position of the scroller. */
  top: number;
  height: number;
  /** Where the list starts inside the scroller's content (what comes before it: padding, a header). */
  listTop: number;
}

interface LaidOut<Row> {
  entries: readonly Row[] | undefined;
  length: number;
  tail: readonly Row[];
}

/** The row at the top of the viewport, and where its top was on screen (negative: above the viewport's top). */
interface Anchor {
  key: string;
  index: number;
  screenTop: number;
}

/**
 * Renders only the rows of a long list that are near the viewport, between paddings standing for the rest.
 * Heights are estimated until a row is rendered, then measured and remembered by key.
 *
 * Appending rows lays out just those rows (see RowLayout), so the cost of a new message does not grow with the
 * list. A row replaced in place under the same key (an edited message) keeps its place and is measured again when
 * it renders, as is a rendered row that changed height on its own. Whatever changes above the viewport (older rows inserted, rows rendered taller or shorter than their
 * estimate) the row at the top of the viewport stays where it was on screen, unless something scrolled the list
 * in the meantime (sticking to the bottom, the user).
 */
export function useVirtualRows<Row extends { key: string }>(
  scroller: Ref<HTMLElement | null>,
  list: Ref<HTMLElement | null>,
  options: VirtualRowsOptions<Row>,
) {
  // Mutated in place, announced with triggerRef: a copy per change would cost what this is here to avoid.
  const layout = shallowRef(new RowLayout());
  const viewport = shallowRef<Viewport>({ top: 0, height: 0, listTop: 0 });
  const measuredHeights = new Map<string, number>();
  let laidOut: LaidOut<Row> = { entries: undefined, length: 0, tail: [] };
  /** Put back on screen where it was once the DOM is updated and measured; dropped when the list is scrolled. */
  let pendingAnchor: Anchor | undefined;

  function rowOf(source: LaidOut<Row>, index: number): Row | undefined {
    return index < source.length ? source.entries?.[index] : source.tail[index - source.length];
  }

  function heightOf(row: Row): number {
    return measuredHeights.get(row.key) ?? options.estimateHeight(row);
  }

  function syncLayout(): void {
    const head = options.head();
    const tail = options.tail();
    const rows = layout.value;
    const appendedOnly = head.entries === laidOut.entries && head.length >= laidOut.length;
    const anchor = appendedOnly ? undefined : anchorAtViewportTop();
    rows.truncate(appendedOnly ? laidOut.length : 0);
    for (let index = rows.length; index < head.length; index++) rows.push(heightOf(head.entries[index]!));
    for (const row of tail) rows.push(heightOf(row));
    laidOut = { entries: head.entries, length: head.length, tail };
    if (anchor) keepOnScreen(anchor);
    triggerRef(layout);
  }

  /** Only meaningful while the layout matches the DOM, which every measurement restores. */
  function anchorAtViewportTop(): Anchor | undefined {
    const rows = layout.value;
    if (rows.length === 0) return undefined;
    const { top, listTop } = viewport.value;
    const index = rows.rowAt(top - listTop);
    const row = rowOf(laidOut, index);
    return row && { key: row.key, index, screenTop: listTop + rows.offsetOf(index) - top };
  }

  /** A rebuilt list moved the anchor to another index: render around it at once, and settle it after measuring. */
  function keepOnScreen(anchor: Anchor): void {
    const index = indexOf(anchor);
    if (index === undefined) return;
    const { listTop } = viewport.value;
    viewport.value = { ...viewport.value, top: Math.max(0, listTop + layout.value.offsetOf(index) - anchor.screenTop) };
    pendingAnchor = { ...anchor, index };
  }

  /** Linear only after a rebuild, which already cost a pass over the rows, or when the outbox changed under it. */
  function indexOf(anchor: Anchor): number | undefined {
    if (rowOf(laidOut, anchor.index)?.key === anchor.key) return anchor.index;
    for (let index = 0; index < layout.value.length; index++) {
      if (rowOf(laidOut, index)?.key === anchor.key) return index;
    }
    return undefined;
  }

  function restore(anchor: Anchor): void {
    const element = scroller.value;
    const index = indexOf(anchor);
    if (!element || index === undefined) return;
    const top = viewport.value.listTop + layout.value.offsetOf(index) - anchor.screenTop;
    if (Math.abs(top - element.scrollTop) < 0.5) return;
    element.scrollTop = top;
    syncViewport();
  }

  /** Reads where the scroller is; call after scrolling it from code, so that the rows follow at once. */
  function syncViewport(): void {
    pendingAnchor = undefined;
    readViewport();
  }

  function readViewport(): void {
    const element = scroller.value;
    if (!element) return;
    const next: Viewport = {
      top: element.scrollTop,
      height: element.clientHeight,
      listTop: list.value?.offsetTop ?? 0,
    };
    const current = viewport.value;
    if (next.top !== current.top || next.height !== current.height || next.listTop !== current.listTop) {
      viewport.value = next;
    }
  }

  /** Brings the layout back in line with the DOM for the rendered rows. */
  function measureRenderedRows(): void {
    const element = list.value;
    if (!element) return;
    const rows = layout.value;
    let changed = false;
    for (const child of element.children) {
      const index = Number((child as HTMLElement).dataset.index);
      const height = child.getBoundingClientRect().height;
      // Zero when nothing is laid out (a hidden tab): keep what is known.
      if (!(height > 0) || !(index < rows.length) || rows.setHeight(index, height) === 0) continue;
      measuredHeights.set(rowOf(laidOut, index)!.key, height);
      changed = true;
    }
    if (changed) triggerRef(layout);
  }

  /** Rows rendered in place of padding, at their real height, move what is below them: move back with it. */
  function measureKeepingAnchor(anchor: Anchor | undefined): void {
    measureRenderedRows();
    if (anchor) restore(anchor);
  }

  watch([options.head, options.tail], syncLayout, { flush: 'pre', immediate: true });

  const range = computed<{ start: number; end: number }>((previous) => {
    const rows = layout.value;
    const { top, height, listTop } = viewport.value;
    const start = rows.length === 0 ? 0 : rows.rowAt(top - listTop - OVERSCAN_PX);
    const end = rows.length === 0 ? -1 : rows.rowAt(top - listTop + height + OVERSCAN_PX);
    // The same object when unchanged, so that scrolling within the rendered rows renders nothing.
    return previous?.start === start && previous.end === end ? previous : { start, end };
  });

  const rowCount = computed(() => options.head().length + options.tail().length);

  const rows = computed(() => {
    // Read from the sources rather than `laidOut`, so that a row replaced at the same index (an outgoing message
    // whose status changed) renders anew even when the range did not move.
    const current: LaidOut<Row> = {
      entries: options.head().entries,
      length: options.head().length,
      tail: options.tail(),
    };
    const { start, end } = range.value;
    const visible: { index: number; row: Row }[] = [];
    for (let index = start; index <= end; index++) {
      const row = rowOf(current, index);
      if (row) visible.push({ index, row });
    }
    return visible;
  });

  const spaceAbove = computed(() => layout.value.offsetOf(range.value.start));
  const spaceBelow = computed(() => layout.value.totalHeight - layout.value.offsetOf(range.value.end + 1));
  const contentHeight = computed(() => layout.value.totalHeight);

  /**
   * Scrolls the row at `index` to the middle of the viewport (or as near as the list allows), by the heights known:
   * call again once it rendered, to place it by its measured height and its neighbours'.
   */
  function scrollToRow(index: number): void {
    const element = scroller.value;
    const rows = layout.value;
    if (!element || index < 0 || index >= rows.length) return;
    const rowTop = viewport.value.listTop + rows.offsetOf(index);
    const rowHeight = rows.offsetOf(index + 1) - rows.offsetOf(index);
    element.scrollTop = Math.max(0, rowTop - Math.max(0, (element.clientHeight - rowHeight) / 2));
    syncViewport();
  }

  let resizeObserver: ResizeObserver | undefined;
  onMounted(() => {
    syncViewport();
    measureRenderedRows();
    if (typeof ResizeObserver === 'undefined' || !scroller.value) return;
    // A new width re-wraps the rows in view, and a row may change height with no new props for the list (its
    // earlier versions opened, a picker shown): measure them again.
    resizeObserver = new ResizeObserver(() => {
      syncViewport();
      measureKeepingAnchor(anchorAtViewportTop());
    });
    resizeObserver.observe(scroller.value);
    if (list.value) resizeObserver.observe(list.value);
  });
  onBeforeUpdate(() => {
    pendingAnchor ??= anchorAtViewportTop();
  });
  onUpdated(() => {
    const anchor = pendingAnchor;
    pendingAnchor = undefined;
    // What is above the list (the "load older" line) may have changed height too.
    readViewport();
    measureKeepingAnchor(anchor);
  });
  onBeforeUnmount(() => resizeObserver?.disconnect());

  return { rows, rowCount, spaceAbove, spaceBelow, contentHeight, syncViewport, scrollToRow };
}
