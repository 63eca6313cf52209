/**
 * One view makes one audit. A view is the stretch in which one page (one load of it, in one tab) shows
 * one patient: the banner redrawn, the context coming and going (a page flickering its banner, or a script
 * on it dispatching events) all continue the same view, and none is audited again. Another patient in the
 * tab ends it, and so does another page (a navigation, a reload: the record opened again is viewed
 * again). A wipe (sign-out, inactivity) ends every view.
 *
 * Kept in `storage.session` (survives the worker stopping; ids only, and gone with the browser session).
 */
import { auditedViews } from '@/utils/shared/state';


/** Each tab's current view (`<page id>|<patient id>`), by tab id. */
export type AuditedViews = Record<string, string>;

let writing: Promise<unknown> = Promise.resolve();

/**
 * Whether showing `patientId` on the page `pageId` in `tabId` starts a new view (to audit), and if so,
 * notes it. Calls are taken one at a time, so two at once for one view cannot both say yes.
 *
 * @param tabId - the tab the patient is shown in
 * @param pageId - the page in that tab (undefined when the reader gives none)
 * @param patientId - the patient shown
 */
export function startsNewView(tabId: number, pageId: string | undefined, patientId: string): Promise<boolean> {
  const view = `${pageId ?? ''}|${patientId}`;
  const result = writing.then(async () => {
    const views = await auditedViews.getValue();
    if (views[tabId] === view) return false;
    await auditedViews.setValue({ ...views, [tabId]: view });
    return true;
  });
  writing = result.catch(() => undefined);
  return result;
}

/**
 * The tab closed: its view is over.
 *
 * @param tabId - the tab that closed
 */
export function endViewsOfTab(tabId: number): Promise<void> {
  const done = writing.then(async () => {
    const views = await auditedViews.getValue();
    if (!(tabId in views)) return;
    delete views[tabId];
    await auditedViews.setValue(views);
  });
  writing = done.catch(() => undefined);
  return done;
}

/** Every view is over (a wipe: the next clinician's views are their own). */
export function endAllViews(): Promise<void> {
  const done = writing.then(() => auditedViews.removeValue());
  writing = done.catch(() => undefined);
  return done;
}
