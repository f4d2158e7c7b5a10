import { describe, expect, it } from 'vitest';
import { messageFromOther, openParticipant, sendMessage, signUp, uniqueSuffix, waitUntilConnected } from './browser';
import { browserSuite, PASSWORD } from './suite';

const suite = browserSuite();

describe('a private room and its members', () => {
  it('is created from the sidebar, invisible until its owner adds someone, who then sees it live, and shut at once when removed', async () => {
    const suffix = uniqueSuffix();
    const lobby = `e2e-lobby-${suffix}`;
    const aliName = `ali-${suffix}`;
    const beaName = `bea-${suffix}`;
    const roomName = `Plans ${suffix}`;
    const ali = await openParticipant(suite.browser, suite.dialogs);
    const bea = await openParticipant(suite.browser, suite.dialogs);
    await signUp(ali.page, suite.parley.url, aliName, PASSWORD, `/chat/${lobby}`);
    await waitUntilConnected(ali.page);
    await signUp(bea.page, suite.parley.url, beaName, PASSWORD, `/chat/${lobby}`);
    await waitUntilConnected(bea.page);
    const beaSidebar = bea.page.getByRole('navigation', { name: 'Your rooms' });
    await beaSidebar.locator(`a[data-slug="${lobby}"]`).waitFor();

    // Ali creates the private room from the sidebar and lands in it, under a slug the server chose.
    await ali.page.getByText('New private room').click();
    await ali.page.getByRole('textbox', { name: 'Private room name' }).fill(roomName);
    await ali.page.getByRole('button', { name: 'Create' }).click();
    await ali.page.getByRole('heading', { name: roomName, exact: true }).waitFor();
    await waitUntilConnected(ali.page);
    const slug = new URL(ali.page.url()).pathname.split('/').at(-1)!;
    expect(slug).not.toContain('plans');

    // Not yet a member, Bea is told the room does not exist, and her sidebar does not list it.
    const probe = await bea.context.newPage();
    const answer = await probe.request.get(`${suite.parley.url}/api/rooms/${slug}`);
    expect(answer.status()).toBe(404);
    await probe.close();
    expect(await beaSidebar.locator(`a[data-slug="${slug}"]`).count()).toBe(0);

    // Ali adds Bea by name in the members panel: Bea's open page lists the room at once, and she can read and talk.
    await sendMessage(ali.page, 'Only the two of us will see this');
    await ali.page.getByRole('button', { name: 'Members', exact: true }).click();
    await ali.page.getByRole('textbox', { name: 'Add a member by username' }).fill(beaName);
    await ali.page.getByRole('button', { name: 'Add', exact: true }).click();
    await ali.page.getByRole('button', { name: `Remove ${beaName}` }).waitFor();
    const roomLink = beaSidebar.locator(`a[data-slug="${slug}"]`).filter({ hasText: roomName });
    await roomLink.waitFor();
    await roomLink.click();
    await bea.page.waitForURL(`**/chat/${slug}`);
    await waitUntilConnected(bea.page);
    await messageFromOther(bea.page, 'Only the two of us will see this');

    // Ali removes her: Bea's socket is closed, her page says so, and the room leaves her sidebar.
    await ali.page.getByRole('button', { name: `Remove ${beaName}` }).click();
    await bea.page.getByRole('alert').filter({ hasText: 'You were removed from this room.' }).waitFor();
    await roomLink.waitFor({ state: 'detached' });
    await ali.page.getByRole('button', { name: `Remove ${beaName}` }).waitFor({ state: 'detached' });

    expect(suite.dialogs).toEqual([]);
    await bea.context.close();
    await ali.context.close();
  });
});
