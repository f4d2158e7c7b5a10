import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const STEP_TIMEOUT_MS = 15_000;

export interface Participant {
  context: BrowserContext;
  page: Page;
}

/** Debian's chromium, quiet on a closed network (see TOOLCHAIN.md). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A person with a browser of their own (own cookies and storage); every dialog they see lands in `dialogs`. */
export async function openParticipant(
  browser: Browser,
  dialogs: string[],
  viewport = { width: 1024, height: 768 },
): Promise<Participant> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    dialog.dismiss().catch(() => undefined);
  });
  return { context, page };
}

/** A name unique to this run, for rooms and accounts on a server that may outlive it. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function waitUntilConnected(page: Page): Promise<void> {
  await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
}

/** Types a guest name into the name picker and submits it, whether it is picked for the first time or changed. */
export async function pickGuestName(page: Page, name: string): Promise<void> {
  const field = page.getByRole('textbox', { name: 'Display name' });
  await field.fill(name);
  await field.press('Enter');
}

/** From a room's "how do you join" choice: in as a guest called `name`. */
export async function joinAsGuest(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Continue as guest' }).click();
  await pickGuestName(page, name);
  await waitUntilConnected(page);
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

/** Waits for a message from someone else holding `text`, and returns its element. */
export async function messageFromOther(page: Page, text: string) {
  const message = page.locator('.message--other').filter({ hasText: text });
  await message.waitFor();
  return message;
}

/** Signs in from the sign-in page and waits until it lands on `next`. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string, next: string) {
  await page.goto(`${baseUrl}/signin?next=${encodeURIComponent(next)}`);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(`**${next}`);
}

/** Creates an account from the sign-up page and waits until it lands on `next`. */
export async function signUp(page: Page, baseUrl: string, username: string, password: string, next: string) {
  await page.goto(`${baseUrl}/signup?next=${encodeURIComponent(next)}`);
  await page.getByRole('textbox', { name: 'Username' }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page.waitForURL(`**${next}`);
}
