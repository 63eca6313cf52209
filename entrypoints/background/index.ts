/**
 * The background service worker: starts the services and routes messages and browser events to them.
 * No business logic here; see utils/context/context-service.ts.
 */
import { browser } from 'wxt/browser';
import { getDb } from '@/utils/storage/db';
import { DEFAULT_CACHE_LIMITS, RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { wipeAll } from '@/utils/storage/wipe';
import { createContextService } from '@/utils/context/context-service';
import { clearKnownIdentifiers } from '@/utils/context/identifier-index';
import { allTabContexts, getTabContext, receiptNumber } from '@/utils/context/tab-contexts';
import { askPage, PAGE_PORT, type PageMessage } from '@/utils/shared/page-protocol';
import { FhirClient } from '@/utils/fhir/client';
import { onMessage } from '@/utils/messaging/protocol';
import { loadSettings, notConfiguredReason } from '@/utils/settings/settings';
import { AuditQueue } from '@/utils/audit/audit-queue';
import { endAllViews, endViewsOfTab, startsNewView } from '@/utils/audit/views';
import { prefetchAuditEvent, recordViewAuditEvent } from '@/utils/audit/audit-event';
import { createPrefetchService } from '@/utils/prefetch/prefetch-service';
import { createTaskService } from '@/utils/tasks/task-service';
import { outboxKey, TaskOutbox } from '@/utils/tasks/task-outbox';
import { createWatchService } from '@/utils/push/watch-service';
import { createPushService } from '@/utils/push/push-service';
import { clearNotices } from '@/utils/notifications/notices';
import { updateAllBadges, updateBadge } from '@/utils/background/badge';
import { createNotifier } from '@/utils/background/notifier';
import { addReadersToOpenPages, syncContentScript, writeReaderConfigs } from '@/utils/background/content-scripts';
import { endServerSession, getAccessToken, sessionToEnd, keepFresh, signedInOwner, signedInUser, signIn, signOutTokens, tokenOwner, TOKENS_KEY, type AuthConfig } from '@/utils/fhir/smart-auth';
import { fromContentScript, fromExtensionPage } from '@/utils/background/senders';
import { allSwitchedOffRules, clearSwitchedOffRules, switchOffRule } from '@/utils/context/switched-off-rules';

/** A page's message, if it has the shape of one (a page's script is not ours: anything else is dropped). */
function pageMessage(value: unknown): PageMessage | undefined {
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

export default defineBackground(() => {
  // The cache opens with this session's keys; a new session's keys cannot read an old session's
  // records, so those are deleted, and records past the trust's age limit are purged.
  const store = (async () => {
    const [secrets, settings] = await Promise.all([ensureSessionSecrets(), loadSettings()]);
    const s = new RecordStore(getDb(), secrets, { ...DEFAULT_CACHE_LIMITS, maxRecords: settings.cacheMaxPatients });
    if (secrets.fresh) await s.clear();
    await s.purgeOlderThan(Date.now() - settings.cacheMaxAgeHours * 3_600_000);
    return s;
  })();
  // Sign-in, when the trust configures an authorisation server: every request carries the token,
  // and a 401 means the token is no good any more, so the clinician is asked to sign in again.
  const authConfig = async (): Promise<AuthConfig | undefined> => {
    const s = await loadSettings();
    return s.authIssuer ? { issuer: s.authIssuer, clientId: s.authClientId, scope: s.authScope, fhirBaseUrl: s.fhirBaseUrl, otherResources: s.gpConnectEndpoint ? [s.gpConnectEndpoint] : [] } : undefined;
  };
  const getClient = async () => {
    const [settings, auth] = await Promise.all([loadSettings(), authConfig()]);
    const unconfigured = notConfiguredReason(settings);
    if (unconfigured) throw new Error(unconfigured);
    return new FhirClient({
      baseUrl: settings.fhirBaseUrl,
      getAccessToken: async () => (auth ? getAccessToken(auth) : undefined),
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (res.status === 401 && auth) await signOutTokens();
        return res;
      },
    });
  };
  /** Who is acting: the signed-in clinician, else the one the trust configured for this browser. */
  const currentActor = async () => {
    const [s, user] = await Promise.all([loadSettings(), signedInUser()]);
    if (user) return { reference: user.fhirUser, display: user.name ?? user.sub };
    return { reference: s.userReference || undefined, display: s.userDisplay || 'Clinician using this browser' };
  };
  /**
   * The key task writes are bound to: the signed-in clinician where sign-in is required, else the
   * clinician the trust configured for this browser; undefined when nobody is known.
   */
  const currentAuthor = async () => {
    if (await authConfig()) return signedInOwner();
    const s = await loadSettings();
    return s.userReference ? `configured|${s.userReference}` : undefined;
  };
  const contexts = createContextService({
    getStore: () => store,
    getClient,
    getStaleAfterMs: async () => (await loadSettings()).staleAfterSeconds * 1000,
    requiresBothIdentityHalves: async () => (await loadSettings()).requireBothIdentityChecks,
    onChanged: (tabId) => {
      void store.then((s) => updateBadge(s, tabId));
      // Who is in view may have changed: the Subscriptions follow (debounced).
      clearTimeout(subscriptionSyncTimer);
      subscriptionSyncTimer = setTimeout(() => void push.syncSubscriptions(), 2_000);
    },
  });

  let subscriptionSyncTimer: ReturnType<typeof setTimeout> | undefined;
  const askTab = (tabId: number) => () => askPage('whatIsInView', undefined, { tabId, frameId: 0 });

  // From content scripts: what they see, over one port per page life (utils/context/report-channel.ts).
  // The origin is the sender's own (never what a message says). Each report is numbered as it arrives,
  // before anything is awaited: the newest wins. A port closing without its page saying it left (the
  // script stopped) clears the tab at once.
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
          void switchOffRule({ ruleId: m.ruleId, label: m.label, ms: m.ms, at: Date.now() }).then(() => registerContentScript());
          break;
      }
    });
    port.onDisconnect.addListener(() => {
      for (const pageId of pageIds) void contexts.handlePageStopped(page.tabId, pageId);
    });
  });
  // Record views are audited through an outbox, so none is lost while the endpoint is unreachable.
  const audit = new AuditQueue(getDb());
  // The shared record's own server gets the sign-in token; a separate audit endpoint never does (the
  // token is for the FHIR server alone).
  const auditClient = async () => {
    const settings = await loadSettings();
    return settings.auditEndpoint ? new FhirClient({ baseUrl: settings.auditEndpoint }) : getClient();
  };
  const flushAudit = () => void auditClient().then((c) => audit.flush(c)).catch(() => {});
  onMessage('recordViewed', async ({ data: contextId, sender }) => {
    if (!fromExtensionPage(sender)) return;
    // Taken as the message arrives: a view seen before a wipe is never noted after it.
    const since = watch.epoch();
    const ctx = (await allTabContexts()).find((c) => c.contextId === contextId);
    if (!ctx || ctx.resolution.status !== 'found' || ctx.detection.kind !== 'patient') return;
    const { patientId } = ctx.resolution;
    // Viewed today: watched for changes for the rest of the day.
    void watch.noteViewed(getClient().then((c) => c.baseUrl), patientId, since).catch(() => {});
    // One view, one audit: the same patient again on the same page continues the view it was in.
    if (!(await startsNewView(ctx.tabId, ctx.pageId, patientId))) return;
    const event = recordViewAuditEvent({
      patientId,
      eprOrigin: ctx.href ? new URL(ctx.href).origin : 'unknown',
      readerId: ctx.detection.patient.readerId,
      contextId,
      viewer: await currentActor(),
      at: new Date(),
      extensionVersion: browser.runtime.getManifest().version,
    });
    await audit.enqueue(event, contextId);
    flushAudit();
  });

  // Task writes: queued in the outbox, sent with backoff, kept until the server has them.
  const outbox = outboxKey(getDb()).then((key) => new TaskOutbox(getDb(), key));
  const refreshBadges = () => store.then(updateAllBadges).catch(() => {});
  const tasks = createTaskService({
    getOutbox: () => outbox,
    getStore: () => store,
    getClient,
    getActor: currentActor,
    getAuthor: currentAuthor,
    onChanged: () => void refreshBadges(),
  });
  const refused = { problem: 'Refused: task changes come from Alongside’s own panel only.' };
  onMessage('taskAction', ({ data, sender }) => (fromExtensionPage(sender) ? tasks.act(data) : refused));
  onMessage('createTask', ({ data, sender }) => (fromExtensionPage(sender) ? tasks.create(data) : refused));
  // Letters (issue 22): a letter's action made a task; the letter and its words come from the cached record.
  onMessage('createTaskFromLetter', ({ data, sender }) => (fromExtensionPage(sender) ? tasks.createFromLetter(data) : refused));
  onMessage('decideTaskWrite', async ({ data, sender }) => {
    if (fromExtensionPage(sender)) await tasks.decide(data.writeId, data.decision);
  });

  // Push: watched patients and My tasks checked for changes; events become notifications. By a
  // websocket Subscription where the server offers one, else by polling on an alarm.
  const notifier = createNotifier({ refreshBadges });
  const getOwners = async () => {
    const [s, actor] = await Promise.all([loadSettings(), currentActor()]);
    return [actor.reference, ...s.teamReferences].filter((r): r is string => !!r);
  };
  const watch = createWatchService({ getClient, getStore: () => store, getOwners, notify: (events) => notifier.notify(events) });
  /** Signed out where sign-in is required: nothing is asked of the server until the clinician signs in. */
  const waitingForSignIn = async () => !!(await authConfig()) && !(await signedInUser());
  const prefetch = createPrefetchService({
    getStore: () => store,
    getClient,
    getSettings: loadSettings,
    paused: waitingForSignIn,
    audit: async (patientIds, eprOrigin) => {
      const batchId = crypto.randomUUID();
      const viewer = await currentActor();
      await audit.enqueue(prefetchAuditEvent({ patientIds, eprOrigin, batchId, viewer, at: new Date(), extensionVersion: browser.runtime.getManifest().version }), batchId);
      flushAudit();
    },
  });
  const push = createPushService({ watch, getClient, getOwners, paused: waitingForSignIn, afterCheck: () => void tasks.flush() });
  onMessage('pollNow', async ({ sender }) => {
    if (fromExtensionPage(sender)) await push.checkNow();
  });
  browser.notifications?.onClicked.addListener((id) => void notifier.open(id));
  onMessage('openNotice', async ({ data, sender }) => {
    if (fromExtensionPage(sender)) await notifier.open(data);
  });
  // Re-made only when missing or changed: re-creating an alarm restarts its period.
  const schedulePolling = async () => {
    const { pollIntervalMinutes } = await loadSettings();
    const existing = await browser.alarms.get('poll-changes');
    if (existing?.periodInMinutes !== pollIntervalMinutes) await browser.alarms.create('poll-changes', { periodInMinutes: pollIntervalMinutes });
  };
  void schedulePolling();
  void browser.alarms.create('flush-tasks', { periodInMinutes: 0.5 });
  void tasks.flush();
  void push.checkNow();
  void browser.alarms.create('flush-audit', { periodInMinutes: 1 });
  flushAudit();

  // Sign-out-like wipe: on request, after inactivity, or when the screen locks. The records, the
  // identifier index and every tab's patient go; pages are asked again when the clinician is back.
  // Work under way is stopped from writing first (prefetch, then the watch cycle), then everything on
  // this machine goes, and only then are the server's Subscriptions dropped (utils/cache/wipe.ts).
  const wipeCachedData = (reason: string) =>
    wipeAll({
      local: [() => contexts.clearAllPatients(reason), () => prefetch.clear(), () => watch.clear(), async () => (await store).clear(), clearKnownIdentifiers, clearNotices, endAllViews],
      server: () => push.forget(),
    });
  const verifyAllTabs = async () => {
    await Promise.all((await allTabContexts()).map((ctx) => contexts.verifyTab(ctx.tabId, askTab(ctx.tabId))));
  };
  // Cleared on request while the clinician is here: the patients in view are found afresh at once.
  onMessage('clearCachedData', async ({ sender }) => {
    if (fromExtensionPage(sender)) await wipeCachedData('Cached records were cleared.').then(verifyAllTabs);
  });

  onMessage('signIn', async ({ sender }) => {
    if (!fromExtensionPage(sender)) return { problem: 'Sign-in starts from Alongside’s own panel only.' };
    const auth = await authConfig();
    if (!auth) return { problem: 'No sign-in server is configured.' };
    try {
      const user = await signIn(auth);
      // What was refused for want of a token is looked up again now.
      await Promise.all((await allTabContexts()).filter((c) => c.detection.kind === 'patient' && c.resolution.status !== 'found').map((c) => contexts.refresh(c.tabId, c.contextId)));
      void push.checkNow();
      return { user: user.name ?? user.sub };
    } catch (err) {
      return { problem: `Sign-in did not complete: ${err instanceof Error ? err.message : String(err)}` };
    }
  });
  // Signing out forgets the tokens and wipes everything cached; unsent task writes stay (sealed) until
  // the next sign-in sends them.
  onMessage('signOut', async ({ sender }) => {
    if (!fromExtensionPage(sender)) return;
    const [auth, session] = await Promise.all([authConfig(), sessionToEnd()]);
    await signOutTokens();
    await wipeCachedData('Signed out: sign in to see patients.');
    // Then the server forgets the sign-in too (best effort); the next sign-in asks who is there anyway.
    if (auth) void endServerSession(auth, session).catch(() => {});
  });
  // The tokens gone (signed out, refused at refresh, a 401) or now someone else's: whatever the last
  // clinician could see is wiped before anyone else can see it. Their unsent task writes stay, held.
  browser.storage.onChanged.addListener((changes, area) => {
    const change = area === 'session' ? changes[TOKENS_KEY] : undefined;
    if (!change) return;
    const before = tokenOwner(change.oldValue);
    if (before && before !== tokenOwner(change.newValue)) {
      void wipeCachedData(change.newValue ? 'Someone else signed in: open the patient again.' : 'Signed out: sign in to see patients.');
    }
  });
  void browser.alarms.create('refresh-token', { periodInMinutes: 0.5 });
  // Registered now, in the worker's first turn: a worker woken by the screen locking must hear it.
  browser.idle.onStateChanged.addListener((state) => {
    void loadSettings().then(({ idleWipeMinutes }) => {
      if (idleWipeMinutes <= 0) return;
      if (state === 'idle' || state === 'locked') void wipeCachedData('Cleared after inactivity: open the patient again.');
      else void verifyAllTabs();
    });
  });
  void loadSettings().then(({ idleWipeMinutes }) => {
    if (idleWipeMinutes > 0) browser.idle.setDetectionInterval(idleWipeMinutes * 60);
  });

  onMessage('refreshPatient', async ({ data: contextId, sender }) => {
    if (!fromExtensionPage(sender)) return;
    const ctx = (await allTabContexts()).find((c) => c.contextId === contextId);
    if (ctx) await contexts.refresh(ctx.tabId, contextId);
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

  // Hourly, purge records past the trust's age limit (alarms survive the worker being stopped).
  void browser.alarms.create('purge-cache', { periodInMinutes: 60 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === 'flush-audit') flushAudit();
    if (alarm.name === 'flush-tasks') void waitingForSignIn().then((wait) => (wait ? undefined : tasks.flush()));
    if (alarm.name === 'refresh-token') void authConfig().then((auth) => auth && keepFresh(auth));
    if (alarm.name === 'poll-changes') void push.onAlarm();
    if (alarm.name === 'purge-cache') {
      void Promise.all([store, loadSettings()]).then(([s, settings]) => s.purgeOlderThan(Date.now() - settings.cacheMaxAgeHours * 3_600_000));
    }
  });

  // The content script runs on the configured EPR origins only, registered at run time.
  // One registration at a time, each with the settings as they are when it runs: two at once would
  // both find none registered and the loser's origins could stick.
  // What each origin's pages read is written first, so a page never runs the script without it.
  let registering: Promise<unknown> = Promise.resolve();
  function registerContentScript(settingsChanged = false) {
    registering = registering
      .then(async () => {
        // New rules: every rule gets another chance.
        if (settingsChanged) await clearSwitchedOffRules();
        const settings = await loadSettings();
        await writeReaderConfigs(settings, (await allSwitchedOffRules()).map((r) => r.ruleId));
        const running = await syncContentScript(settings);
        // Readers newly assigned reach the pages already open (not at every wake of this worker).
        if (settingsChanged) await addReadersToOpenPages(settings, running);
      })
      .catch(() => {});
  }
  registerContentScript();
  // Settings changed (policy, or the options page): the polling interval and the origins follow.
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'managed' && !(area === 'local' && 'settings' in changes)) return;
    void schedulePolling();
    registerContentScript(true);
  });
  browser.permissions.onAdded.addListener(() => registerContentScript());
  browser.permissions.onRemoved.addListener(() => registerContentScript());

  // The worker may have been stopped while tabs changed: check every tab it remembers.
  void verifyAllTabs();

  // The toolbar button opens the side panel (Chrome, Edge) or toggles the sidebar (Firefox).
  if (import.meta.env.FIREFOX) {
    // Firefox's sidebarAction is not in WXT's Chromium-shaped types.
    const { sidebarAction } = browser as unknown as { sidebarAction: { toggle(): Promise<void> } };
    browser.action.onClicked.addListener(() => void sidebarAction.toggle());
  } else {
    void browser.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => {});
  }
});
