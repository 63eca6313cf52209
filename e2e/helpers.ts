/// <reference types="chrome" />
import type { Page } from 'puppeteer';
import type { ExtensionBrowser } from './extension-browser';

/** Opens a new tab in `windowId` at `url` (as a clinician would with Ctrl-T) and returns its Puppeteer page. */
export async function openTabInWindow(eb: ExtensionBrowser, windowId: number, url: string): Promise<Page> {
  const w = await eb.worker();
  const marker = `#alongside-e2e-${Math.random().toString(36).slice(2)}`;
  await w.evaluate((u, id) => chrome.tabs.create({ windowId: id, url: u, active: true }).then(() => undefined), url + marker, windowId);
  const target = await eb.browser.waitForTarget((t) => t.url().endsWith(marker));
  const page = await target.page();
  if (!page) throw new Error('tab did not open');
  await page.setViewport({ width: 1000, height: 800 });
  return page;
}

/** Makes the tab showing `page` the active tab of its window (as a clinician clicking the tab). */
export async function activateTab(eb: ExtensionBrowser, page: Page): Promise<void> {
  const w = await eb.worker();
  const url = page.url();
  await w.evaluate(async (u) => {
    const tab = (await chrome.tabs.query({})).find((t) => t.url === u);
    if (tab?.id !== undefined) await chrome.tabs.update(tab.id, { active: true });
  }, url);
}

/** Formats an NHS number as the panel shows it. */
export const spaced = (nhs: string) => nhs.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
