import { browser } from 'wxt/browser';
import type { RecordStore } from '@/utils/cache/record-store';
import { getTabContext } from '@/utils/context/tab-contexts';
import { badgeCount } from '@/utils/highlights/badge-count';

/**
 * The toolbar badge for a tab: its patient's pending tasks plus active alerts; empty when no patient
 * is found in the tab, so a count never outlives its patient.
 */
export async function updateBadge(store: RecordStore, tabId: number): Promise<void> {
  const ctx = await getTabContext(tabId);
  let text = '';
  if (ctx?.resolution.status === 'found') {
    const record = await store.get(ctx.resolution.patientKey);
    const count = record ? badgeCount(record.resources, new Date()) : 0;
    text = count > 0 ? String(count) : '';
  }
  try {
    await browser.action.setBadgeText({ tabId, text });
    await browser.action.setBadgeBackgroundColor({ tabId, color: '#005eb8' });
  } catch {
    // The tab closed meanwhile.
  }
}
