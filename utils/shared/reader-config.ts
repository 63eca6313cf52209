/**
 * What the content script reads on each EPR origin, kept by the background in `storage.local` (the
 * trust's configuration, never patient data), where the content script finds it as a page loads without
 * a round trip to the background worker (which may be asleep or busy): that trip was a third of the time
 * from a page showing a patient to the panel drawing the record.
 */
import { browser } from 'wxt/browser';
import type { BuiltInReaderId } from './reader-ids';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import type { ReaderOptions } from './detection';

/** What runs on a page of an origin: the built-in readers the trust assigned there, and its rules for it. */
export interface ReaderConfig {
  builtIns: BuiltInReaderId[];
  rules: DeclaredEprRule[];
  /** What the trust says of this EPR, for its built-in readers. */
  options?: ReaderOptions;
}

/** Each EPR origin's `ReaderConfig`, by origin (`URL.origin` form). */
export const READER_CONFIGS_KEY = 'readerConfigs';

/**
 * The readers for a page of `origin` (the page's own `location.origin`); none where the trust named none.
 *
 * @param origin - the page's own `location.origin`
 */
export async function readerConfigFor(origin: string): Promise<ReaderConfig | undefined> {
  const all = (await browser.storage.local.get(READER_CONFIGS_KEY))[READER_CONFIGS_KEY] as Record<string, ReaderConfig> | undefined;
  return all && Object.hasOwn(all, origin) ? all[origin] : undefined;
}

/**
 * Calls `onChange` with the readers for `origin` each time the background rewrites them (undefined: none
 * any more). Returns the function that stops listening.
 *
 * @param origin - the page's own `location.origin`
 * @param onChange - called with each later configuration (undefined: none any more)
 */
export function onReaderConfigChange(origin: string, onChange: (config: ReaderConfig | undefined) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area !== 'local' || !(READER_CONFIGS_KEY in changes)) return;
    const all = changes[READER_CONFIGS_KEY]!.newValue as Record<string, ReaderConfig> | undefined;
    onChange(all && Object.hasOwn(all, origin) ? all[origin] : undefined);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

/**
 * The readers for `origin` now, then each change to them: `onChange` is called with every configuration
 * written after the one returned. It listens before it reads, so a change written while the first read is
 * under way is never missed (that read may return the older value; the change is at least as new).
 * @param origin the page's own `location.origin`
 * @param onChange called with each later configuration (undefined: none any more)
 * @param signal stops listening when aborted
 */
export async function followReaderConfig(origin: string, onChange: (config: ReaderConfig | undefined) => void, signal: AbortSignal): Promise<ReaderConfig | undefined> {
  let changedWhileReading: { next: ReaderConfig | undefined } | undefined;
  let deliver: (next: ReaderConfig | undefined) => void = (next) => void (changedWhileReading = { next });
  const stop = onReaderConfigChange(origin, (next) => deliver(next));
  signal.addEventListener('abort', stop, { once: true });
  const read = await readerConfigFor(origin).catch(() => undefined);
  deliver = onChange;
  return changedWhileReading ? changedWhileReading.next : read;
}
