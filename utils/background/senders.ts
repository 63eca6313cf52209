/**
 * Who sent a message. Content scripts run in pages we did not write, so their messages are limited to
 * reporting what the page shows; anything that acts (sign-in, sign-out, wiping, task writes, audit) is
 * accepted only from the extension's own pages (side panel, options, My tasks).
 */
import { browser } from 'wxt/browser';

/** What the browser says of a message's sender (runtime.MessageSender), as far as these checks read it. */
interface Sender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/**
 * True for the extension's own pages; never for a content script, another extension or a web page.
 *
 * @param sender - who sent the message
 */
export function fromExtensionPage(sender: Sender): boolean {
  const base = browser.runtime.getURL('/');
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(base);
}

/**
 * The tab and page origin of a content script's top frame, or undefined for anything else.
 *
 * @param sender - who sent the message
 */
export function fromContentScript(sender: Sender): { tabId: number; origin: string } | undefined {
  const tabId = sender.tab?.id;
  if (sender.id !== browser.runtime.id || tabId === undefined || sender.frameId !== 0 || typeof sender.url !== 'string') return undefined;
  try {
    const url = new URL(sender.url);
    return url.protocol === 'https:' || url.protocol === 'http:' ? { tabId, origin: url.origin } : undefined;
  } catch {
    return undefined;
  }
}
