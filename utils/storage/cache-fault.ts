/**
 * When IndexedDB fails under the extension: it cannot be opened (after an unclean shutdown, "Internal
 * error opening backing store"), a transaction aborts, the disk's quota is used up, the database is
 * deleted under us, or a read fails. The record is then kept in memory and shown from the network
 * (RecordStore's live copies), the panel says so, and the background deletes and re-creates the
 * database, carrying the task outbox across where it can still be read, and saying so where it cannot.
 */
import { Dexie } from 'dexie';
import type { PatientRecord } from '@/utils/record/types';
import { cacheFault } from '@/utils/shared/state';
import type { AlongsideDb } from './db';

export type CacheFaultKind = 'cannot-open' | 'aborted' | 'quota' | 'deleted' | 'unreadable';

/** What the panel is told of a fault (kept in session storage, memory only). */
export interface CacheFault {
  kind: CacheFaultKind;
  since: number;
  /** `trying`: the database is being deleted and made again; `recovered`: done; `failed`: it could not be. */
  recovery: 'trying' | 'recovered' | 'failed';
  /** The task outbox could not be read before the database was made again: unsent task changes were lost. */
  writesNotKept?: boolean;
  /** The records fetched while the database could not keep them, by patient key (memory only). */
  live: Record<string, PatientRecord>;
}

/**
 * The error's kind, from its DOMException or Dexie name (anything else: the database cannot be read).
 *
 * @param err - what the database threw
 */
export function faultKind(err: unknown): CacheFaultKind {
  const names = [(err as { name?: string })?.name, (err as { inner?: { name?: string } })?.inner?.name];
  if (names.includes('QuotaExceededError')) return 'quota';
  if (names.includes('AbortError')) return 'aborted';
  // Dexie reports a failed open as closed with the open's error inside; closed with nothing inside is
  // the connection closed under it (the database deleted).
  const inner = (err as { inner?: unknown })?.inner;
  if (names.includes('OpenFailedError') || names.includes('VersionError') || (names.includes('DatabaseClosedError') && inner)) return 'cannot-open';
  if (names.includes('DatabaseClosedError')) return 'deleted';
  return 'unreadable';
}

/**
 * What the clinician is told, in plain words: the panel's notice.
 *
 * @param fault - what went wrong, whether the store was made again, and whether task changes were lost
 */
export function faultWords(fault: Pick<CacheFault, 'kind' | 'recovery' | 'writesNotKept'>): { title: string; detail: string } {
  const why: Record<CacheFaultKind, string> = {
    'cannot-open': 'The browser could not open Alongside’s store on this computer (this happens after the browser or computer stops suddenly).',
    aborted: 'The browser stopped a write to Alongside’s store on this computer.',
    quota: 'This computer’s disk space for Alongside is full.',
    deleted: 'Alongside’s store on this computer was removed by the browser.',
    unreadable: 'Alongside’s store on this computer could not be read.',
  };
  const lost = fault.writesNotKept ? ' Any task changes not yet sent could not be kept: check your tasks, and make again any that are not there.' : '';
  if (fault.recovery === 'recovered') {
    return { title: 'Alongside’s copy on this computer was made again', detail: `${why[fault.kind]} Alongside deleted its store and made a new one; records are fetched again as you open them.${lost}` };
  }
  const next = fault.recovery === 'failed' ? 'Alongside will try to make a new store when you next open a patient.' : 'Alongside is deleting its store and making a new one.';
  return { title: 'This computer could not keep a copy: showing the record live', detail: `${why[fault.kind]} ${next}${lost}` };
}

/** Reading the outbox before the database is deleted: tries, and the pause between them. */
const READ_ATTEMPTS = 3;
const RETRY_AFTER_MS = 100;

/** Live copies kept for the panel while the database is down: the most recent few (session storage is small). */
const LIVE_KEPT = 5;

/**
 * The background's side of a fault: tells the panel, keeps the live copies where the panel can read them,
 * and deletes and re-creates the database (once at a time).
 *
 * @param db - the extension's database connection
 * @param onRecovered - called once the database is new and working (the store writes its live copies back)
 */
export function createCacheKeeper(db: () => AlongsideDb, onRecovered: () => Promise<void>) {
  let recovering: Promise<void> | undefined;
  /** Writes to the item, one after another: each takes the one before it into account. */
  let writes: Promise<unknown> = Promise.resolve();
  const update = (change: (fault: CacheFault | undefined) => CacheFault | undefined) =>
    (writes = writes.then(async () => {
      const next = change((await cacheFault.getValue()) ?? undefined);
      if (next) await cacheFault.setValue(next);
    }).catch(() => {}));
  const liveOf = (live: readonly PatientRecord[]) => Object.fromEntries(live.slice(-LIVE_KEPT).map((r) => [r.patientKey, r]));
  const ongoing = (f: CacheFault | undefined) => (f && f.recovery !== 'recovered' ? f : undefined);

  /**
   * The database failed: the panel is told, the live copies published (those already published are kept
   * when `live` is not given: a fault outside the record store), and the database made again.
   */
  async function report(err: unknown, live?: readonly PatientRecord[], writesNotKept?: boolean): Promise<void> {
    const kind = faultKind(err);
    const told = update((before) => {
      const open = ongoing(before);
      return { kind: open?.kind ?? kind, since: open?.since ?? Date.now(), recovery: 'trying', writesNotKept: writesNotKept || open?.writesNotKept, live: live ? liveOf(live) : (open?.live ?? {}) };
    });
    // Set before anything is awaited: one recovery at a time, and `whenRecovered` sees it at once.
    recovering ??= told.then(recover).finally(() => (recovering = undefined));
    await told;
  }

  /** Publishes the live copies again (a new record fetched while the database is down). */
  async function publish(live: readonly PatientRecord[]): Promise<void> {
    await update((f) => (ongoing(f) ? { ...f!, live: liveOf(live) } : undefined));
  }

  /**
   * Deletes the database and makes it again. The task outbox and its key, and the audit outbox, are read
   * first and put back; where they cannot be read, the clinician is told their unsent task changes were
   * not kept.
   */
  async function recover(): Promise<void> {
    const d = db();
    let outbox: unknown[] | undefined;
    let keys: unknown[] | undefined;
    let audits: unknown[] = [];
    // An open that failed once often works the next time: tried a few times before anything is deleted.
    for (let attempt = 0; attempt < READ_ATTEMPTS && !outbox; attempt++) {
      try {
        [outbox, keys, audits] = await Promise.all([d.taskOutbox.toArray(), d.keys.toArray(), d.auditOutbox.toArray()]);
      } catch {
        // Unreadable: tried again; in the end nothing is carried across, and the clinician is told.
        d.close({ disableAutoOpen: false });
        await new Promise((r) => setTimeout(r, RETRY_AFTER_MS));
      }
    }
    try {
      d.close({ disableAutoOpen: false });
      await Dexie.delete(d.name);
      await d.open();
      if (outbox?.length || keys?.length || audits.length) {
        await d.transaction('rw', d.taskOutbox, d.keys, d.auditOutbox, async () => {
          await d.keys.bulkPut((keys ?? []) as never[]);
          await d.taskOutbox.bulkPut((outbox ?? []) as never[]);
          await d.auditOutbox.bulkPut(audits as never[]);
        });
      }
      await onRecovered();
      await update((f) => ({ ...(f ?? { kind: 'unreadable', since: Date.now(), live: {} }), recovery: 'recovered', writesNotKept: f?.writesNotKept || outbox === undefined, live: {} }));
    } catch {
      await update((f) => f && { ...f, recovery: 'failed', writesNotKept: f.writesNotKept || outbox === undefined });
    }
  }

  /** The database was deleted under the extension (another page or the browser): reported, made again. */
  function watchForDeletion(): void {
    db().on('versionchange', (ev: IDBVersionChangeEvent) => {
      if (ev.newVersion === null) {
        const err = Object.assign(new Error('The database was deleted'), { name: 'DatabaseClosedError' });
        // Whatever the outbox held went with it: the clinician is told.
        void report(err, [], true);
      }
    });
  }

  /** The wipe: the live copies go (the notice stays, without them). */
  async function forgetLive(): Promise<void> {
    await update((f) => f && { ...f, live: {} });
  }

  return { report, publish, recover, watchForDeletion, forgetLive, whenRecovered: () => recovering ?? Promise.resolve() };
}
