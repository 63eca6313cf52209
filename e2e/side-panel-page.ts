/// <reference types="chrome" />
/**
 * Page object for Alongside's side panel, opened as a page of its own that follows another window's
 * active tab (`?followWindow=`), exactly as the side panel follows its own window.
 */
import type { Page } from 'puppeteer';
import type { ExtensionBrowser } from './extension-browser';

export class SidePanelPage {
  private constructor(readonly page: Page) {}

  /** Opens the panel in a window of its own, following the window `followWindowId`. */
  static async open(eb: ExtensionBrowser, followWindowId: number): Promise<SidePanelPage> {
    const url = `chrome-extension://${eb.extensionId}/sidepanel.html?followWindow=${followWindowId}`;
    const w = await eb.worker();
    await w.evaluate((u) => chrome.windows.create({ url: u, focused: false, width: 420, height: 900 }).then(() => undefined), url);
    const target = await eb.browser.waitForTarget((t) => t.url() === url);
    const page = await target.page();
    if (!page) throw new Error('The side panel page did not open.');
    await page.setViewport({ width: 400, height: 900 });
    return new SidePanelPage(page);
  }

  /** The panel's state: `record` when a patient's record is drawn, else the message's state. */
  async state(): Promise<string | undefined> {
    return this.page.evaluate(() => {
      if (document.querySelector('.patient-record')) return 'record';
      return document.querySelector('[data-state]')?.getAttribute('data-state') ?? undefined;
    });
  }

  /** Everything the panel shows, as text. */
  async text(): Promise<string> {
    return this.page.evaluate(() => document.body.innerText);
  }

  /** Waits until the panel shows the record of the patient with this NHS number (formatted "999 123 4567"). */
  async waitForPatient(nhsNumber: string, timeout = 15_000): Promise<void> {
    const formatted = nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
    await this.page.waitForFunction(
      (n) => document.querySelector('[data-testid="patient-nhs-number"]')?.textContent === n,
      { timeout, polling: 50 },
      formatted,
    );
  }

  /** Waits until the panel shows a message state (`no-patient`, `loading`, `not-found`, `offline`, `error`, `ambiguous`). */
  async waitForState(state: string, timeout = 15_000): Promise<void> {
    await this.page.waitForFunction((s) => document.querySelector(`[data-state="${s}"]`) !== null, { timeout, polling: 50 }, state);
  }

  /** Waits for the offline notice over a cached record. */
  async waitForOfflineNotice(timeout = 20_000): Promise<void> {
    await this.page.waitForSelector('[data-testid="offline-notice"]', { timeout });
  }

  async asOfText(): Promise<string | undefined> {
    return this.page.evaluate(() => document.querySelector('[data-testid="as-of"]')?.textContent ?? undefined);
  }

  /** Presses "Clear cached records". */
  async clearCache(): Promise<void> {
    await this.page.click('.record-freshness__clear');
  }

  /** Presses Refresh (it shows once any update under way has finished). */
  async refresh(): Promise<void> {
    const button = await this.page.waitForSelector('.record-freshness__refresh', { timeout: 15_000 });
    await button!.click();
  }
}
