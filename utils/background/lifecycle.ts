/**
 * The background's life: the wipe, the browser's events, and what runs as the worker starts.
 *
 * MV3 stops the service worker when it is idle and starts it again for an event; an event is delivered
 * only to listeners registered in the worker's first turn. So `listen` registers every listener
 * synchronously (nothing awaited before it): a worker woken by the screen locking still hears it and
 * wipes, and one woken by a tab navigating still checks the page.
 */
import { browser } from 'wxt/browser';
import { endAllViews, endViewsOfTab } from '@/utils/audit/views';
import { clearKnownIdentifiers } from '@/utils/context/identifier-index';
import { allTabContexts, getTabContext } from '@/utils/context/tab-contexts';
import { tokenOwner } from '@/utils/fhir/smart-auth';
import { clearNotices } from '@/utils/notifications/notices';
import { loadSettings } from '@/utils/settings/settings';
import { askPage } from '@/utils/shared/page-protocol';
import { authTokens, watchSettings } from '@/utils/shared/state';
import { wipeAll } from '@/utils/storage/wipe';
import type { Services } from './services';

export type Lifecycle = ReturnType<typeof createLifecycle>;

/**
 * @param onSettingsChanged - the trust's settings changed (policy, or the options page)
 * @param onPermissionsChanged - the browser granted or took away access to origins
 */
export function createLifecycle(services: Services, hooks: { onSettingsChanged(): void; onPermissionsChanged(): void }) {
  const { contexts, prefetch, watch, store, push } = services;
  const askTab = (tabId: number) => () => askPage('whatIsInView', undefined, { tabId, frameId: 0 });

  /**
   * Wipes what the last clinician could see: every tab's patient first (nothing can be found for a view
   * arriving late), work under way stopped from writing (prefetch, the watch cycle), then every cache on
   * this machine, each part whatever another does; only then are the server's Subscriptions dropped
   * (utils/storage/wipe.ts). Unsent task writes stay, sealed, for the next sign-in.
   *
   * @param reason - what the panel says instead of the patient
   */
  const wipe = (reason: string) =>
    wipeAll({
      local: [() => contexts.clearAllPatients(reason), () => prefetch.clear(), () => watch.clear(), async () => (await store).clear(), () => services.cacheKeeper.forgetLive(), clearKnownIdentifiers, clearNotices, endAllViews],
      server: () => push.forget(),
    });

  /** Asks every tab the background remembers what it shows (the worker may have slept through changes). */
  const verifyAllTabs = async () => {
    await Promise.all((await allTabContexts()).map((ctx) => contexts.verifyTab(ctx.tabId, askTab(ctx.tabId))));
  };

  /** Registers every listener. Synchronous: call in the worker's first turn. */
  function listen(): void {
    watchSettings(hooks.onSettingsChanged);
    // The tokens gone (signed out, refused at refresh, a 401) or now someone else's: whatever the last
    // clinician could see is wiped before anyone else can see it.
    authTokens.watch((now, before) => {
      const owner = tokenOwner(before);
      if (owner && owner !== tokenOwner(now)) void wipe(now ? 'Someone else signed in: open the patient again.' : 'Signed out: sign in to see patients.');
    });
    // Inactivity, or the screen locked: wiped. Back: the pages are asked again.
    browser.idle.onStateChanged.addListener((state) => {
      void loadSettings().then(({ idleWipeMinutes }) => {
        if (idleWipeMinutes <= 0) return;
        if (state === 'idle' || state === 'locked') void wipe('Cleared after inactivity: open the patient again.');
        else void verifyAllTabs();
      });
    });
    browser.tabs.onRemoved.addListener((tabId) => {
      void contexts.handleTabRemoved(tabId);
      void endViewsOfTab(tabId);
    });
    browser.tabs.onUpdated.addListener((tabId, change) => {
      // A navigation (or a reload) is under way or done: check what the page shows now.
      if (change.status === 'loading' || change.status === 'complete') {
        void getTabContext(tabId).then((ctx) => ctx && contexts.verifyTab(tabId, askTab(tabId)));
      }
    });
    browser.permissions.onAdded.addListener(hooks.onPermissionsChanged);
    browser.permissions.onRemoved.addListener(hooks.onPermissionsChanged);
    browser.notifications?.onClicked.addListener((id) => void services.notifier.open(id));
    // The toolbar button opens the side panel (Chrome, Edge) or toggles the sidebar (Firefox).
    if (import.meta.env.FIREFOX) {
      // Firefox's sidebarAction is not in WXT's Chromium-shaped types.
      const { sidebarAction } = browser as unknown as { sidebarAction: { toggle(): Promise<void> } };
      browser.action.onClicked.addListener(() => void sidebarAction.toggle());
    }
  }

  /** What runs once the listeners are in place, at every start of the worker. */
  function start(): void {
    void loadSettings().then(({ idleWipeMinutes }) => {
      if (idleWipeMinutes > 0) browser.idle.setDetectionInterval(idleWipeMinutes * 60);
    });
    if (!import.meta.env.FIREFOX) void browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
    void services.tasks.flush();
    void push.checkNow();
    services.flushAudit();
    // The worker may have been stopped while tabs changed: check every tab it remembers.
    void verifyAllTabs();
  }

  return { wipe, verifyAllTabs, listen, start };
}
