/// <reference lib="dom" />
// The page-side functions below run in the browser.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openParticipant, sendMessage, signUp, uniqueSuffix, waitUntilConnected } from './browser';
import { browserSuite, PASSWORD } from './suite';

const suite = browserSuite();

/** A desktop notification as the page raised it (recorded by the script below). */
interface Shown {
  title: string;
  body: string;
}

/**
 * The browser's own Notification, each one the page raises also recorded where the test can read it and click it
 * (a headless browser shows none on a screen).
 */
function recordNotifications(): void {
  const Real = window.Notification;
  const shown: Array<{ title: string; body: string; notification: Notification }> = [];
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      super(title, options);
      shown.push({ title, body: options?.body ?? '', notification: this });
    }
  }
  Object.defineProperty(Recorded, 'permission', { get: () => Real.permission });
  Object.defineProperty(Recorded, 'requestPermission', { value: Real.requestPermission.bind(Real) });
  Object.assign(window, { Notification: Recorded, shownNotifications: shown });
}

const shownOn = (page: Page): Promise<Shown[]> =>
  page.evaluate(() =>
    (window as unknown as { shownNotifications: Shown[] }).shownNotifications.map(({ title, body }) => ({
      title,
      body,
    })),
  );

async function openRoom(page: Page, slug: string): Promise<void> {
  await page.goto(`${suite.parley.url}/chat/${slug}`);
  await waitUntilConnected(page);
}

describe('notifications', () => {
  it('asks permission from the settings, raises a desktop notification for a mention in another room that opens it, and follows a room’s level', async () => {
    const suffix = uniqueSuffix();
    const [lobby, ops, random] = ['lobby', 'ops', 'random'].map((name) => `e2e-${name}-${suffix}`);
    const [aliName, beaName] = [`ali-${suffix}`, `bea-${suffix}`];
    const ali = await openParticipant(suite.browser, suite.dialogs);
    await ali.page.addInitScript(recordNotifications);
    const bea = await openParticipant(suite.browser, suite.dialogs);
    await signUp(bea.page, suite.parley.url, beaName, PASSWORD, `/chat/${ops}`);
    await waitUntilConnected(bea.page);
    await signUp(ali.page, suite.parley.url, aliName, PASSWORD, `/chat/${random}`);
    await waitUntilConnected(ali.page);
    await openRoom(ali.page, ops);

    // Permission is asked for only from the settings, on a click (which the person grants).
    await ali.page.goto(`${suite.parley.url}/account`);
    const turnOn = ali.page.getByRole('button', { name: 'Turn on notifications' });
    await turnOn.waitFor();
    await ali.context.grantPermissions(['notifications'], { origin: suite.parley.url });
    await turnOn.click();
    await ali.page.getByText('Desktop notifications are on').waitFor();
    await openRoom(ali.page, lobby);

    // A mention in a room Ali is not looking at: a desktop notification, and the unread total in the title.
    await sendMessage(bea.page, `@${aliName} is the deploy done?`);
    await expect
      .poll(() => shownOn(ali.page))
      .toEqual([{ title: `${beaName} in ${ops}`, body: `@${aliName} is the deploy done?` }]);
    await expect.poll(() => ali.page.title()).toMatch(/^\(1\) /);

    // Clicking it opens the room at that message.
    await ali.page.evaluate(() =>
      (
        window as unknown as { shownNotifications: Array<{ notification: Notification }> }
      ).shownNotifications[0].notification.onclick?.(new Event('click')),
    );
    await ali.page.waitForURL(`**/chat/${ops}?at=*`);
    await ali.page.locator('.message-row--highlighted').filter({ hasText: 'is the deploy done?' }).waitFor();
    await ali.page.locator('.message--mention').filter({ hasText: 'is the deploy done?' }).waitFor();

    // Nothing from ops any more: the sidebar greys it; a mention there is not raised, one in random is.
    await ali.page.getByLabel('Notify me of').selectOption('none');
    await ali.page.locator(`a[data-slug="${ops}"].my-rooms__link--muted`).waitFor();
    await openRoom(ali.page, lobby);
    await sendMessage(bea.page, `@${aliName} muted, you will not see this pop up`);
    await bea.page.locator('.message--own').filter({ hasText: 'muted, you will not' }).waitFor();
    await openRoom(bea.page, random);
    await sendMessage(bea.page, `@${aliName} but this one`);
    await expect.poll(async () => (await shownOn(ali.page)).length).toBe(1);
    // The page was reloaded by openRoom: its record starts again, so one means only the sentinel came.
    expect((await shownOn(ali.page))[0]).toEqual({
      title: `${beaName} in ${random}`,
      body: `@${aliName} but this one`,
    });

    expect(suite.dialogs).toEqual([]);
    await bea.context.close();
    await ali.context.close();
  });
});
