/**
 * Everything Alongside keeps in the browser's storage, in one place: each value's area, key and type,
 * as WXT storage items (`storage.defineItem`). Nothing else names a storage key: modules read and write
 * these items, and the extension's pages watch them through one hook (components/hooks.ts
 * `useStoredItem`). The lint forbids `browser.storage` anywhere else, with one exception: the EPR page's
 * script reads its readers' configuration itself (utils/shared/reader-config.ts), to stay small.
 *
 * - `session`: memory only, gone when the browser closes. Patient data may live only here, or sealed in
 *   IndexedDB with the keys kept here (utils/storage/session-crypto.ts).
 * - `local`: on disk, so never patient data: the trust's and the clinician's settings, the readers'
 *   configuration, which notices are muted. Each is versioned: a change of shape bumps `version` and
 *   adds a migration from the last.
 *
 * The value types belong to the modules that own each value; they are imported as types only (nothing
 * at run time), which the layering lint allows for this module alone.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { AuditedViews } from '@/utils/audit/views';
import type { KnownIdentifier } from '@/utils/context/identifier-index';
import type { SwitchedOffRule } from '@/utils/context/switched-off-rules';
import type { TabContext } from '@/utils/context/tab-contexts';
import type { StoredTokens } from '@/utils/fhir/smart-auth';
import type { Notice } from '@/utils/notifications/notices';
import type { MyTasks } from '@/utils/push/my-tasks';
import type { StoredSubscriptions } from '@/utils/push/subscriptions';
import type { WatchState } from '@/utils/push/watch-service';
import type { Settings } from '@/utils/settings/settings';
import type { StoredSecrets } from '@/utils/storage/session-crypto';
import type { CacheFault } from '@/utils/storage/cache-fault';
import { READER_CONFIGS_KEY, type ReaderConfig } from './reader-config';

/**
 * An item defined when first used, not when this module loads: WXT reads storage as it defines an item,
 * which fails where there is no extension (plain Node loading a module for its pure functions: the e2e
 * tests, the bench). The item's methods are closures, so the stand-in forwards them as they are.
 */
function onFirstUse<T extends object>(define: () => T): T {
  let item: T | undefined;
  return new Proxy({} as T, { get: (_target, property) => Reflect.get((item ??= define()), property) });
}

// ---- session: memory only -------------------------------------------------------------------------

/** The signed-in clinician's tokens (utils/fhir/smart-auth.ts). Their going, or changing hands, wipes. */
export const authTokens = onFirstUse(() => storage.defineItem<StoredTokens>('session:authTokens'));

/** The keys that seal the cache (utils/storage/session-crypto.ts): made once per browser session. */
export const cacheSecrets = onFirstUse(() => storage.defineItem<StoredSecrets>('session:cacheSecrets'));

/** How many times the background worker has started this session (orders what it receives, tab-contexts.ts). */
export const workerLife = onFirstUse(() => storage.defineItem<number>('session:workerLife', { fallback: 0 }));

/** Where each tab's context is kept: one item per tab (utils/context/tab-contexts.ts). */
export const TAB_CONTEXT_PREFIX = 'tab:';
/** One tab's patient context: who its page shows, and what the shared record says of them. */
export const tabContext = (tabId: number) => storage.defineItem<TabContext>(`session:${TAB_CONTEXT_PREFIX}${tabId}`);

/** Where the identifier index is kept: one item per identifier (utils/context/identifier-index.ts). */
export const KNOWN_IDENTIFIER_PREFIX = 'id:';
/** Which shared-record patient an identifier resolved to. */
export const knownIdentifier = (idKey: string) => storage.defineItem<KnownIdentifier>(`session:${KNOWN_IDENTIFIER_PREFIX}${idKey}`);

/** Trust rules switched off this session for reading pages too slowly (utils/context/switched-off-rules.ts). */
export const switchedOffRules = onFirstUse(() => storage.defineItem<SwitchedOffRule[]>('session:switchedOffRules', { fallback: [] }));

/** Each tab's current audited view (utils/audit/views.ts). */
export const auditedViews = onFirstUse(() => storage.defineItem<AuditedViews>('session:auditedViews', { fallback: {} }));

/** The events the clinician was told about (utils/notifications/notices.ts). */
export const notices = onFirstUse(() => storage.defineItem<Notice[]>('session:notices', { fallback: [] }));

/** What the watch service watches and last saw (utils/push/watch-service.ts). */
export const watchState = onFirstUse(() => storage.defineItem<WatchState>('session:watchState'));

/** My tasks, as the My tasks page shows them (utils/push/my-tasks.ts). */
export const myTasks = onFirstUse(() => storage.defineItem<MyTasks>('session:myTasks'));

/** The Subscriptions made on the server, to drop them later (utils/push/subscriptions.ts). */
export const subscriptions = onFirstUse(() => storage.defineItem<StoredSubscriptions>('session:subscriptions'));

/** IndexedDB failed: what the panel says, and the records shown live meanwhile (utils/storage/cache-fault.ts). */
export const cacheFault = onFirstUse(() => storage.defineItem<CacheFault>('session:cacheFault'));

/**
 * Every key of a family of items (`tab:`, `id:`), with its value: a worker starting reads them back.
 *
 * @param prefix - the family's key prefix, e.g. `tab:`
 */
export async function sessionItemsUnder<T>(prefix: string): Promise<Map<string, T>> {
  const all = await storage.snapshot('session');
  return new Map(Object.entries(all).filter(([key]) => key.startsWith(prefix)) as [string, T][]);
}

/**
 * Removes every item of a family (`id:` at a wipe).
 *
 * @param prefix - the family's key prefix, e.g. `id:`
 */
export async function removeSessionItemsUnder(prefix: string): Promise<void> {
  const keys = [...(await sessionItemsUnder(prefix)).keys()];
  await storage.removeItems(keys.map((key) => `session:${key}` as const));
}

// ---- local: on disk, never patient data -----------------------------------------------------------

/** What the options page saved: the clinician's choices, and the trust's where no policy is set. */
export const localSettings = onFirstUse(() => storage.defineItem<Partial<Settings>>('local:settings', { fallback: {}, version: 1 }));

/** The notice kinds the clinician muted (undefined: the trust's default). */
export const mutedNotifications = onFirstUse(() => storage.defineItem<string[]>('local:mutedNotifications', { version: 1 }));

/** What the EPR page's script runs on each origin (the page reads it itself: reader-config.ts). */
export const readerConfigs = onFirstUse(() => storage.defineItem<Record<string, ReaderConfig>>(`local:${READER_CONFIGS_KEY}`, { fallback: {}, version: 1 }));

// ---- managed: the trust's policy, read only -------------------------------------------------------

/**
 * The trust's policy (managed storage), for the keys given; empty where no policy is set, or the browser
 * has none to give (Firefox without a managed manifest). Read only: nothing in the extension writes it.
 *
 * @param keys - the settings' keys to read
 */
export async function managedSettings(keys: readonly string[]): Promise<Record<string, unknown>> {
  try {
    return await browser.storage.managed.get([...keys]);
  } catch {
    return {};
  }
}

/**
 * Calls `onChange` when the trust's policy or the options page changes the settings (each browser
 * tells of managed changes through `storage.onChanged` only). Returns the function that stops listening.
 *
 * @param onChange - called, with nothing, after each change; the caller reads the settings again
 */
export function watchSettings(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'managed' || (area === 'local' && localSettings.key.slice('local:'.length) in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
