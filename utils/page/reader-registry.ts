/**
 * The built-in readers a page was given. Each built-in reader is a script of its own
 * (`entrypoints/reader-<id>.ts`), registered to run before the content script only on the EPR origins the
 * trust assigned it to: a page carries the code of its own EPR's reader, not every EPR's. Scripts of one
 * registration share one isolated world, so the readers leave themselves here for the content script.
 */
import type { EprReader } from '@/utils/page/readers/reader';

const KEY = '__alongsideReaders';
const LISTENERS = '__alongsideReaderListeners';
type Registry = { [KEY]?: EprReader[]; [LISTENERS]?: Set<() => void> };

/**
 * Called by a reader's script as it runs: before the content script as the page loads, or later, when
 * the background adds a reader the trust newly assigned to a page already open (then the content script
 * is told). A reader already here is not added again.
 *
 * @param reader - the reader the script defines
 */
export function registerReader(reader: EprReader): void {
  const g = globalThis as Registry;
  const readers = (g[KEY] ??= []);
  if (readers.some((r) => r.id === reader.id)) return;
  readers.push(reader);
  for (const listener of g[LISTENERS] ?? []) {
    try {
      listener();
    } catch {
      // One listener failing does not keep the reader from the others.
    }
  }
}

/** The readers the scripts before the content script left, and any added since. */
export function registeredReaders(): readonly EprReader[] {
  return (globalThis as Registry)[KEY] ?? [];
}

/**
 * Calls `listener` whenever a reader arrives on the page after the content script started; returns the unsubscribe.
 *
 * @param listener - called, with nothing, after each reader arrives
 */
export function onReaderRegistered(listener: () => void): () => void {
  const g = globalThis as Registry;
  (g[LISTENERS] ??= new Set()).add(listener);
  return () => void g[LISTENERS]?.delete(listener);
}
