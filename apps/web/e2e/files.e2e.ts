import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { messageFromOther, openParticipant, signUp, uniqueSuffix, waitUntilConnected } from './browser';
import { browserSuite, PASSWORD } from './suite';

const suite = browserSuite();

/** What the tests read of an `<img>` in the page (this file is typed for Node, without the DOM's types). */
interface LoadedImage {
  complete: boolean;
  naturalWidth: number;
  getAttribute(name: string): string | null;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** Creates a private room from the sidebar and adds `member` to it; resolves to its slug. */
async function privateRoomWith(owner: Page, name: string, member: string): Promise<string> {
  await owner.getByText('New private room').click();
  await owner.getByRole('textbox', { name: 'Private room name' }).fill(name);
  await owner.getByRole('button', { name: 'Create' }).click();
  await owner.getByRole('heading', { name, exact: true }).waitFor();
  await waitUntilConnected(owner);
  await owner.getByRole('button', { name: 'Members', exact: true }).click();
  await owner.getByRole('textbox', { name: 'Add a member by username' }).fill(member);
  await owner.getByRole('button', { name: 'Add', exact: true }).click();
  await owner.getByRole('button', { name: `Remove ${member}` }).waitFor();
  await owner.getByRole('button', { name: 'Members', exact: true }).click();
  return new URL(owner.url()).pathname.split('/').at(-1)!;
}

describe('files', () => {
  it('an image and a PDF sent in a private room show as a thumbnail and a card on a second page, download, open in the viewer, and go with their message', async () => {
    const suffix = uniqueSuffix();
    const lobby = `e2e-files-${suffix}`;
    const [aliName, beaName] = [`ali-${suffix}`, `bea-${suffix}`];
    const ali = await openParticipant(suite.browser, suite.dialogs);
    const bea = await openParticipant(suite.browser, suite.dialogs);
    await signUp(bea.page, suite.parley.url, beaName, PASSWORD, `/chat/${lobby}`);
    await waitUntilConnected(bea.page);
    await signUp(ali.page, suite.parley.url, aliName, PASSWORD, `/chat/${lobby}`);
    await waitUntilConnected(ali.page);
    const slug = await privateRoomWith(ali.page, `Files ${suffix}`, beaName);

    // Ali attaches both through the attach button's file input: each shows its upload, then is ready.
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7' } })
      .png()
      .toBuffer();
    await ali.page.locator('input[type="file"]').setInputFiles([
      { name: 'photo.png', mimeType: 'image/png', buffer: photo },
      { name: 'plan.pdf', mimeType: 'application/pdf', buffer: PDF },
    ]);
    const tray = ali.page.getByRole('list', { name: 'Files to send' });
    await tray.getByText('Ready').nth(1).waitFor();
    const composer = ali.page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Here are the photo and the plan');
    await composer.press('Enter');
    await tray.waitFor({ state: 'detached' });

    // Bea opens the room: the thumbnail, sized before it loaded, fetched with her token; the PDF as a card.
    await bea.page.goto(`${suite.parley.url}/chat/${slug}`);
    await waitUntilConnected(bea.page);
    const message = await messageFromOther(bea.page, 'Here are the photo and the plan');
    const thumbnail = message.getByRole('img', { name: 'photo.png' });
    await thumbnail.waitFor();
    expect(
      await thumbnail.evaluate((element) => [
        (element as unknown as LoadedImage).getAttribute('width'),
        (element as unknown as LoadedImage).getAttribute('height'),
      ]),
    ).toEqual(['320', '240']);
    await expect
      .poll(() =>
        thumbnail.evaluate(
          (element) => (element as unknown as LoadedImage).complete && (element as unknown as LoadedImage).naturalWidth,
        ),
      )
      .toBe(400);
    const card = message.locator('.file-card').filter({ hasText: 'plan.pdf' });
    expect(await card.textContent()).toContain('77 B');

    // The download is the file, under its name.
    const [download] = await Promise.all([
      bea.page.waitForEvent('download'),
      card.getByRole('button', { name: 'Download plan.pdf' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('plan.pdf');
    expect(await readFile((await download.path())!)).toEqual(PDF);

    // The viewer shows the full image; Esc closes it.
    await message.getByRole('button', { name: 'Open photo.png (800 × 600)' }).click();
    const viewer = bea.page.getByRole('dialog', { name: 'photo.png, image 1 of 1' });
    await expect
      .poll(() =>
        viewer
          .getByRole('img')
          .evaluate(
            (element) =>
              (element as unknown as LoadedImage).complete && (element as unknown as LoadedImage).naturalWidth,
          ),
      )
      .toBe(800);
    await bea.page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });

    // Ali deletes the message: the files leave Bea's page with it.
    const own = ali.page.locator('.message--own').filter({ hasText: 'Here are the photo and the plan' });
    await own.locator('.message__content').hover();
    await own.getByRole('toolbar').getByRole('button', { name: 'Delete', exact: true }).click();
    await ali.page.locator('.message-row__confirm').getByRole('button', { name: 'Delete' }).click();
    await bea.page.getByText('This message was deleted').waitFor();
    expect(await bea.page.locator('.file-card, .picture').count()).toBe(0);

    expect(suite.dialogs).toEqual([]);
    await bea.context.close();
    await ali.context.close();
  });
});
