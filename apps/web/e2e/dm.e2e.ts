import { describe, expect, it } from 'vitest';
import { messageFromOther, openParticipant, sendMessage, signUp, uniqueSuffix, waitUntilConnected } from './browser';
import { browserSuite, PASSWORD } from './suite';

const suite = browserSuite();

describe('a DM between two signed-in people', () => {
  it('starts from a member’s name; the other sees an unread badge that clears once read; typing and “seen by” show', async () => {
    const suffix = uniqueSuffix();
    const slug = `e2e-dm-${suffix}`;
    const aliName = `ali-${suffix}`;
    const beaName = `bea-${suffix}`;
    const ali = await openParticipant(suite.browser, suite.dialogs);
    const bea = await openParticipant(suite.browser, suite.dialogs);

    // Both sign up and open the same public room, which makes each of them a member of it.
    await signUp(ali.page, suite.parley.url, aliName, PASSWORD, `/chat/${slug}`);
    await waitUntilConnected(ali.page);
    await signUp(bea.page, suite.parley.url, beaName, PASSWORD, `/chat/${slug}`);
    await waitUntilConnected(bea.page);
    const beaSidebar = bea.page.getByRole('navigation', { name: 'Your rooms' });
    await beaSidebar.locator(`a[data-slug="${slug}"]`).waitFor();

    // Ali opens the members and starts a DM from Bea's name: the DM opens, titled by Bea's name.
    await ali.page.getByRole('button', { name: 'Members', exact: true }).click();
    await ali.page.getByRole('button', { name: `Message ${beaName}` }).click();
    await ali.page.waitForURL((url) => url.pathname.startsWith('/chat/') && !url.pathname.endsWith(slug));
    await waitUntilConnected(ali.page);
    await ali.page.getByRole('heading', { name: beaName, exact: true }).waitFor();
    const dmSlug = new URL(ali.page.url()).pathname.split('/').at(-1)!;

    // Bea's open page hears of the new DM over her stream: her sidebar lists it, under Ali's name, nothing unread yet.
    const dmLink = beaSidebar.locator(`a[data-slug="${dmSlug}"]`);
    await dmLink.filter({ hasText: aliName }).waitFor();
    expect(await dmLink.locator('.badge').count()).toBe(0);

    // Ali writes: Bea's badge appears, live.
    await sendMessage(ali.page, 'Hi Bea, just us here');
    await dmLink.locator('.badge').filter({ hasText: /^1$/ }).waitFor();

    // Bea opens the DM and reads it: the badge clears, and Ali sees "Seen by" under the message.
    await dmLink.click();
    await bea.page.waitForURL(`**/chat/${dmSlug}`);
    await waitUntilConnected(bea.page);
    await messageFromOther(bea.page, 'Hi Bea, just us here');
    await dmLink.locator('.badge').waitFor({ state: 'detached' });
    const aliMessage = ali.page.locator('.message--own:not(.message--outgoing)').filter({ hasText: 'Hi Bea' });
    await aliMessage
      .locator('.seen-by')
      .filter({ hasText: `Seen by ${beaName}` })
      .waitFor();

    // Bea types: Ali sees it; Bea erases what she typed: it goes.
    const beaComposer = bea.page.getByRole('textbox', { name: 'Message' });
    await beaComposer.fill('Hi Ali');
    const typingLine = ali.page.locator('.session__typing');
    await typingLine.filter({ hasText: `${beaName} is typing…` }).waitFor();
    await beaComposer.fill('');
    await typingLine.filter({ hasText: /^$/ }).waitFor();

    expect(suite.dialogs).toEqual([]);
    await bea.context.close();
    await ali.context.close();
  });
});
