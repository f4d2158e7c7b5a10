import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  messageFromOther,
  openParticipant,
  sendMessage,
  signIn,
  signUp,
  uniqueSuffix,
  waitUntilConnected,
} from './browser';
import { browserSuite, PASSWORD } from './suite';

const suite = browserSuite();

/** The stored message whose content holds `text`. */
function storedMessage(page: Page, text: string): Locator {
  return page.locator('.message-row').filter({ has: page.locator('.message__content', { hasText: text }) });
}

describe('moderation', () => {
  it("a member reports a message, the server's admin resolves the report and bans its author from the room's members, who is shut out; the audit log has both", async () => {
    const suffix = uniqueSuffix();
    const slug = `e2e-mod-${suffix}`;
    const given = suite.parley.admin();
    const [adminName, bobName, carolName] = [given?.username ?? `admin-${suffix}`, `bob-${suffix}`, `carol-${suffix}`];
    const spam = `Cheap pills at example.test ${suffix}`;
    const admin = await openParticipant(suite.browser, suite.dialogs);
    const bob = await openParticipant(suite.browser, suite.dialogs);
    const carol = await openParticipant(suite.browser, suite.dialogs);

    // The server's admin: the first account of a server started for this suite, or the one a shared server was given.
    // The account bar links the admin page.
    if (given) await signIn(admin.page, suite.parley.url, given.username, given.password, '/');
    else await signUp(admin.page, suite.parley.url, adminName, PASSWORD, '/');
    await admin.page
      .getByRole('navigation', { name: 'Account' })
      .getByRole('link', { name: 'Admin', exact: true })
      .waitFor();

    // The admin creates a public room, and owns it.
    await admin.page.getByLabel('Room name (in the address)').fill(slug);
    await admin.page.getByRole('button', { name: 'Create room' }).click();
    await admin.page.waitForURL(`**/chat/${slug}`);
    await waitUntilConnected(admin.page);

    // Bob joins and posts; Carol joins and reports it from the message's menu.
    await signUp(bob.page, suite.parley.url, bobName, PASSWORD, `/chat/${slug}`);
    await waitUntilConnected(bob.page);
    expect(await bob.page.getByRole('link', { name: 'Admin', exact: true }).count()).toBe(0);
    await sendMessage(bob.page, spam);
    await storedMessage(bob.page, spam).waitFor();

    await signUp(carol.page, suite.parley.url, carolName, PASSWORD, `/chat/${slug}`);
    await waitUntilConnected(carol.page);
    const reported = await messageFromOther(carol.page, spam);
    await reported.locator('.message__content').hover();
    await reported.getByRole('toolbar').getByRole('button', { name: 'Report', exact: true }).click();
    const dialog = carol.page.getByRole('dialog', { name: 'Report this message' });
    await dialog.getByLabel('What is wrong with it?').fill('Spam for pills');
    await dialog.getByRole('button', { name: 'Report', exact: true }).click();
    await carol.page.getByRole('status').filter({ hasText: 'Reported — the room’s moderators will see it.' }).waitFor();
    await dialog.waitFor({ state: 'detached' });

    // The admin finds it in the reports queue with the message itself, and resolves it.
    await admin.page.goto(`${suite.parley.url}/admin`);
    await admin.page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Reports' }).click();
    const report = admin.page.locator('.report').filter({ hasText: 'Spam for pills' });
    await report.waitFor();
    expect(await report.locator('.report__meta').textContent()).toContain(`Reported by ${carolName}`);
    expect(await report.locator('.message__author').textContent()).toBe(bobName);
    expect(await report.locator('.message__content').textContent()).toContain(spam);
    expect(await report.getByRole('link', { name: 'Open in room' }).getAttribute('href')).toMatch(
      new RegExp(`^/chat/${slug}\\?at=\\d+$`),
    );
    await report.getByRole('button', { name: 'Resolve' }).click();
    await report.getByText(`Resolved by ${adminName}`).waitFor();

    // From the room's members, the admin bans Bob after saying why: Bob's page says he was banned.
    await admin.page.goto(`${suite.parley.url}/chat/${slug}`);
    await waitUntilConnected(admin.page);
    await admin.page.getByRole('button', { name: 'Members', exact: true }).click();
    await admin.page.getByRole('button', { name: `Ban ${bobName}…` }).click();
    await admin.page.getByLabel('Reason (optional)').fill('Spam');
    await admin.page.getByRole('button', { name: `Ban ${bobName}`, exact: true }).click();
    await admin.page
      .getByRole('status')
      .filter({ hasText: `${bobName} is banned from this room.` })
      .waitFor();
    await bob.page.getByRole('alert').filter({ hasText: 'You were banned from this room.' }).waitFor();
    expect(await bob.page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);

    // Opening the room again, Bob is still shut out.
    await bob.page.reload();
    await bob.page.getByRole('alert').filter({ hasText: 'You were banned from this room.' }).waitFor();
    expect(await bob.page.getByRole('status').filter({ hasText: 'Connected' }).count()).toBe(0);

    // The audit log names both, newest first.
    await admin.page.goto(`${suite.parley.url}/admin?tab=audit`);
    const log = admin.page.getByRole('list', { name: 'Audit log' });
    const ban = log.locator('.audit-entry[data-action="ban"]').filter({ hasText: bobName });
    const resolve = log.locator('.audit-entry[data-action="report_resolve"]');
    await ban.waitFor();
    await resolve.waitFor();
    expect(await ban.locator('.audit-entry__what').innerText()).toBe(`${adminName} banned ${bobName} in #${slug}`);
    expect(await resolve.locator('.audit-entry__what').innerText()).toContain(`${adminName} resolved report`);
    const order = await log
      .locator('.audit-entry')
      .evaluateAll((entries) =>
        entries.map((entry) => (entry as unknown as { dataset: { action: string } }).dataset.action),
      );
    expect(order.indexOf('ban')).toBeLessThan(order.indexOf('report_resolve'));

    expect(suite.dialogs).toEqual([]);
    await Promise.all([admin.context.close(), bob.context.close(), carol.context.close()]);
  });
});
