import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { messageFromOther, openParticipant, sendMessage, signUp, uniqueSuffix, waitUntilConnected } from './browser';
import { browserSuite, PASSWORD } from './suite';

const XSS_PROBE = '<img src=x onerror=alert(1)>';
const JAVASCRIPT_LINK = '[click me](javascript:alert(1))';
const FORMATTED = '**bold** and `code` and https://example.com';

/**
 * Lets the test take a page's sockets down and keep them down for a while, as a network drop would, while the
 * page stays open: every socket made while `offline` goes to a closed port (loopback) instead, and fails.
 */
const SOCKET_SWITCH = `(() => {
  const Native = window.WebSocket;
  const open = [];
  const control = { offline: false };
  control.drop = () => {
    control.offline = true;
    for (const socket of open.splice(0)) socket.close();
  };
  class SwitchedSocket extends Native {
    constructor(url, protocols) {
      super(control.offline ? 'ws://127.0.0.1:9/' : url, protocols);
      open.push(this);
    }
  }
  window.WebSocket = SwitchedSocket;
  window.__sockets = control;
})();`;

const suite = browserSuite();

/** The stored message (not one still on its way) whose content holds `text`: not a reply quoting it. */
function storedMessage(page: Page, text: string): Locator {
  return page.locator('.message-row').filter({ has: page.locator('.message__content', { hasText: text }) });
}

/** Waits until nothing matches. */
async function waitForNone(locator: Locator): Promise<void> {
  const deadline = Date.now() + 15_000;
  while ((await locator.count()) > 0) {
    if (Date.now() > deadline) throw new Error(`still there: ${locator.toString()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Hovers the message, as a person would, and clicks one of its actions. */
async function act(message: Locator, action: 'Reply' | 'React' | 'Edit' | 'Delete'): Promise<void> {
  await message.locator('.message__content').hover();
  await message.getByRole('toolbar').getByRole('button', { name: action, exact: true }).click();
}

async function reactionCount(message: Locator, emoji: string): Promise<string | null> {
  return message.locator('.reaction').filter({ hasText: emoji }).locator('.reaction__count').textContent();
}

describe('changing messages', () => {
  it('edit, delete, react and reply through the UI show on a second page, and what changed while it was offline after it reconnects; formatting renders, HTML and javascript: links do not', async () => {
    const suffix = uniqueSuffix();
    const slug = `e2e-changes-${suffix}`;
    const aliName = `ali-${suffix}`;
    const beaName = `bea-${suffix}`;
    const ali = await openParticipant(suite.browser, suite.dialogs);
    const bea = await openParticipant(suite.browser, suite.dialogs);
    await bea.page.addInitScript(SOCKET_SWITCH);

    await signUp(ali.page, suite.parley.url, aliName, PASSWORD, `/chat/${slug}`);
    await waitUntilConnected(ali.page);
    await signUp(bea.page, suite.parley.url, beaName, PASSWORD, `/chat/${slug}`);
    await waitUntilConnected(bea.page);

    // Ali writes, then edits it with ↑ in the empty composer: Bea sees the new words, marked edited, the old a click away.
    const aliComposer = ali.page.getByRole('textbox', { name: 'Message' });
    await sendMessage(ali.page, 'Original words');
    await storedMessage(ali.page, 'Original words').waitFor();
    await messageFromOther(bea.page, 'Original words');
    await aliComposer.press('ArrowUp');
    await ali.page.locator('.composer__mode').filter({ hasText: 'Editing — Esc to cancel' }).waitFor();
    expect(await aliComposer.inputValue()).toBe('Original words');
    await aliComposer.fill('Better words');
    await aliComposer.press('Enter');
    const editedOnBea = await messageFromOther(bea.page, 'Better words');
    await editedOnBea.getByRole('button', { name: '(edited)' }).click();
    await editedOnBea.locator('.edit-history').filter({ hasText: 'Original words' }).waitFor();
    expect(await editedOnBea.locator('.message__content').first().textContent()).toBe('Better words');

    // Bea reacts from the picker; Ali sees the chip with Bea's name and adds hers by clicking it.
    await act(storedMessage(bea.page, 'Better words'), 'React');
    await bea.page.getByRole('button', { name: 'React with 👍' }).click();
    const onAli = storedMessage(ali.page, 'Better words');
    const thumbsOnAli = onAli.locator('.reaction').filter({ hasText: '👍' });
    await thumbsOnAli.waitFor();
    expect(await thumbsOnAli.getAttribute('title')).toBe(beaName);
    await thumbsOnAli.click();
    await onAli.locator('.reaction[aria-pressed="true"]').filter({ hasText: '👍' }).waitFor();
    await storedMessage(bea.page, 'Better words').locator('.reaction__count').filter({ hasText: '2' }).waitFor();
    expect(await reactionCount(storedMessage(bea.page, 'Better words'), '👍')).toBe('2');

    // Bea replies; Ali sees the preview of what it answers, and the click on it shows that message.
    await act(storedMessage(bea.page, 'Better words'), 'Reply');
    await bea.page
      .locator('.composer__mode')
      .filter({ hasText: `Replying to ${aliName}: Better words` })
      .waitFor();
    await sendMessage(bea.page, 'Agreed');
    const replyOnAli = await messageFromOther(ali.page, 'Agreed');
    const preview = replyOnAli.locator('.reply-preview');
    expect(await preview.locator('.reply-preview__excerpt').textContent()).toBe('Better words');
    await preview.click();
    await ali.page.locator('.message-row--highlighted').filter({ hasText: 'Better words' }).waitFor();

    // Formatting renders; an HTML payload and a javascript: link stay the characters typed.
    await sendMessage(ali.page, FORMATTED);
    const formatted = await messageFromOther(bea.page, 'bold');
    expect(await formatted.locator('.message__content strong').textContent()).toBe('bold');
    expect(await formatted.locator('.message__content code').textContent()).toBe('code');
    const link = formatted.locator('.message__content a');
    expect(await link.getAttribute('href')).toBe('https://example.com');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await sendMessage(bea.page, XSS_PROBE);
    await sendMessage(bea.page, JAVASCRIPT_LINK);
    const probe = await messageFromOther(ali.page, XSS_PROBE);
    expect(await probe.locator('.message__content').textContent()).toBe(XSS_PROBE);
    const jsLink = await messageFromOther(ali.page, 'click me');
    expect(await jsLink.locator('.message__content').textContent()).toBe(JAVASCRIPT_LINK);
    expect(await jsLink.locator('a').count()).toBe(0);
    expect(await ali.page.locator('[role="log"] img').count()).toBe(0);

    // Bea's connection drops. Meanwhile Ali edits again, deletes the formatted message and reacts to Bea's reply.
    await bea.page.evaluate('window.__sockets.drop()');
    await bea.page
      .getByRole('status')
      .filter({ hasText: /Reconnecting|Connecting/ })
      .waitFor();
    await act(storedMessage(ali.page, 'Better words'), 'Edit');
    await aliComposer.fill('Best words');
    await aliComposer.press('Enter');
    await act(storedMessage(ali.page, 'bold'), 'Delete');
    await ali.page.locator('.message-row__confirm').getByRole('button', { name: 'Delete' }).click();
    await act(storedMessage(ali.page, 'Agreed'), 'React');
    await ali.page.getByRole('button', { name: 'React with 🎉' }).click();
    // Stored, every one: nothing of Ali's is still on its way.
    await storedMessage(ali.page, 'Agreed').locator('.reaction').filter({ hasText: '🎉' }).waitFor();
    await waitForNone(ali.page.locator('.message-row__note'));
    await storedMessage(ali.page, 'This message was deleted').waitFor();

    // Back online: the changes made while Bea was away are all there.
    await bea.page.evaluate('window.__sockets.offline = false');
    await waitUntilConnected(bea.page);
    await messageFromOther(bea.page, 'Best words');
    await storedMessage(bea.page, 'This message was deleted').waitFor();
    expect(
      await storedMessage(bea.page, 'This message was deleted').locator('.reactions, .message-actions').count(),
    ).toBe(0);
    expect(await storedMessage(bea.page, 'bold').count()).toBe(0);
    expect(await reactionCount(storedMessage(bea.page, 'Agreed'), '🎉')).toBe('1');
    expect(await storedMessage(bea.page, 'Agreed').locator('.reply-preview__excerpt').textContent()).toBe('Best words');

    expect(suite.dialogs).toEqual([]);
    await bea.context.close();
    await ali.context.close();
  });
});
