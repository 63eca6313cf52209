/**
 * The content script's connection to the background: one port per page life, over which the page's
 * reports go in order, each numbered (`seq`). The background holds the port too, so when this script
 * stops for any reason (the page goes, the frame is removed, the extension is reloaded) the port closes
 * and the background clears the tab at once (`handlePageStopped`).
 *
 * The port also closes when the background's service worker is stopped (it stops when idle): then the
 * next report opens a new one, which wakes the worker. A report is never lost to a closed port: it is
 * sent again on the new one.
 */
import { PAGE_PORT, type PageMessage, type PageReport } from '@/utils/shared/page-protocol';
import { extensionAlive, type PageLife } from './page-life';
import type { Detection } from '@/utils/shared/detection';


/** The runtime.connect the content script uses (the browser's own `chrome.runtime`, passed in for tests). */
export interface PortOpener {
  connect(info: { name: string }): ChromePortLike;
}

/** The part of a runtime Port this file uses. */
export interface ChromePortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onDisconnect: { addListener(cb: () => void): void };
}

export interface ReportChannel {
  /** Sends what the page shows now, numbered after every report before it. */
  report(detection: Detection, href: string): PageReport;
  /** The last report sent (for the background's question "what is in view?"). */
  last(): PageReport | undefined;
  /** The page is going away (pagehide). */
  closed(): void;
  readerTooSlow(report: { ruleId: string; label: string; ms: number }): void;
}

/**
 * Opens the channel for one page life. The port closes with the life.
 *
 * @param life - the page life the channel belongs to (stopped when the extension goes)
 * @param runtime - `chrome.runtime` (or `browser.runtime`)
 */
export function openReportChannel(life: PageLife, runtime: PortOpener): ReportChannel {
  const pageId = crypto.randomUUID();
  let seq = 0;
  let lastReport: PageReport | undefined;
  let port: ChromePortLike | undefined;

  const connect = (): ChromePortLike => {
    const opened = runtime.connect({ name: PAGE_PORT });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = undefined;
      // The extension itself went (reloaded, updated, removed): this life is over.
      if (!extensionAlive()) life.stop('The extension was reloaded or removed.');
    });
    return opened;
  };
  const send = (message: PageMessage) => {
    if (life.signal.aborted) return;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        port ??= connect();
        port.postMessage(message);
        return;
      } catch {
        // A port closed under us (the worker stopped): open another and send again, once.
        port = undefined;
        if (!extensionAlive()) {
          life.stop('The extension was reloaded or removed.');
          return;
        }
      }
    }
  };
  life.signal.addEventListener(
    'abort',
    () => {
      try {
        port?.disconnect();
      } catch {
        // Already closed.
      }
      port = undefined;
    },
    { once: true },
  );

  return {
    report(detection, href) {
      lastReport = { pageId, seq: ++seq, href, detection };
      send({ type: 'report', report: lastReport });
      return lastReport;
    },
    last: () => lastReport,
    closed: () => send({ type: 'closed', pageId }),
    readerTooSlow: (r) => send({ type: 'readerTooSlow', ...r }),
  };
}
