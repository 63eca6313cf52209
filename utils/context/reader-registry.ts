/**
 * The built-in readers a page was given. Each built-in reader is a script of its own
 * (`entrypoints/reader-<id>.ts`), registered to run before the content script only on the EPR origins the
 * trust assigned it to: a page carries the code of its own EPR's reader, not every EPR's. Scripts of one
 * registration share one isolated world, so the readers leave themselves here for the content script.
 */
import type { EprAdapter } from './types';

const KEY = '__alongsideReaders';
type Registry = { [KEY]?: EprAdapter[] };

/** Called by a reader's script as it runs. */
export function registerReader(reader: EprAdapter): void {
  const g = globalThis as Registry;
  (g[KEY] ??= []).push(reader);
}

/** The readers the scripts before the content script left. */
export function registeredReaders(): readonly EprAdapter[] {
  return (globalThis as Registry)[KEY] ?? [];
}
