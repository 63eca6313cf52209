/**
 * Each tab's patient context, kept in `storage.session` so it survives the service worker being
 * stopped, and vanishes with the browser session. The background is the only writer; the side panel
 * reads it from there.
 *
 * The background holds every context in memory (read back from `storage.session` once, as the worker
 * starts) and writes it through in order. So a check of a tab's context and the write that follows it
 * are one synchronous step, with no `await` between them: nothing can be applied in between, whatever
 * order reports and answers arrive in (docs/security-and-safety.md, "the newest report wins").
 */
import { sessionItemsUnder, TAB_CONTEXT_PREFIX, tabContext, workerLife } from '@/utils/shared/state';
import type { Detection } from '@/utils/shared/detection';

/** How far the background has got in finding the detected patient in the shared record. */
export type Resolution =
  | { status: 'idle' }
  | { status: 'resolving' }
  /**
   * Found, and what the page shows agrees with the record. `checked` says which halves of the identity
   * check had something to compare (a half not read is never a pass: the panel says so).
   */
  | { status: 'found'; patientKey: string; patientId: string; checked: IdentityHalves }
  /** The record for the page's identifier names someone else: nothing of it is shown, watched or counted. */
  | { status: 'mismatch'; eprSays: string; recordSays: string; mismatches: ('name' | 'birthDate')[] }
  /** Found, but the trust requires both halves of the identity check and the page showed only one. */
  | { status: 'partly-checked'; missing: string }
  | { status: 'not-found' }
  | { status: 'ambiguous'; message: string }
  | { status: 'failed'; offline: boolean; message: string };

/** Which halves of the identity check were compared with the record. */
export interface IdentityHalves {
  name: boolean;
  birthDate: boolean;
  /** Why a half was not compared, in words ("date of birth not read"). */
  missing?: string;
}

/**
 * A point in the order the background received things: the worker's life (counted across restarts in
 * `storage.session`), then the order within that life. Later is greater.
 */
export interface Stamp {
  life: number;
  n: number;
}

/**
 * Whether `a` comes after `b` (undefined: before everything).
 *
 * @param a - the stamp asked about
 * @param b - the stamp to compare it with
 */
export function isLater(a: Stamp, b: Stamp | undefined): boolean {
  return !b || a.life > b.life || (a.life === b.life && a.n > b.n);
}

/** One tab's patient context. Everything shown for a patient is tied to its `contextId`. */
export interface TabContext {
  tabId: number;
  /** New for every change of who is in view: fetches and renders for an older id are dropped. */
  contextId: string;
  /** The page life the detection came from (a content script's own random id). */
  pageId?: string;
  /** That page's report number: a page numbers its reports 1, 2, 3… */
  seq?: number;
  href?: string;
  detection: Detection;
  resolution: Resolution;
  /** When what this context shows was received (a page's report, or the background's own decision). */
  receivedAt: Stamp;
  /** When this version of the context was written: every write is later than the one before. */
  rev: Stamp;
  updatedAt: number;
}


const contexts = new Map<number, TabContext>();
let life = 0;
let counter = 0;
let loaded: Promise<void> | undefined;
/** Writes to `storage.session`, in the order they were made. */
let persisting: Promise<unknown> = Promise.resolve();

/**
 * Reads the contexts back from `storage.session` and counts this worker's life; once per worker. Every
 * reader and writer waits for it.
 */
export function tabContextsReady(): Promise<void> {
  loaded ??= (async () => {
    const [stored, lastLife] = await Promise.all([sessionItemsUnder<TabContext>(TAB_CONTEXT_PREFIX), workerLife.getValue()]);
    for (const ctx of stored.values()) contexts.set(ctx.tabId, ctx);
    life = lastLife + 1;
    await workerLife.setValue(life);
  })();
  return loaded;
}

/** A new stamp, later than every one before it in this worker's life. Call it synchronously at receipt. */
export function nextStamp(): Stamp {
  return { life, n: ++counter };
}

/** The stamp for something received before `tabContextsReady` resolved: its order, with the life filled in later. */
export function receiptNumber(): number {
  return ++counter;
}

/**
 * A stamp from a receipt number taken before the worker's life was known.
 *
 * @param receipt - the number taken when the message arrived
 */
export function stampOf(receipt: number): Stamp {
  return { life, n: receipt };
}

/**
 * The tab's context as the background holds it now. Only after `tabContextsReady`.
 *
 * @param tabId - the browser tab
 */
export function currentTabContext(tabId: number): TabContext | undefined {
  return contexts.get(tabId);
}

/** Every tab's context as the background holds it now. Only after `tabContextsReady`. */
export function currentTabContexts(): TabContext[] {
  return [...contexts.values()];
}

/**
 * Writes a tab's context now (memory) and to `storage.session` after the writes before it. Synchronous:
 * a caller checks the current context and writes in one step. The written context gets a new `rev`.
 *
 * @param ctx - the tab's new context; any `rev` given is replaced
 */
export function writeTabContext(ctx: Omit<TabContext, 'rev'> & { rev?: Stamp }): TabContext {
  const written: TabContext = { ...ctx, rev: nextStamp() };
  contexts.set(ctx.tabId, written);
  const item = tabContext(ctx.tabId);
  persisting = persisting.then(() =>
    item.setValue(written).catch(async () => {
      // Not written: the panel must not keep drawing the context before this one.
      await item.removeValue().catch(() => {});
    }),
  );
  return written;
}

/**
 * Forgets a tab's context (the tab closed). Synchronous, like `writeTabContext`.
 *
 * @param tabId - the tab that closed
 */
export function deleteTabContext(tabId: number): void {
  contexts.delete(tabId);
  persisting = persisting.then(() => tabContext(tabId).removeValue().catch(() => {}));
}

/** Resolves once every write made so far has reached `storage.session`. */
export function tabContextsWritten(): Promise<void> {
  return persisting.then(() => undefined);
}

/**
 * The tab's context (background: as held in memory, once loaded).
 *
 * @param tabId - the browser tab
 */
export async function getTabContext(tabId: number): Promise<TabContext | undefined> {
  await tabContextsReady();
  return contexts.get(tabId);
}

/** Every tab's context (background). */
export async function allTabContexts(): Promise<TabContext[]> {
  await tabContextsReady();
  return currentTabContexts();
}

/**
 * Writes a context (tests, and callers outside the context service).
 *
 * @param ctx - the context to write; stamped as received now unless it says when
 */
export async function putTabContext(ctx: Omit<TabContext, 'rev' | 'receivedAt'> & { rev?: Stamp; receivedAt?: Stamp }): Promise<void> {
  await tabContextsReady();
  writeTabContext({ ...ctx, receivedAt: ctx.receivedAt ?? nextStamp() });
  await tabContextsWritten();
}

/**
 * Forgets a tab's context and waits until storage has forgotten it too (tests, and callers outside the
 * context service).
 *
 * @param tabId - the tab whose context goes
 */
export async function removeTabContext(tabId: number): Promise<void> {
  await tabContextsReady();
  deleteTabContext(tabId);
  await tabContextsWritten();
}

/** Forgets what this worker holds, as a worker stopping does (tests: a fresh worker reads storage again). */
export function forgetTabContextsInMemory(): void {
  contexts.clear();
  loaded = undefined;
  counter = 0;
}


