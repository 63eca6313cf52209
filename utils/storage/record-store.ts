/**
 * Reading and writing cached patient records through the session's keys.
 */
import { NORMALISED_RECORD_VERSION } from '@/utils/fhir/normalised-record';
import type { PatientRecord, RecordCache, SyncState } from '@/utils/record/types';
import type { AlongsideDb, PatientRecordRow, SyncStateRow } from './db';
import { seal, storageKey, unseal, type SessionSecrets } from './session-crypto';

type SealedPart = Omit<PatientRecord, 'fetchedAt'>;

/** How much the cache may hold: the oldest-fetched patients are evicted first past either limit. */
export interface CacheLimits {
  maxRecords: number;
  /** Sealed bytes, all records together. */
  maxBytes: number;
}

export const DEFAULT_CACHE_LIMITS: CacheLimits = { maxRecords: 200, maxBytes: 50 * 1024 * 1024 };

/**
 * Told when IndexedDB fails under the store (utils/storage/cache-fault.ts), with the records kept in
 * memory since, which the panel shows instead ("showing the record live").
 */
export interface CacheFaultHandler {
  /** A database operation failed. */
  failed(err: unknown, live: readonly PatientRecord[]): void;
  /** A record was kept in memory while the database is down. */
  liveChanged(live: readonly PatientRecord[]): void;
}

/** The cache of patients' records, sealed with the session's keys (the record layer's `RecordCache`). */
export class RecordStore implements RecordCache {
  constructor(
    readonly db: AlongsideDb,
    private readonly secrets: SessionSecrets,
    private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS,
    private readonly onFault?: CacheFaultHandler,
  ) {}

  /**
   * Records fetched since IndexedDB last failed, kept in memory only (and sync states beside them), so
   * a record is still shown from the network while the database cannot keep it. Empty when all is well.
   */
  private readonly live = new Map<string, PatientRecord>();
  private readonly liveStates = new Map<string, SyncState>();
  private faulted = false;

  /** Whether IndexedDB has failed and not yet been made again (records are kept in memory meanwhile). */
  get isFaulted(): boolean {
    return this.faulted;
  }

  /**
   * Runs a database operation; if IndexedDB fails, the store goes on in memory and the fault is reported
   * (without a handler, the panel's read-only store, the error is thrown as before).
   */
  private async guarded<T>(op: () => Promise<T>, otherwise: () => T): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (!this.onFault) throw err;
      this.faulted = true;
      this.onFault.failed(err, [...this.live.values()]);
      return otherwise();
    }
  }

  /** The database works again (deleted and made again): the copies in memory are written to it. */
  async resume(): Promise<void> {
    // What this store holds in memory (the live copies, and the records read or written lately, which the
    // new database no longer has): written back, so a record already drawn or being drawn is not lost.
    const copies = [...new Map([...this.recent.values(), ...this.live.values()].map((r) => [r.patientKey, r])).values()];
    this.faulted = false;
    this.live.clear();
    this.liveStates.clear();
    const since = this.clears;
    for (const record of copies) await this.put(record, { status: 'ok', lastAttemptAt: record.fetchedAt }, () => this.clears === since);
  }

  /** Clears so far (sign-out, a wipe): bumped as a clear begins, before anything is awaited. */
  private clears = 0;

  /**
   * This store as seen by work that begins now (a record's sync, a watch cycle, a task's flush): its
   * writes are dropped once the cache has been cleared since, checked in the write's own transaction,
   * with nothing awaited between the check and the write. So nothing fetched for the last clinician is
   * written after the wipe, whatever the work awaited (the network, letters, sealing) on its way.
   */
  session(): RecordCache {
    const since = this.clears;
    const current = () => this.clears === since;
    return {
      get: (patientKey) => this.get(patientKey),
      syncState: (patientKey) => this.syncState(patientKey),
      put: (record, state) => this.put(record, state, current),
      setSyncState: (patientKey, state) => this.setSyncState(patientKey, state, current),
    };
  }

  private readonly rowKeys = new Map<string, Promise<string>>();
  /**
   * The last few records this store wrote or read, by row key, read again without IndexedDB or
   * decryption (a patient switch reads the record to check the page's patient, then to see whether it
   * needs refreshing, while the panel reads it too). Every write and delete here drops or replaces them,
   * and no other page writes records; a read is kept only if nothing was written while it ran. Records
   * are values: callers never change them.
   */
  private readonly recent = new Map<string, PatientRecord>();
  private static readonly RECENT_KEPT = 10;
  /** Bumped by every write and delete: a read that started before one is not kept. */
  private changes = 0;

  private remember(key: string, record: PatientRecord): void {
    this.recent.delete(key);
    this.recent.set(key, record);
    for (const old of [...this.recent.keys()].slice(0, Math.max(0, this.recent.size - RecordStore.RECENT_KEPT))) this.recent.delete(old);
  }

  private forget(keys: Iterable<string>): void {
    this.changes++;
    for (const key of keys) this.recent.delete(key);
  }

  /** The row key on disk for a patient's logical key (an HMAC, worked out once per key). */
  rowKey(patientKey: string): Promise<string> {
    let key = this.rowKeys.get(patientKey);
    if (!key) {
      key = storageKey(this.secrets, patientKey);
      this.rowKeys.set(patientKey, key);
      key.catch(() => this.rowKeys.delete(patientKey));
    }
    return key;
  }

  async get(patientKey: string): Promise<PatientRecord | undefined> {
    const key = await this.rowKey(patientKey);
    const own = this.recent.get(key);
    if (own) return own;
    if (this.faulted && this.live.has(patientKey)) return this.live.get(patientKey);
    const changes = this.changes;
    const row = await this.guarded(() => this.db.records.get(key), () => undefined);
    const record = row ? await this.open(row) : undefined;
    if (record && changes === this.changes) this.remember(key, record);
    return record;
  }

  /** Opens a row read elsewhere (the panel's live query); undefined if it is not this patient's. */
  async open(row: Pick<PatientRecordRow, 'fetchedAt' | 'sealed'>, expectedKey?: string): Promise<PatientRecord | undefined> {
    const part = await unseal<SealedPart>(this.secrets, row.sealed);
    if (!part || (expectedKey !== undefined && part.patientKey !== expectedKey)) return undefined;
    // Kept by an older version of Alongside: read as not cached, so it is fetched and normalised afresh.
    if (part.normalised && part.normalised.version !== NORMALISED_RECORD_VERSION) return undefined;
    return { ...part, fetchedAt: row.fetchedAt };
  }

  /**
   * @param record - the record to keep
   * @param state - its sync state, written with it
   * @param current - whether the work writing it still belongs to this cache's session (`session()`):
   *   asked inside the write's transaction; false drops the write
   */
  async put(record: PatientRecord, state?: SyncState, current: () => boolean = () => true): Promise<void> {
    const key = await this.rowKey(record.patientKey);
    const { fetchedAt, ...part } = record;
    const sealed = await seal(this.secrets, part satisfies SealedPart);
    this.forget([key]);
    await this.guarded(
      () =>
        this.db.transaction('rw', this.db.records, this.db.syncStates, async () => {
          if (!current()) return;
          await this.db.records.put({ key, fetchedAt, sealed });
          if (state) await this.db.syncStates.put({ key, ...state });
        }),
      () => undefined,
    );
    this.forget([key]);
    // Cleared meanwhile: nothing of it is kept in memory either (a clear after the write deleted it on disk).
    if (!current()) return;
    this.remember(key, record);
    if (this.faulted) {
      // Shown live from memory until the database is made again.
      this.live.delete(record.patientKey);
      this.live.set(record.patientKey, record);
      if (state) this.liveStates.set(record.patientKey, state);
      this.onFault?.liveChanged([...this.live.values()]);
      return;
    }
    await this.evictToLimits(key);
  }

  /** Evicts the oldest-fetched records until the cache is within its limits; never `keep`. */
  async evictToLimits(keep?: string): Promise<number> {
    const rows = await this.guarded(() => this.db.records.orderBy('fetchedAt').toArray(), () => []);
    let bytes = rows.reduce((n, r) => n + r.sealed.data.byteLength, 0);
    let count = rows.length;
    const evict: string[] = [];
    for (const row of rows) {
      if (count <= this.limits.maxRecords && bytes <= this.limits.maxBytes) break;
      if (row.key === keep) continue;
      evict.push(row.key);
      count--;
      bytes -= row.sealed.data.byteLength;
    }
    if (evict.length) await this.deleteRows(evict);
    return evict.length;
  }

  async syncState(patientKey: string): Promise<SyncStateRow | undefined> {
    const key = await this.rowKey(patientKey);
    const live = this.faulted ? this.liveStates.get(patientKey) : undefined;
    if (live) return { key, ...live };
    return this.guarded(() => this.db.syncStates.get(key), () => undefined);
  }

  /**
   * @param patientKey - whose sync state
   * @param state - what it is now
   * @param current - as for `put`: false drops the write
   */
  async setSyncState(patientKey: string, state: SyncState, current: () => boolean = () => true): Promise<void> {
    const key = await this.rowKey(patientKey);
    await this.guarded(
      () =>
        this.db.transaction('rw', this.db.syncStates, async () => {
          if (current()) await this.db.syncStates.put({ key, ...state });
        }),
      () => undefined,
    );
    if (this.faulted && current()) this.liveStates.set(patientKey, state);
  }

  /**
   * Records that the clinician is viewing a patient now, and returns when they last did before
   * (undefined the first time), for "new since you last looked".
   */
  async markViewed(patientKey: string, at: number): Promise<number | undefined> {
    const key = await this.rowKey(patientKey);
    return this.guarded(
      () =>
        this.db.transaction('rw', this.db.views, async () => {
          const previous = (await this.db.views.get(key))?.lastViewedAt;
          await this.db.views.put({ key, lastViewedAt: at });
          return previous;
        }),
      () => undefined,
    );
  }

  /**
   * Deletes rows' records and sync states. Forgotten in memory before and after: a read running across
   * the delete is not kept either.
   *
   * @param keys - the rows' keys on disk
   */
  private async deleteRows(keys: string[]): Promise<void> {
    this.forget(keys);
    await this.guarded(
      () =>
        this.db.transaction('rw', this.db.records, this.db.syncStates, async () => {
          await this.db.records.bulkDelete(keys);
          await this.db.syncStates.bulkDelete(keys);
        }),
      () => undefined,
    );
    this.forget(keys);
  }

  /** Deletes records fetched before `olderThan` (ms since epoch), and their sync states. */
  async purgeOlderThan(olderThan: number): Promise<number> {
    const keys = (await this.guarded(() => this.db.records.where('fetchedAt').below(olderThan).primaryKeys(), () => [])) as string[];
    await this.deleteRows(keys);
    return keys.length;
  }

  /** Deletes everything cached (sign-out, a new session's keys). */
  async clear(): Promise<void> {
    this.clears++;
    this.forget([...this.recent.keys()]);
    this.live.clear();
    this.liveStates.clear();
    await Promise.all([this.db.records.clear(), this.db.syncStates.clear(), this.db.views.clear()]);
    this.forget([...this.recent.keys()]);
  }
}
