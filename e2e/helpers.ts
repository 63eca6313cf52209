/// <reference types="chrome" />
import type { Page } from 'puppeteer';
import type { ExtensionBrowser } from './extension-browser';

/** A browser tab: the Puppeteer page and the extension's id for it. */
export interface BrowserTab {
  page: Page;
  tabId: number;
}

/** Opens a new tab in `windowId` at `url` (as a clinician would with Ctrl-T). */
export async function openTabInWindow(eb: ExtensionBrowser, windowId: number, url: string): Promise<BrowserTab> {
  const w = await eb.worker();
  const marker = `#alongside-e2e-${Math.random().toString(36).slice(2)}`;
  const tabId = await w.evaluate((u, id) => chrome.tabs.create({ windowId: id, url: u, active: true }).then((t) => t.id!), url + marker, windowId);
  const target = await eb.browser.waitForTarget((t) => t.url().endsWith(marker));
  const page = await target.page();
  if (!page) throw new Error('tab did not open');
  await page.setViewport({ width: 1000, height: 800 });
  return { page, tabId };
}

/** Makes a tab the active tab of its window (as a clinician clicking the tab). */
export async function activateTab(eb: ExtensionBrowser, tab: BrowserTab): Promise<void> {
  const w = await eb.worker();
  await w.evaluate((id) => chrome.tabs.update(id, { active: true }).then(() => undefined), tab.tabId);
}

/** Formats an NHS number as the panel shows it. */
export const spaced = (nhs: string) => nhs.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');

/** Waits until `check` holds, polling; throws naming `what` after `ms`. */
export async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}
