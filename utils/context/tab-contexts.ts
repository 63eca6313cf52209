/**
 * Each tab's patient context, kept in `storage.session` so it survives the service worker being
 * stopped, and vanishes with the browser session. The side panel reads it from there too.
 */
import { browser } from 'wxt/browser';
import type { Detection } from './types';

/** How far the background has got in finding the detected patient in the shared record. */
export type Resolution =
  | { status: 'idle' }
  | { status: 'resolving' }
  /** Found, and the page's name and date of birth agree with the record (`crossChecked` false only where a trust's rule says the EPR shows neither). */
  | { status: 'found'; patientKey: string; patientId: string; crossChecked: boolean }
  /** The record for the page's identifier names someone else: nothing of it is shown, watched or counted. */
  | { status: 'mismatch'; eprSays: string; recordSays: string; mismatches: ('name' | 'birthDate')[] }
  | { status: 'not-found' }
  | { status: 'ambiguous'; message: string }
  | { status: 'failed'; offline: boolean; message: string };

/** One tab's patient context. Everything shown for a patient is tied to its `contextId`. */
export interface TabContext {
  tabId: number;
  /** New for every change of who is in view: fetches and renders for an older id are dropped. */
  contextId: string;
  pageId?: string;
  href?: string;
  detection: Detection;
  resolution: Resolution;
  updatedAt: number;
}

const PREFIX = 'tab:';
export const tabContextKey = (tabId: number) => `${PREFIX}${tabId}`;

/**
 * The contexts this page wrote (the background is the only writer), so it reads its own writes without
 * asking the browser: a patient switch reads its tab's context several times. Another page (the panel)
 * writes none, so it always reads storage; and after the worker restarts this starts empty.
 */
const written = new Map<number, TabContext>();

export async function getTabContext(tabId: number): Promise<TabContext | undefined> {
  const own = written.get(tabId);
  if (own) return own;
  const key = tabContextKey(tabId);
  return (await browser.storage.session.get(key))[key] as TabContext | undefined;
}

export async function putTabContext(ctx: TabContext): Promise<void> {
  written.set(ctx.tabId, ctx);
  try {
    await browser.storage.session.set({ [tabContextKey(ctx.tabId)]: ctx });
  } catch (err) {
    written.delete(ctx.tabId);
    throw err;
  }
}

export async function removeTabContext(tabId: number): Promise<void> {
  written.delete(tabId);
  await browser.storage.session.remove(tabContextKey(tabId));
}

export async function allTabContexts(): Promise<TabContext[]> {
  const all = await browser.storage.session.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(PREFIX))
    .map(([, value]) => value as TabContext);
}

/**
 * Serialises the read-modify-write of one tab's context, so two messages handled at once cannot
 * interleave their writes. (The lock is in memory: after a service-worker restart there is nothing
 * in flight to collide with.)
 */
const locks = new Map<number, Promise<unknown>>();
export function withTabLock<T>(tabId: number, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(tabId) ?? Promise.resolve();
  const next = previous.then(work, work);
  locks.set(tabId, next.catch(() => undefined));
  return next;
}
