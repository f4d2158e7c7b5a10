import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { joinAsGuest, openParticipant, signUp, uniqueSuffix, waitUntilConnected } from './browser';
import { browserSuite, PASSWORD } from './suite';

const suite = browserSuite();

/**
 * Posts `contents` to the room from the page, as guests over the room's socket, each message acked before the next
 * (the order is the room's order); several guests share the load, each within the per-socket burst. Resolves to
 * the seq of each message.
 */
async function postAsGuests(page: Page, slug: string, contents: string[]): Promise<number[]> {
  const socketOrigin = suite.parley.url.replace(/^http/, 'ws');
  return page.evaluate(
    async ({ socketOrigin, slug, contents }) => {
      const PER_GUEST = 25;
      // A guest resending a clientId gets the first message's ack again: each call has its own.
      const batch = crypto.randomUUID();
      const seqs: number[] = [];
      for (let start = 0; start < contents.length; start += PER_GUEST) {
        const url = `${socketOrigin}/ws/${slug}?username=seeder${start / PER_GUEST}`;
        const socket = new WebSocket(url);
        const frames: { event: string; data: { clientId?: string; seq?: number } }[] = [];
        let notify = () => {};
        socket.onmessage = (event) => {
          frames.push(JSON.parse(event.data as string));
          notify();
        };
        const next = (event: string, clientId?: string) =>
          new Promise<{ seq?: number }>((resolve, reject) => {
            const look = () => {
              const found = frames.find((frame) => frame.event === event && frame.data.clientId === clientId);
              const error = frames.find((frame) => frame.event === 'error');
              if (error) reject(new Error(JSON.stringify(error)));
              else if (found) resolve(found.data);
              else notify = look;
            };
            look();
          });
        await next('history');
        for (const [offset, content] of contents.slice(start, start + PER_GUEST).entries()) {
          const clientId = `${batch}-${start + offset}`;
          socket.send(JSON.stringify({ event: 'message', data: { content, clientId } }));
          seqs.push((await next('ack', clientId)).seq!);
        }
        socket.close();
      }
      return seqs;
    },
    { socketOrigin, slug, contents },
  );
}

describe('search', () => {
  it('finds a message from the bar, opens its room at it highlighted, and loads older and newer messages from there', async () => {
    const suffix = uniqueSuffix();
    const slug = `e2e-search-${suffix}`;
    const needle = `needle${suffix.replace(/[^a-z0-9]/g, '')}`;
    const ali = await openParticipant(suite.browser, suite.dialogs);
    await signUp(ali.page, suite.parley.url, `ali-${suffix}`, PASSWORD, `/chat/${slug}`);
    await waitUntilConnected(ali.page);

    // 10 older messages, the one to find, then 120 newer: far more than a room opens with.
    const contents = [
      ...Array.from({ length: 10 }, (_, index) => `older filler ${index}`),
      `The ${needle} deployment is done`,
      ...Array.from({ length: 120 }, (_, index) => `newer filler ${index}`),
    ];
    const seqs = await postAsGuests(ali.page, slug, contents);
    const foundSeq = seqs[10]!;
    await ali.page.locator('.message__content', { hasText: 'newer filler 119' }).waitFor();
    await ali.page.goto(`${suite.parley.url}/`);

    // Ctrl+K from anywhere, the word's beginning and another word's, Enter.
    await ali.page.getByRole('heading', { name: 'Rooms' }).waitFor();
    await ali.page.keyboard.press('Control+k');
    const field = ali.page.getByRole('searchbox', { name: 'Search messages' });
    expect(await field.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await field.fill(`${needle.slice(0, -2)} deploy`);
    await field.press('Enter');
    await ali.page.waitForURL(/\/search\?q=/);
    const results = ali.page.getByRole('list', { name: 'Search results' }).getByRole('link');
    await results.first().waitFor();
    expect(await results.count()).toBe(1);
    const result = results.first();
    expect(await result.locator('.search-result__author').textContent()).toBe('seeder0');
    expect(await result.locator('.guest-mark').count()).toBe(1);
    expect(await result.locator('mark').allTextContents()).toEqual([needle, 'deployment']);

    // Opened in its room at that message, highlighted, in view; the newest messages not loaded in between.
    await result.click();
    await ali.page.waitForURL(`**/chat/${slug}?at=${foundSeq}`);
    const found = ali.page.locator('.message-row--highlighted', { hasText: `The ${needle} deployment is done` });
    await found.waitFor();
    expect(await found.isVisible()).toBe(true);
    await ali.page.locator('.message__content', { hasText: 'older filler 0' }).waitFor({ state: 'attached' });

    // A message arriving meanwhile shows below a gap; scrolling down, newer pages load as the gap comes into view,
    // until they meet it: every message between is there, in order, once.
    await postAsGuests(ali.page, slug, ['live after the search']);
    const log = ali.page.getByRole('log');
    const live = ali.page.locator('.message__content', { hasText: 'live after the search' });
    const gap = ali.page.locator('.gap-row');
    // The list is virtual: rows are read by their seq, not by where they sit in the document.
    const seen = new Map<number, string>();
    const readRows = async () => {
      const rows = await ali.page
        .locator('.message-row')
        .evaluateAll((elements) =>
          elements.map(
            (row) =>
              [
                Number(row.getAttribute('data-seq')),
                row.querySelector('.message__content')?.textContent ?? '',
              ] as const,
          ),
        );
      for (const [seq, text] of rows) seen.set(seq, text);
    };
    for (let step = 0; step < 200 && !(await live.isVisible()); step++) {
      await readRows();
      if (await gap.isVisible()) await ali.page.waitForTimeout(100);
      else await log.evaluate((element) => element.scrollBy(0, element.clientHeight / 2));
    }
    await readRows();
    const inSeqOrder = [...seen].sort(([a], [b]) => a - b).map(([, text]) => text);
    const newer = inSeqOrder.filter((text) => text.startsWith('newer filler'));
    expect(newer).toEqual(Array.from({ length: 120 }, (_, index) => `newer filler ${index}`));
    expect(inSeqOrder.at(-1)).toBe('live after the search');
    expect(suite.dialogs).toEqual([]);
  });

  it("works for a guest on a phone: the field under the bar, a public room's result, the room opened at it", async () => {
    const suffix = uniqueSuffix();
    const slug = `e2e-search-phone-${suffix}`;
    const word = `phoneword${suffix.replace(/[^a-z0-9]/g, '')}`;
    const guest = await openParticipant(suite.browser, suite.dialogs, { width: 390, height: 844 });
    await guest.page.goto(`${suite.parley.url}/`);
    await postAsGuests(guest.page, slug, [`first ${word}`, 'something else', `second ${word}`]);

    const field = guest.page.getByRole('searchbox', { name: 'Search messages' });
    const box = (await field.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    await field.fill(word);
    await field.press('Enter');
    const results = guest.page.getByRole('list', { name: 'Search results' }).getByRole('link');
    await results.nth(1).waitFor();
    expect(await results.locator('.search-result__text').allTextContents()).toEqual([
      `second ${word}`,
      `first ${word}`,
    ]);

    await results.nth(1).click();
    await joinAsGuest(guest.page, `phone-${suffix.slice(-6)}`);
    await guest.page.locator('.message-row--highlighted', { hasText: `first ${word}` }).waitFor();
    expect(suite.dialogs).toEqual([]);
  });
});
