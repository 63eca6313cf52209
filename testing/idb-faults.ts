/**
 * IndexedDB faults injected into a Dexie database, for the fault tests (unit tests on fake-indexeddb,
 * and the demo build's background through `globalThis.__alongsideIdbFaults`, never the store build):
 * each makes the next operations fail as the browser's own failures do.
 *
 * - `cannot-open`: opening fails ("Internal error opening backing store", after an unclean shutdown);
 * - `aborted`: a write's transaction aborts;
 * - `quota`: a write fails, the disk's quota used up;
 * - `unreadable`: a read fails (a damaged backing store);
 * - `deleted`: the database is deleted under the extension (as clearing site data does).
 */
import type { Dexie } from 'dexie';

export type InjectedFault = 'cannot-open' | 'aborted' | 'quota' | 'unreadable' | 'deleted';
export const INJECTED_FAULTS: readonly InjectedFault[] = ['cannot-open', 'aborted', 'quota', 'unreadable', 'deleted'];

const errorFor = (fault: InjectedFault) =>
  fault === 'quota'
    ? new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    : fault === 'aborted'
      ? new DOMException('The transaction was aborted.', 'AbortError')
      : new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');

/**
 * Installs the injector on `db` (closing it, so the next operation opens it with the injector in place).
 * Returns `inject(fault, times, only)`: the next `times` operations of that kind (on the tables `only`
 * names, if given) fail (`deleted` deletes now).
 */
export function installIdbFaults(db: Dexie) {
  const left: Partial<Record<InjectedFault, number>> = {};
  /** The tables a fault spoils (all when not given): a test aims it at the operation it is about. */
  let tables: readonly string[] | undefined;
  const take = (fault: InjectedFault, table?: string) => {
    if (!left[fault]) return undefined;
    if (table && tables && !tables.includes(table)) return undefined;
    left[fault]!--;
    return Promise.reject(errorFor(fault));
  };
  db.use({
    stack: 'dbcore',
    name: 'injected-faults',
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => take('quota', name) ?? take('aborted', name) ?? table.mutate(req),
          get: (req) => take('unreadable', name) ?? table.get(req),
          getMany: (req) => take('unreadable', name) ?? table.getMany(req),
          query: (req) => take('unreadable', name) ?? table.query(req),
        };
      },
    }),
  });
  db.on('ready', () => take('cannot-open'), true);
  db.close({ disableAutoOpen: false });

  /**
   * @param fault - what fails
   * @param times - how many operations it spoils
   * @param only - the tables whose operations it spoils (default: any table's)
   */
  return async function inject(fault: InjectedFault, times = 1, only?: readonly string[]): Promise<void> {
    tables = only;
    if (fault === 'deleted') {
      // Deleted from outside the connection (another connection, as the browser's "clear site data" is).
      await new Promise<void>((done, fail) => {
        const req = indexedDB.deleteDatabase(db.name);
        req.onsuccess = () => done();
        req.onerror = () => fail(req.error);
      });
      return;
    }
    left[fault] = times;
    // An open fails only when the database is opened: close it, so the next operation opens it.
    if (fault === 'cannot-open') db.close({ disableAutoOpen: false });
  };
}
