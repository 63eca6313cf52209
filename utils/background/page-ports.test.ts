import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fakeEvent } from '@/testing/fake-event';
import { PAGE_PORT } from '@/utils/shared/page-protocol';
import { listenToPages, pageMessage } from './page-ports';
import type { Services } from './services';

const onConnect = fakeEvent<[unknown]>();
beforeEach(() => {
  fakeBrowser.reset();
  Object.assign(fakeBrowser.runtime, { onConnect });
});

/** A page's port as the browser hands it over, from `sender`. */
function port(sender: Record<string, unknown>, name = PAGE_PORT) {
  const onMessage = fakeEvent<[unknown]>();
  const onDisconnect = fakeEvent<[]>();
  return { name, sender, onMessage, onDisconnect, disconnect: vi.fn() };
}

const TOP_FRAME = { id: fakeBrowser.runtime.id, url: 'https://epr.example.nhs.uk/patient/1', tab: { id: 4 }, frameId: 0 };
const report = (pageId: string, seq: number) => ({ type: 'report', report: { pageId, seq, href: TOP_FRAME.url, detection: { kind: 'none', code: 'no-patient' } } });

function services() {
  const contexts = { handleReport: vi.fn(), handlePageClosed: vi.fn(), handlePageStopped: vi.fn() };
  return { contexts, prefetch: { onList: vi.fn() } };
}
const asServices = (s: ReturnType<typeof services>) => s as unknown as Pick<Services, 'contexts' | 'prefetch'>;

describe('pages’ ports', () => {
  it('hears a content script’s top frame only', async () => {
    const s = services();
    listenToPages(asServices(s), vi.fn());
    const frame = port({ ...TOP_FRAME, frameId: 2 });
    const page = port({ ...TOP_FRAME, url: 'chrome-extension://other/page.html' });
    await onConnect.fire(frame);
    await onConnect.fire(page);
    expect(frame.disconnect).toHaveBeenCalled();
    expect(page.disconnect).toHaveBeenCalled();
  });

  it('numbers each report as it arrives, and drops what is not a page message', async () => {
    const s = services();
    listenToPages(asServices(s), vi.fn());
    const p = port(TOP_FRAME);
    await onConnect.fire(p);
    await p.onMessage.fire(report('page-1', 1));
    await p.onMessage.fire({ type: 'report', report: { pageId: 'page-1', seq: 'two' } });
    await p.onMessage.fire(report('page-1', 2));
    const receipts = s.contexts.handleReport.mock.calls.map((c: unknown[]) => c[2] as number);
    expect(s.contexts.handleReport.mock.calls.map((c: unknown[]) => [c[0], (c[1] as { seq: number }).seq])).toEqual([[4, 1], [4, 2]]);
    expect(receipts[1]!).toBeGreaterThan(receipts[0]!);
  });

  it('a port closing without its page saying it left stops each of its pages’ contexts', async () => {
    const s = services();
    listenToPages(asServices(s), vi.fn());
    const p = port(TOP_FRAME);
    await onConnect.fire(p);
    await p.onMessage.fire(report('page-1', 1));
    await p.onMessage.fire(report('page-2', 1));
    await p.onMessage.fire({ type: 'closed', pageId: 'page-1' });
    await p.onDisconnect.fire();
    expect(s.contexts.handlePageClosed.mock.calls).toEqual([[4, 'page-1']]);
    expect(s.contexts.handlePageStopped.mock.calls).toEqual([[4, 'page-2']]);
  });

  it('takes page messages only of their shapes', () => {
    expect(pageMessage(report('p', 1))).toBeDefined();
    expect(pageMessage({ type: 'closed', pageId: 'p' })).toBeDefined();
    for (const bad of [null, 'report', { type: 'report' }, { type: 'closed', pageId: 1 }, { type: 'signOut' }, { type: 'readerTooSlow', ruleId: 'r', label: 'l', ms: '5' }]) expect(pageMessage(bad)).toBeUndefined();
  });
});
