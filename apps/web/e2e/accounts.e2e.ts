import { REFRESH_COOKIE } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import {
  messageFromOther,
  openParticipant,
  pickGuestName,
  sendMessage,
  uniqueSuffix,
  waitUntilConnected,
} from './browser';
import { browserSuite, PASSWORD } from './suite';

const suite = browserSuite();

describe('accounts and guests in one room', () => {
  it('one page signs up and chats; a guest cannot take that name and chats as a guest; the first page reloads and is still signed in', async () => {
    const suffix = uniqueSuffix();
    const slug = `e2e-accounts-${suffix}`;
    const username = `ali-${suffix}`;
    // Starts with a Cyrillic "А": a guest name that looks like the registered one.
    const lookAlike = `Аli-${suffix}`;
    const ali = await openParticipant(suite.browser, suite.dialogs);
    const guest = await openParticipant(suite.browser, suite.dialogs);

    // Ali opens the room, creates an account from there, and is taken back into the room as that user.
    await ali.page.goto(`${suite.parley.url}/chat/${slug}`);
    await ali.page.getByRole('link', { name: 'Create an account', exact: true }).click();
    await ali.page.getByRole('textbox', { name: 'Username' }).fill(username);
    await ali.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await ali.page.getByRole('button', { name: 'Create account', exact: true }).click();
    await ali.page.waitForURL(`**/chat/${slug}`);
    await waitUntilConnected(ali.page);
    await ali.page.locator('.session__identity').filter({ hasText: username }).waitFor();
    expect(await ali.page.locator('.session__identity .guest-mark').count()).toBe(0);
    await sendMessage(ali.page, 'Hello from an account');
    await ali.page
      .locator('.message--own:not(.message--outgoing)')
      .filter({ hasText: 'Hello from an account' })
      .waitFor();

    // A guest asks for that name in capitals: refused, with a link to sign in and a way to pick another name.
    await guest.page.goto(`${suite.parley.url}/chat/${slug}`);
    await guest.page.getByRole('button', { name: 'Continue as guest' }).click();
    await pickGuestName(guest.page, username.toUpperCase());
    const refusal = guest.page.getByRole('alert').filter({ hasText: 'belongs to a registered user' });
    await refusal.waitFor();
    expect(await refusal.getByRole('link', { name: 'sign in' }).getAttribute('href')).toBe(
      `/signin?next=%2Fchat%2F${slug}&username=${username}`,
    );
    expect(await guest.page.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);

    // The guest takes the look-alike name instead, and chats, marked as a guest on both screens.
    await refusal.getByRole('button', { name: 'choose another name' }).click();
    await pickGuestName(guest.page, lookAlike);
    await waitUntilConnected(guest.page);
    const fromAli = await messageFromOther(guest.page, 'Hello from an account');
    expect(await fromAli.locator('.message__author').textContent()).toBe(username);
    expect(await fromAli.locator('.guest-mark').count()).toBe(0);
    await sendMessage(guest.page, 'Hello from a guest');
    const fromGuest = await messageFromOther(ali.page, 'Hello from a guest');
    expect(await fromGuest.locator('.message__author').textContent()).toBe(lookAlike);
    expect(await fromGuest.locator('.guest-mark').textContent()).toBe('guest');

    // Ali reloads: signed in again from the refresh cookie, straight back in the room as the same user.
    await ali.page.reload();
    await waitUntilConnected(ali.page);
    await ali.page
      .getByRole('navigation', { name: 'Account' })
      .filter({ hasText: `Signed in as ${username}` })
      .waitFor();
    await ali.page.locator('.message--own').filter({ hasText: 'Hello from an account' }).waitFor();
    const guestMessageAfterReload = await messageFromOther(ali.page, 'Hello from a guest');
    expect(await guestMessageAfterReload.locator('.guest-mark').count()).toBe(1);

    // The refresh token is in a cookie no page script can read, and nothing was put in storage.
    const refreshCookie = (await ali.context.cookies()).find((cookie) => cookie.name === REFRESH_COOKIE.name);
    expect(refreshCookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: REFRESH_COOKIE.path });
    expect(await ali.page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);

    expect(suite.dialogs).toEqual([]);
    await guest.context.close();
    await ali.context.close();
  });
});
