import { browser } from 'wxt/browser';
import type { RecordStore } from '@/utils/storage/record-store';
import { allTabContexts, getTabContext } from '@/utils/context/tab-contexts';
import { badgeCount } from '@/utils/highlights/badge-count';
import { listNotices } from '@/utils/notifications/notices';

const PATIENT_COLOUR = '#005eb8';
const NOTICE_COLOUR = '#d5281b';

/**
 * The toolbar badge for a tab: its patient's pending tasks plus active alerts; when no patient is
 * found in the tab, the notices not yet seen (which name no one). A patient's count never outlives
 * its patient.
 *
 * @param store - the cached records, for the patient's counts
 * @param tabId - the tab whose badge to set
 */
export async function updateBadge(store: RecordStore, tabId: number): Promise<void> {
  const ctx = await getTabContext(tabId);
  let text = '';
  let color = PATIENT_COLOUR;
  if (ctx?.resolution.status === 'found') {
    const record = await store.get(ctx.resolution.patientKey);
    const count = record ? badgeCount(record.resources, new Date(), record.normalised) : 0;
    text = count > 0 ? String(count) : '';
  } else {
    const unseen = (await listNotices()).filter((n) => !n.seen).length;
    text = unseen > 0 ? `!${unseen}` : '';
    color = NOTICE_COLOUR;
  }
  try {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color });
  } catch {
    // The tab closed meanwhile.
  }
}

/**
 * Every tab's badge, and the default for tabs Alongside has not seen (unseen notices).
 *
 * @param store - the cached records, for each patient's counts
 */
export async function updateAllBadges(store: RecordStore): Promise<void> {
  const unseen = (await listNotices()).filter((n) => !n.seen).length;
  await browser.action.setBadgeText({ text: unseen > 0 ? `!${unseen}` : '' });
  await browser.action.setBadgeBackgroundColor({ color: NOTICE_COLOUR });
  await Promise.all((await allTabContexts()).map((c) => updateBadge(store, c.tabId)));
}
