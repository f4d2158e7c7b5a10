import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { startParley, type ParleyServer } from './parleyServer';

/** A password the rules accept, for the accounts the browser tests sign up. */
export const PASSWORD = 'correct horse battery';

/** What one browser test file runs against. */
export interface BrowserSuite {
  readonly parley: ParleyServer;
  readonly browser: Browser;
  /** Every dialog any page opened (an `alert` from injected markup would land here): a test expects none. */
  readonly dialogs: string[];
}

/** One Parley and one Chromium for the tests of the calling file, started before them and closed after. */
export function browserSuite(): BrowserSuite {
  let parley: ParleyServer | undefined;
  let browser: Browser | undefined;
  const dialogs: string[] = [];
  beforeAll(async () => {
    parley = await startParley();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await parley?.stop();
  });
  return {
    dialogs,
    get parley() {
      if (!parley) throw new Error('Parley is not started yet: use the suite inside a test');
      return parley;
    },
    get browser() {
      if (!browser) throw new Error('Chromium is not started yet: use the suite inside a test');
      return browser;
    },
  };
}
