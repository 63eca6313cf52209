/**
 * The extension pages' live data: which tab the panel follows, that tab's context, stored items
 * (utils/shared/state.ts), and Dexie queries that redraw on every write (liveQuery). Pages only read:
 * the background writes every stored item and every table.
 */
import { liveQuery } from 'dexie';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { getDb, type SyncStateRow } from '@/utils/storage/db';
import { RecordStore } from '@/utils/storage/record-store';
import { type PatientRecord } from '@/utils/record/types';
import { readSessionSecrets, type SessionSecrets } from '@/utils/storage/session-crypto';
import { isLater, type TabContext } from '@/utils/context/tab-contexts';
import { authTokens, cacheFault, myTasks, tabContext, watchSettings } from '@/utils/shared/state';
import type { CacheFault } from '@/utils/storage/cache-fault';
import type { WxtStorageItem } from 'wxt/utils/storage';
import { loadSettings, type Settings } from '@/utils/settings/settings';
import type { TaskWrite } from '@/utils/tasks/task-outbox';

/**
 * The tab the panel follows: the active tab of the panel's own window. When the panel page is open as
 * a tab of its own (popped out, or in tests), `?followWindow=<id>` names the window to follow instead.
 */
export function useFollowedTabId(): number | undefined {
  const [tabId, setTabId] = useState<number>();
  useEffect(() => {
    let windowId: number | undefined;
    let cancelled = false;
    const refresh = async () => {
      const [tab] = await browser.tabs.query({ active: true, windowId });
      if (!cancelled) setTabId(tab?.id);
    };
    const onActivated = (info: { tabId: number; windowId: number }) => {
      if (info.windowId === windowId) setTabId(info.tabId);
    };
    const onRemoved = () => void refresh();
    void (async () => {
      const followWindow = new URLSearchParams(location.search).get('followWindow');
      windowId = followWindow ? Number(followWindow) : (await browser.windows.getCurrent()).id;
      browser.tabs.onActivated.addListener(onActivated);
      browser.tabs.onRemoved.addListener(onRemoved);
      await refresh();
    })();
    return () => {
      cancelled = true;
      browser.tabs.onActivated.removeListener(onActivated);
      browser.tabs.onRemoved.removeListener(onRemoved);
    };
  }, []);
  return tabId;
}

/**
 * The followed tab's context, kept current from `storage.session`. `null` while loading. Only ever the
 * newest: every context the background writes is stamped (`rev`), and one older than the context drawn
 * now (the first read answering after a change already heard) is never drawn.
 */
export function useTabContext(tabId: number | undefined): TabContext | undefined | null {
  const [ctx, setCtx] = useState<TabContext | undefined | null>(null);
  useEffect(() => {
    if (tabId === undefined) {
      setCtx(undefined);
      return;
    }
    // Clear at once on a tab switch: the old tab's patient must not stay on screen while the new tab's
    // context loads.
    setCtx(null);
    let cancelled = false;
    let newest: TabContext | undefined;
    /** Takes a context read or heard, unless a newer one was already taken. A removal always counts. */
    const take = (value: TabContext | undefined, removed: boolean) => {
      if (cancelled) return;
      if (value && newest && !(value.rev && isLater(value.rev, newest.rev))) return;
      if (!value && !removed) return;
      newest = value;
      setCtx(value);
    };
    const item = tabContext(tabId);
    const stop = item.watch((value) => take(value ?? undefined, value === null));
    void item.getValue().then((value) => (value ? take(value, false) : !newest && !cancelled && setCtx(undefined)));
    return () => {
      cancelled = true;
      stop();
    };
  }, [tabId]);
  return ctx;
}

/** Subscribes to a Dexie query; re-runs when `deps` change. `undefined` until the first result. */
export function useLiveQuery<T>(query: () => Promise<T>, deps: unknown[]): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    setValue(undefined);
    const sub = liveQuery(query).subscribe({ next: setValue, error: () => setValue(undefined) });
    return () => sub.unsubscribe();
  }, deps);
  return value;
}

/** The cache, opened with this session's keys (one store for the panel while the keys stay the same). */
let openedCache: { secrets: SessionSecrets; store: RecordStore } | undefined;
async function sessionStore(): Promise<RecordStore | undefined> {
  const secrets = await readSessionSecrets();
  if (!secrets) return undefined;
  if (openedCache?.secrets !== secrets) openedCache = { secrets, store: new RecordStore(getDb(), secrets) };
  return openedCache.store;
}

/**
 * A patient's cached record and its sync state, live: the sealed row is watched with `liveQuery` and
 * opened with the session's keys. `record` is undefined until there is one for exactly this patient.
 * `lastViewedAt` is when the clinician last viewed this patient before now (undefined the first time,
 * for "new since you last looked"); the background records this view when the record is drawn.
 *
 * All in one effect, run before the browser paints, with one read of the database to start: each
 * effect or read a value waits for costs milliseconds, and a clinician switching patients is waiting.
 */
export function useCachedRecord(patientKey: string): { record?: PatientRecord; sync?: SyncStateRow; lastViewedAt?: number } {
  const [state, setState] = useState<{ patientKey: string; record?: PatientRecord; sync?: SyncStateRow; lastViewedAt?: number }>({ patientKey });
  useLayoutEffect(() => {
    let cancelled = false;
    let subscription: { unsubscribe(): void } | undefined;
    let latest = 0;
    let lastViewedAt: number | undefined;
    setState({ patientKey });
    void sessionStore().then(async (store) => {
      if (!store || cancelled) return;
      const rowKey = await store.rowKey(patientKey);
      if (cancelled) return;
      const db = getDb();
      const read = () => Promise.all([db.records.get(rowKey), db.syncStates.get(rowKey)]);
      let taken = '';
      const take = ([row, sync]: Awaited<ReturnType<typeof read>>) => {
        // The same sealed row (its IV is new at every write) and sync state as last time: nothing to redraw.
        const seen = `${row ? row.sealed.iv.join() : ''}|${JSON.stringify(sync ?? null)}`;
        if (seen === taken) return;
        taken = seen;
        const mine = ++latest;
        // Opened against the expected key: a row that is not this patient's is never shown.
        void (row ? store.open(row, patientKey) : Promise.resolve(undefined)).then((record) => {
          if (!cancelled && mine === latest) setState({ patientKey, record, sync, lastViewedAt });
        });
      };
      // Read at once (a live query's first answer comes a task later), with when this patient was last
      // viewed; then this view recorded, and the record kept live.
      const [row, sync, viewed] = await db.transaction('r', db.records, db.syncStates, db.views, () => Promise.all([db.records.get(rowKey), db.syncStates.get(rowKey), db.views.get(rowKey)]));
      if (cancelled) return;
      lastViewedAt = viewed?.lastViewedAt;
      take([row, sync]);
      // (The background notes this view when the panel says it drew it: the panel writes no table.)
      subscription = liveQuery(read).subscribe({ next: take, error: () => !cancelled && setState({ patientKey }) });
    });
    return () => {
      cancelled = true;
      subscription?.unsubscribe();
    };
  }, [patientKey]);
  if (state.patientKey !== patientKey) return {};
  return { record: state.record?.patientKey === patientKey ? state.record : undefined, sync: state.sync, lastViewedAt: state.lastViewedAt };
}

/** The settings as last read by this page: a record drawn at once is ranked for the clinician's role at once. */
let lastSettings: Settings | undefined;

/** The settings, read once per panel. */
export function useSettings(): Settings | undefined {
  const [settings, setSettings] = useState<Settings | undefined>(lastSettings);
  useEffect(() => {
    let cancelled = false;
    const read = () => void loadSettings().then((s) => !cancelled && setSettings((lastSettings = s)));
    read();
    const stop = watchSettings(read);
    return () => {
      cancelled = true;
      stop();
    };
  }, []);
  return settings;
}

/**
 * This patient's task writes still in the outbox, live. Opened with the outbox's own key; only the
 * writes for exactly this server and patient are returned. The outbox's code is loaded only while the
 * outbox holds a write (most views of a patient have none): the side panel has a size budget.
 */
export function useTaskWrites(serverBase: string | undefined, patientId: string | undefined): TaskWrite[] {
  const [writes, setWrites] = useState<TaskWrite[]>([]);
  // Not read until the record is (it names the server and patient): the first draw waits for nothing else.
  const rows = useLiveQuery(() => (serverBase && patientId ? getDb().taskOutbox.toArray() : Promise.resolve([])), [serverBase, patientId]);
  useEffect(() => {
    let cancelled = false;
    if (!rows?.length || !serverBase || !patientId) return setWrites([]);
    void import('@/utils/tasks/task-outbox').then(async ({ outboxKey, TaskOutbox }) => {
      const all = await new TaskOutbox(getDb(), await outboxKey(getDb())).list();
      if (!cancelled) setWrites(all.filter((w) => w.serverBase === serverBase && w.patientId === patientId));
    });
    return () => {
      cancelled = true;
    };
  }, [rows, serverBase, patientId]);
  return writes;
}

/**
 * A stored item (utils/shared/state.ts), live: undefined until read, then its value: its fallback, or
 * null, where nothing is stored (so a caller can tell "not read yet" from "nothing there": the first
 * notice of a session is news). The one way the extension's pages read storage.
 */
export function useStoredItem<T>(item: WxtStorageItem<T, Record<string, unknown>>): T | undefined {
  const [value, setValue] = useState<T>();
  useEffect(() => {
    let cancelled = false;
    const stop = item.watch((v) => !cancelled && setValue(v));
    void item.getValue().then((v) => !cancelled && setValue(v));
    return () => {
      cancelled = true;
      stop();
    };
  }, [item.key]);
  return value;
}

/** How many tasks are in My tasks (a count only: the panel names no other patient). */
export function useMyTasksCount(): number | undefined {
  return useStoredItem(myTasks)?.lines.length;
}

/** Whether sign-in is required, and who is signed in (live: sign-in and sign-out redraw the panel). */
export function useAuth(): { required: boolean; user?: string } | undefined {
  const tokens = useStoredItem(authTokens);
  const settings = useSettings();
  if (tokens === undefined || !settings) return undefined;
  const user = tokens?.user;
  return { required: !!settings.authIssuer, user: user ? (user.name ?? user.sub) : undefined };
}

/**
 * IndexedDB failed under the background (utils/storage/cache-fault.ts): what the panel says, and the
 * records the background holds in memory meanwhile, shown live. Undefined when all is well.
 */
export function useCacheFault(): CacheFault | undefined {
  return useStoredItem(cacheFault) ?? undefined;
}
