import { browser } from 'wxt/browser';
import { allTabContexts } from '@/utils/context/tab-contexts';
import { addNotices, listNotices, markNoticesSeen, mutedKinds, noticeText } from '@/utils/notifications/notices';
import type { CareEvent } from '@/utils/push/care-events';
import { featureOn, loadSettings } from '@/utils/settings/settings';

/**
 * Tells the clinician about care events: a system notification (words without names, see
 * notices.ts) and the badge. Clicking one brings up the tab with that patient and its panel, or the
 * My tasks page when no tab has them.
 *
 * @param opts - what to call after each notice or click: `refreshBadges` redraws every tab's badge
 */
export function createNotifier(opts: { refreshBadges(): Promise<void> }) {
  async function notify(events: CareEvent[]): Promise<void> {
    if (!featureOn(await loadSettings(), 'notifications')) return;
    const muted = await mutedKinds();
    const notices = await addNotices(events.filter((e) => !muted.has(e.kind)), Date.now());
    for (const n of notices) {
      await browser.notifications
        .create(n.id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: 'Alongside', message: `${noticeText(n.kind)}. Click to see it.`, priority: 1 })
        .catch(() => {});
    }
    await opts.refreshBadges();
  }

  async function open(noticeId: string): Promise<void> {
    const notice = (await listNotices()).find((n) => n.id === noticeId);
    await markNoticesSeen([noticeId]);
    void browser.notifications.clear(noticeId).catch(() => {});
    const ctx = notice?.patientId ? (await allTabContexts()).find((c) => c.resolution.status === 'found' && c.resolution.patientId === notice.patientId) : undefined;
    if (ctx) {
      const tab = await browser.tabs.update(ctx.tabId, { active: true });
      if (tab?.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
      // Allowed in answer to the click (a user gesture); Firefox opens its sidebar from the toolbar only.
      if (!import.meta.env.FIREFOX) await browser.sidePanel.open({ tabId: ctx.tabId }).catch(() => {});
    } else {
      await browser.tabs.create({ url: browser.runtime.getURL(`/tasks.html${notice ? `#${notice.id}` : ''}`) });
    }
    await opts.refreshBadges();
  }

  return { notify, open };
}
