/** Every rendered row of a MessageList is this tall under installListLayout. */
export const ROW_HEIGHT = 100;
/** The height a MessageList's scroller shows under installListLayout. */
export const VIEWPORT_HEIGHT = 500;

/**
 * jsdom lays nothing out. Installed on the prototypes before mounting: every rendered row is ROW_HEIGHT tall (or
 * what `heightOf` says of it), the scroller shows VIEWPORT_HEIGHT of a content as tall as the list's padding plus
 * its rendered rows, and its scrollTop is clamped as a browser clamps it. Returns what takes it off again.
 */
export function installListLayout(heightOf: (row: Element) => number = () => ROW_HEIGHT): () => void {
  const scrollTops = new WeakMap<Element, number>();
  const isScroller = (element: Element) => element.classList.contains('message-list');
  const contentHeight = (scroller: Element) => {
    const list = scroller.querySelector<HTMLElement>('.message-list__items');
    if (!list) return 0;
    const padding = parseFloat(list.style.paddingTop || '0') + parseFloat(list.style.paddingBottom || '0');
    return padding + [...list.children].reduce((sum, row) => sum + heightOf(row), 0);
  };
  const maxScrollTop = (scroller: Element) => Math.max(0, contentHeight(scroller) - VIEWPORT_HEIGHT);

  const originals = {
    scrollTop: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollTop')!,
    scrollHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'scrollHeight')!,
    clientHeight: Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!,
    getBoundingClientRect: Element.prototype.getBoundingClientRect,
  };
  Object.defineProperties(HTMLElement.prototype, {
    scrollTop: {
      configurable: true,
      get(this: HTMLElement) {
        return isScroller(this) ? (scrollTops.get(this) ?? 0) : originals.scrollTop.get!.call(this);
      },
      set(this: HTMLElement, value: number) {
        if (isScroller(this)) scrollTops.set(this, Math.max(0, Math.min(value, maxScrollTop(this))));
        else originals.scrollTop.set!.call(this, value);
      },
    },
    scrollHeight: {
      configurable: true,
      get(this: HTMLElement) {
        return isScroller(this) ? contentHeight(this) : originals.scrollHeight.get!.call(this);
      },
    },
    clientHeight: {
      configurable: true,
      get(this: HTMLElement) {
        return isScroller(this) ? VIEWPORT_HEIGHT : originals.clientHeight.get!.call(this);
      },
    },
  });
  Element.prototype.getBoundingClientRect = function (this: Element) {
    return this.classList.contains('message-list__item')
      ? new DOMRect(0, 0, 300, heightOf(this))
      : originals.getBoundingClientRect.call(this);
  };

  return () => {
    for (const name of ['scrollTop', 'scrollHeight', 'clientHeight'] as const) {
      delete (HTMLElement.prototype as unknown as Record<string, unknown>)[name];
    }
    Element.prototype.getBoundingClientRect = originals.getBoundingClientRect;
  };
}
