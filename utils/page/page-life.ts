/**
 * One content-script life on one page, and what ends it. Nothing the page does can end it, and nothing
 * of it reaches the page: no DOM event is dispatched and no `postMessage` is posted (WXT's content-script
 * context does both, and stops itself when the page dispatches its event: a page could silence Alongside
 * and learn that it is installed). Only the extension ends a life: it was reloaded or removed (the
 * runtime goes), or a newer copy of this script started on the same page, which it finds in the
 * extension's isolated world, a global the page cannot see.
 */

/** A content-script life: abort `signal` stops everything it started. */
export interface PageLife {
  signal: AbortSignal;
  /** Ends this life (everything listening on `signal` stops). */
  stop(reason: string): void;
}

const CURRENT = '__alongsidePageLife';

/** Starts this script's life on the page, ending an older copy's if one is running. */
export function startPageLife(): PageLife {
  const world = globalThis as { [CURRENT]?: PageLife };
  world[CURRENT]?.stop('A newer copy of Alongside started on this page.');
  const controller = new AbortController();
  const life: PageLife = {
    signal: controller.signal,
    stop: (reason) => {
      if (!controller.signal.aborted) controller.abort(reason);
      if (world[CURRENT] === life) delete world[CURRENT];
    },
  };
  world[CURRENT] = life;
  return life;
}

/** Whether the extension this script belongs to is still there (gone after a reload, an update or removal). */
export function extensionAlive(): boolean {
  try {
    const world = globalThis as { browser?: { runtime?: { id?: string } }; chrome?: { runtime?: { id?: string } } };
    return !!(world.browser ?? world.chrome)?.runtime?.id;
  } catch {
    return false;
  }
}
