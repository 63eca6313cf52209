/**
 * What EPR pages tell the background, over one port per page life (utils/page/report-channel.ts). The
 * origin is the sender's own, never what a message says; only a content script's top frame is heard.
 * Each report is numbered as it arrives, before anything is awaited: the newest wins
 * (utils/context/context-service.ts). A port closing without its page saying it left (the script
 * stopped) clears the tab at once.
 */
import { browser } from 'wxt/browser';
import { switchOffRule } from '@/utils/context/switched-off-rules';
import { receiptNumber } from '@/utils/context/tab-contexts';
import { PAGE_PORT, type PageMessage } from '@/utils/shared/page-protocol';
import { fromContentScript } from './senders';
import type { Services } from './services';

/**
 * Listens for pages' ports. Call in the worker's first turn.
 *
 * @param services - the context service (told what each page shows) and the prefetcher (told of patient lists)
 * @param onRuleSwitchedOff - a trust's rule took too long on a page and was switched off: the content scripts are registered again
 */
export function listenToPages(services: Pick<Services, 'contexts' | 'prefetch'>, onRuleSwitchedOff: () => void): void {
  const { contexts, prefetch } = services;
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PAGE_PORT) return;
    const page = port.sender && fromContentScript(port.sender);
    if (!page) return port.disconnect();
    const pageIds = new Set<string>();
    port.onMessage.addListener((message) => {
      const receipt = receiptNumber();
      const m = pageMessage(message);
      if (!m) return;
      switch (m.type) {
        case 'report': {
          pageIds.add(m.report.pageId);
          void contexts.handleReport(page.tabId, m.report, receipt);
          // A list of patients in view: their records fetched ahead (never shown until opened).
          const { detection } = m.report;
          if (detection.kind === 'none' && detection.code === 'list' && detection.listed?.length) void prefetch.onList(page.origin, detection.listed).catch(() => {});
          break;
        }
        case 'closed':
          pageIds.delete(m.pageId);
          void contexts.handlePageClosed(page.tabId, m.pageId);
          break;
        case 'readerTooSlow':
          void switchOffRule({ ruleId: m.ruleId, label: m.label, ms: m.ms, at: Date.now() }).then(onRuleSwitchedOff);
          break;
      }
    });
    port.onDisconnect.addListener(() => {
      for (const pageId of pageIds) void contexts.handlePageStopped(page.tabId, pageId);
    });
  });
}

/**
 * A page's message, if it has the shape of one (a page's script is not ours: anything else is dropped).
 *
 * @param value - what came over a page's port, untrusted
 */
export function pageMessage(value: unknown): PageMessage | undefined {
  const m = value as PageMessage | undefined;
  if (!m || typeof m !== 'object') return undefined;
  if (m.type === 'report') {
    const r = m.report as Partial<PageMessage & { type: 'report' }>['report'];
    return r && typeof r.pageId === 'string' && Number.isSafeInteger(r.seq) && typeof r.href === 'string' && r.detection && typeof r.detection === 'object' ? m : undefined;
  }
  if (m.type === 'closed') return typeof m.pageId === 'string' ? m : undefined;
  if (m.type === 'readerTooSlow') return typeof m.ruleId === 'string' && typeof m.label === 'string' && typeof m.ms === 'number' ? m : undefined;
  return undefined;
}
