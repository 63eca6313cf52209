/**
 * The background's services, made once as the worker starts and wired to each other: the record cache,
 * the patient in view, record-view audit, task writes, watching for changes (polling or Subscriptions),
 * fetching ahead, notifications and the badge. Nothing here decides anything: each service does, and
 * routes.ts, page-ports.ts, alarms.ts and lifecycle.ts hand them the browser's events.
 */
import { browser } from 'wxt/browser';
import { prefetchAuditEvent } from '@/utils/audit/audit-event';
import { AuditQueue } from '@/utils/audit/audit-queue';
import { createContextService } from '@/utils/context/context-service';
import { createPrefetchService } from '@/utils/prefetch/prefetch-service';
import { createPushService } from '@/utils/push/push-service';
import { createWatchService } from '@/utils/push/watch-service';
import { loadSettings } from '@/utils/settings/settings';
import { subscriptions } from '@/utils/shared/state';
import { createCacheKeeper } from '@/utils/storage/cache-fault';
import { getDb } from '@/utils/storage/db';
import { DEFAULT_CACHE_LIMITS, RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { createTaskService } from '@/utils/tasks/task-service';
import { outboxKey, TaskOutbox } from '@/utils/tasks/task-outbox';
import { updateAllBadges, updateBadge } from './badge';
import { createNotifier } from './notifier';
import type { Sessions } from './sessions';

export type Services = ReturnType<typeof createServices>;

/**
 * Makes the services. Synchronous: what needs the browser's storage resolves later (the cache opens with
 * this session's keys), so every listener can still be registered in the worker's first turn.
 *
 * @param sessions - the sign-in: FHIR clients, who is acting, the task owners to offer
 */
export function createServices(sessions: Sessions) {
  const { getClient, currentActor, currentAuthor, owners, waitingForSignIn } = sessions;
  // The cache opens with this session's keys; a new session's keys cannot read an old session's
  // records, so those are deleted, and records past the trust's age limit are purged.
  // IndexedDB failing (it cannot be opened, a write aborts, the disk is full, it is deleted): the store
  // goes on in memory, the panel says so, and the keeper deletes and re-creates the database.
  const cacheKeeper = createCacheKeeper(getDb, async () => (await store).resume());
  cacheKeeper.watchForDeletion();
  const store = (async () => {
    const [secrets, settings] = await Promise.all([ensureSessionSecrets(), loadSettings()]);
    const s = new RecordStore(getDb(), secrets, { ...DEFAULT_CACHE_LIMITS, maxRecords: settings.cacheMaxPatients }, {
      failed: (err, live) => void cacheKeeper.report(err, live),
      liveChanged: (live) => void cacheKeeper.publish(live),
    });
    // A database that cannot be cleared is deleted and made again by the keeper (old records go with it).
    if (secrets.fresh) await s.clear().catch((err: unknown) => cacheKeeper.report(err, []));
    await s.purgeOlderThan(Date.now() - settings.cacheMaxAgeHours * 3_600_000);
    return s;
  })();
  const getStore = () => store;
  const refreshBadges = () => store.then(updateAllBadges).catch(() => {});

  // Record views and prefetch queries are audited through an outbox, so none is lost offline.
  // An event the store cannot keep is held in memory and sent from there; the store is made again.
  const audit = new AuditQueue(getDb(), { onFault: (err) => void cacheKeeper.report(err) });
  const flushAudit = () => void sessions.getAuditClient().then((c) => audit.flush(c)).catch(() => {});

  // Task writes: queued in the outbox, sent with backoff, kept until the server has them.
  // Opened again after a failure (the database may be made again meanwhile).
  let outbox: Promise<TaskOutbox> | undefined;
  const getOutbox = () =>
    (outbox ??= outboxKey(getDb()).then(
      (key) => new TaskOutbox(getDb(), key),
      (err: unknown) => {
        outbox = undefined;
        throw err;
      },
    ));
  const tasks = createTaskService({ getOutbox, getStore, getClient, getActor: currentActor, getAuthor: currentAuthor, onChanged: () => void refreshBadges() });

  // Push: watched patients and My tasks checked for changes; events become notices and notifications.
  const notifier = createNotifier({ refreshBadges });
  const watch = createWatchService({ getClient, getStore, getOwners: owners, paused: waitingForSignIn, notify: (events) => notifier.notify(events) });
  const push = createPushService({ watch, getClient, getOwners: owners, paused: waitingForSignIn, afterCheck: () => void tasks.flush(), subscriptionStore: subscriptions });

  // Who is in view, per tab; a change moves the badge and (debounced) the Subscriptions.
  let subscriptionSync: ReturnType<typeof setTimeout> | undefined;
  const contexts = createContextService({
    getStore,
    getClient,
    getStaleAfterMs: async () => (await loadSettings()).staleAfterSeconds * 1000,
    requiresBothIdentityHalves: async () => (await loadSettings()).requireBothIdentityChecks,
    onChanged: (tabId) => {
      void store.then((s) => updateBadge(s, tabId));
      clearTimeout(subscriptionSync);
      subscriptionSync = setTimeout(() => void push.syncSubscriptions(), 2_000);
    },
  });

  // A list of patients in view: their records fetched ahead (never shown until opened), audited as a query.
  const prefetch = createPrefetchService({
    getStore,
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

  return { store, cacheKeeper, audit, flushAudit, tasks, notifier, watch, push, contexts, prefetch, refreshBadges };
}
