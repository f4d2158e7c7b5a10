import { describe, expect, it } from 'vitest';
import { joinAsGuest, messageFromOther, openParticipant, sendMessage, uniqueSuffix } from './browser';
import { browserSuite } from './suite';

const PHONE_WIDTH = 360;
const XSS_PROBE = '<img src=x onerror=alert(1)>';

const suite = browserSuite();

describe('two people chatting in one room', () => {
  it('see each other arrive, talk, see markup as text, and see each other leave', async () => {
    const slug = `e2e-${uniqueSuffix()}`;
    const ali = await openParticipant(suite.browser, suite.dialogs);
    const bea = await openParticipant(suite.browser, suite.dialogs, { width: PHONE_WIDTH, height: 740 });

    // Ali creates the room from the home page and lands in it.
    await ali.page.goto(`${suite.parley.url}/`);
    await ali.page.getByRole('textbox', { name: 'Room name (in the address)' }).fill(slug);
    await ali.page.getByRole('textbox', { name: /^Display name/ }).fill('End to end');
    await ali.page.getByRole('button', { name: 'Create room' }).click();
    await ali.page.waitForURL(`**/chat/${slug}`);
    await joinAsGuest(ali.page, 'Ali');
    await ali.page.getByRole('heading', { name: 'End to end' }).waitFor();

    // Bea opens the room by its address on a phone-width screen.
    await bea.page.goto(`${suite.parley.url}/chat/${slug}`);
    await joinAsGuest(bea.page, 'Bea');

    await ali.page.locator('.notice').filter({ hasText: 'Bea joined' }).waitFor();
    await ali.page.locator('.presence__user').filter({ hasText: 'Bea' }).waitFor();
    await bea.page.locator('.presence__user').filter({ hasText: 'Ali' }).waitFor();

    await sendMessage(ali.page, 'Hello Bea');
    const hello = await messageFromOther(bea.page, 'Hello Bea');
    expect(await hello.locator('.message__author').textContent()).toBe('Ali');
    await ali.page.locator('.message--own:not(.message--outgoing)').filter({ hasText: 'Hello Bea' }).waitFor();

    await sendMessage(bea.page, XSS_PROBE);
    const probe = await messageFromOther(ali.page, XSS_PROBE);
    expect(await probe.locator('.message__author').textContent()).toBe('Bea');
    expect(await probe.locator('.message__content').textContent()).toBe(XSS_PROBE);
    expect(await ali.page.locator('[role="log"] img').count()).toBe(0);
    await bea.page.locator('.message--own:not(.message--outgoing)').filter({ hasText: XSS_PROBE }).waitFor();
    expect(await bea.page.locator('[role="log"] img').count()).toBe(0);

    // Shift+Enter starts a new line; Enter sends both lines as one message.
    const composer = ali.page.getByRole('textbox', { name: 'Message' });
    await composer.fill('first line');
    await composer.press('Shift+Enter');
    await composer.pressSequentially('second line');
    await composer.press('Enter');
    const twoLines = await messageFromOther(bea.page, 'second line');
    expect(await twoLines.locator('.message__content').textContent()).toBe('first line\nsecond line');

    expect(await bea.page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE_WIDTH);

    await bea.context.close();
    await ali.page.locator('.notice').filter({ hasText: 'Bea left' }).waitFor();
    await ali.page.locator('.presence__user').filter({ hasText: 'Bea' }).waitFor({ state: 'detached' });

    expect(suite.dialogs).toEqual([]);
    await ali.context.close();
  });
});
