import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { installIdbFaults, INJECTED_FAULTS, type InjectedFault } from '../../testing/idb-faults';
import { patientKey, type PatientRecord } from '@/utils/record/types';
import { cacheFault } from '@/utils/shared/state';
import { createCacheKeeper, faultWords } from './cache-fault';
import { AlongsideDb } from './db';
import { RecordStore } from './record-store';
import { ensureSessionSecrets } from './session-crypto';

const record = (id: string, fetchedAt = 1000): PatientRecord => ({
  patientKey: patientKey('https://fhir.test', id),
  serverBase: 'https://fhir.test',
  patientId: id,
  patient: { resourceType: 'Patient', id, name: [{ family: 'Fakeham', given: ['Ada'] }], birthDate: '1950-03-12' },
  resources: [],
  incomplete: [],
  fetchedAt,
});

/** A queued task write, as the outbox keeps it (sealed bytes are opaque here: only carried across). */
const queuedWrite = { writeId: 'w-1', seq: 1, state: 'waiting' as const, attempts: 0, nextAttemptAt: 0, madeAt: 1, sealed: { iv: new Uint8Array(12), data: new Uint8Array([1, 2, 3]) } };
/** A record view not yet accepted by the audit endpoint. */
const queuedAudit = { key: 'ctx-1', event: { resourceType: 'AuditEvent' }, queuedAt: 1, attempts: 0, nextAttemptAt: 0 };

let n = 0;
async function setUp() {
  const db = new AlongsideDb(`faults-${++n}`);
  await db.taskOutbox.put(queuedWrite as never);
  await db.auditOutbox.put(queuedAudit as never);
  const inject = installIdbFaults(db);
  const keeper = createCacheKeeper(() => db, () => store.resume());
  keeper.watchForDeletion();
  const store: RecordStore = new RecordStore(db, await ensureSessionSecrets(), undefined, {
    failed: (err, live) => void keeper.report(err, live),
    liveChanged: (live) => void keeper.publish(live),
  });
  await store.put(record('before'));
  return { db, inject, keeper, store };
}

/** What hits each fault: a write for those that fail writes, a read (of a record not in memory) for the rest. */
async function hit(fault: InjectedFault, store: RecordStore, db: AlongsideDb): Promise<void> {
  if (fault === 'aborted' || fault === 'quota') await store.put(record('during'));
  else {
    // A new store's first read goes to the database (the one before remembers what it wrote).
    await store.get(record('elsewhere').patientKey);
    await store.put(record('during'));
  }
  void db;
}

describe('IndexedDB failing under the record store', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each(INJECTED_FAULTS)('%s: the record is still there from memory, the panel is told, and the database is made again', async (fault) => {
    const { db, inject, keeper, store } = await setUp();
    await inject(fault);
    if (fault === 'deleted') await new Promise((r) => setTimeout(r, 20));
    await hit(fault, store, db);
    // The record fetched while the database failed is served (from memory), never a blank.
    expect((await store.get(record('during').patientKey))?.patientId).toBe('during');
    await keeper.whenRecovered();
    const told = await cacheFault.getValue();
    expect(told?.kind).toBe(fault);
    expect(told?.recovery).toBe('recovered');
    expect(faultWords(told!).title).toMatch(/made again/);
    // The outbox was carried across (or, the database deleted under us, the clinician told it was not).
    const outbox = await db.taskOutbox.toArray();
    if (fault === 'deleted') expect(told?.writesNotKept).toBe(true);
    else {
      expect(outbox.map((w) => w.writeId)).toEqual(['w-1']);
      expect(told?.writesNotKept).toBeFalsy();
      // And the record views not yet audited.
      expect((await db.auditOutbox.toArray()).map((a) => a.key)).toEqual(['ctx-1']);
    }
    // Back on disk: the live copy was written to the new database.
    expect(store.isFaulted).toBe(false);
    expect((await db.records.count())).toBeGreaterThanOrEqual(1);
    expect((await store.get(record('during').patientKey))?.patientId).toBe('during');
  });

  it('while recovering, the panel says it shows the record live, and holds the live copy', async () => {
    const { inject, store, keeper } = await setUp();
    await inject('quota', 1_000);
    await store.put(record('during'));
    await new Promise((r) => setTimeout(r, 0));
    const told = await cacheFault.getValue();
    expect(faultWords(told!).title).toBe('This computer could not keep a copy: showing the record live');
    expect(Object.keys(told!.live)).toContain(record('during').patientKey);
    await keeper.whenRecovered();
  });

  it('a database that cannot be opened at all is deleted and made again, and the clinician told the outbox was not kept', async () => {
    const { db, inject, keeper, store } = await setUp();
    await inject('cannot-open', 3);
    await store.get(record('elsewhere').patientKey);
    await keeper.whenRecovered();
    const told = await cacheFault.getValue();
    expect(told).toMatchObject({ kind: 'cannot-open', recovery: 'recovered', writesNotKept: true });
    expect(faultWords(told!).detail).toMatch(/task changes not yet sent could not be kept/);
    expect(await db.taskOutbox.count()).toBe(0);
  });

  it('a fault outside the record store (the audit queue) keeps the live copies already published', async () => {
    const { inject, store, keeper } = await setUp();
    await inject('quota', 1_000);
    await store.put(record('during'));
    await keeper.report(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(Object.keys((await cacheFault.getValue())!.live)).toContain(record('during').patientKey);
    await keeper.whenRecovered();
  });

  it('the wipe forgets the live copies', async () => {
    const { inject, store, keeper } = await setUp();
    await inject('quota', 1_000);
    await store.put(record('during'));
    await keeper.forgetLive();
    expect((await cacheFault.getValue())?.live).toEqual({});
    await keeper.whenRecovered();
  });
});
