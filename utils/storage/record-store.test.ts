import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Dexie } from 'dexie';
import { patientKey, type PatientRecord } from '@/utils/record/types';
import { AlongsideDb } from './db';
import { RecordStore } from './record-store';
import { ensureSessionSecrets, readSessionSecrets } from './session-crypto';

const record = (id: string, fetchedAt = 1000): PatientRecord => ({
  patientKey: patientKey('https://fhir.test', id),
  serverBase: 'https://fhir.test',
  patientId: id,
  patient: { resourceType: 'Patient', id, name: [{ family: 'Fakeham', given: ['Ada'] }], identifier: [{ value: '9990001014' }], birthDate: '1950-03-12' },
  resources: [{ resourceType: 'Flag', id: 'f', status: 'active', subject: { reference: `Patient/${id}` }, code: { text: 'DNACPR' } }],
  incomplete: [],
  fetchedAt,
});

describe('the sealed record store', () => {
  it('round-trips a record, and nothing of it is on disk in the clear', async () => {
    const db = new AlongsideDb('store-1');
    const store = new RecordStore(db, await ensureSessionSecrets());
    await store.put(record('uk-ada-fakeham'));
    expect(await store.get(record('uk-ada-fakeham').patientKey)).toEqual(record('uk-ada-fakeham'));
    const rows = await db.records.toArray();
    const onDisk = JSON.stringify(rows, (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Buffer.from(v as ArrayBuffer).toString('latin1') : v));
    for (const secret of ['Fakeham', 'Ada', '9990001014', '1950-03-12', 'DNACPR', 'uk-ada-fakeham', 'fhir.test']) expect(onDisk).not.toContain(secret);
  });

  it('a new session cannot read the last one: its records come back as nothing', async () => {
    const db = new AlongsideDb('store-2');
    await new RecordStore(db, await ensureSessionSecrets()).put(record('x'));
    fakeBrowser.reset(); // the browser closed: session storage, and so the keys, are gone
    const secrets = await makeNewSecrets();
    const store = new RecordStore(db, secrets);
    expect(await store.get(record('x').patientKey)).toBeUndefined();
    const [row] = await db.records.toArray();
    expect(await store.open(row!)).toBeUndefined();
  });

  it('opens a row only for the patient it was asked for', async () => {
    const db = new AlongsideDb('store-3');
    const store = new RecordStore(db, await ensureSessionSecrets());
    await store.put(record('a'));
    const [row] = await db.records.toArray();
    expect(await store.open(row!, record('a').patientKey)).toBeDefined();
    expect(await store.open(row!, record('b').patientKey)).toBeUndefined();
  });

  it('reads a record again from memory, and never once it is cleared, purged or replaced', async () => {
    const db = new AlongsideDb('store-recent');
    const secrets = await ensureSessionSecrets();
    await new RecordStore(db, secrets).put(record('a'));
    const store = new RecordStore(db, secrets);
    const key = record('a').patientKey;
    let reads = 0;
    const get = db.records.get.bind(db.records);
    db.records.get = ((k: string) => (reads++, get(k))) as typeof db.records.get;
    expect(await store.get(key)).toEqual(record('a'));
    expect(await store.get(key)).toEqual(record('a'));
    expect(reads).toBe(1);
    // Written again (a refresh): the new copy, not the one read before.
    await store.put(record('a', 2000));
    expect((await store.get(key))?.fetchedAt).toBe(2000);
    // Purged, then cleared: nothing, from memory or from disk.
    await store.purgeOlderThan(3000);
    expect(await store.get(key)).toBeUndefined();
    await store.put(record('a', 4000));
    await store.clear();
    expect(await store.get(key)).toBeUndefined();
  });

  it('purges records past the age limit', async () => {
    const db = new AlongsideDb('store-4');
    const store = new RecordStore(db, await ensureSessionSecrets());
    await store.put(record('old', 1000), { status: 'ok', lastAttemptAt: 1000 });
    await store.put(record('new', 5000));
    expect(await store.purgeOlderThan(2000)).toBe(1);
    expect(await store.get(record('old').patientKey)).toBeUndefined();
    expect(await store.syncState(record('old').patientKey)).toBeUndefined();
    expect(await store.get(record('new').patientKey)).toBeDefined();
  });
});

describe('a wipe while work is under way', () => {
  it('drops every write of work begun before the clear, whatever it awaited: on disk and in memory', async () => {
    const db = new AlongsideDb('store-wipe');
    const store = new RecordStore(db, await ensureSessionSecrets());
    // A sync begins (bound to the session now), then awaits the network and the letters; the wipe runs.
    const sync = store.session();
    const writing = sync.put(record('before'), { status: 'ok', lastAttemptAt: 1 });
    await store.clear();
    await writing;
    await sync.put(record('after'), { status: 'ok', lastAttemptAt: 2 });
    await sync.setSyncState(record('later').patientKey, { status: 'syncing', lastAttemptAt: 3 });
    expect(await db.records.count()).toBe(0);
    expect(await db.syncStates.count()).toBe(0);
    expect(await store.get(record('before').patientKey)).toBeUndefined();
    expect(await store.get(record('after').patientKey)).toBeUndefined();
    // Work begun after the wipe writes as usual.
    await store.session().put(record('next'));
    expect(await db.records.count()).toBe(1);
  });
});

describe('cache limits', () => {
  it('evicts the oldest-fetched patients first, past the count or the size limit, never the one just written', async () => {
    const db = new AlongsideDb('store-5');
    const store = new RecordStore(db, await ensureSessionSecrets(), { maxRecords: 3, maxBytes: 10_000_000 });
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) await store.put(record(id, 1000 + i));
    expect(await store.get(record('a').patientKey)).toBeUndefined();
    expect(await db.records.count()).toBe(3);

    const tiny = new RecordStore(db, await ensureSessionSecrets(), { maxRecords: 100, maxBytes: 1 });
    await tiny.put(record('e', 500));
    expect(await db.records.count()).toBe(1);
    expect(await tiny.get(record('e').patientKey)).toBeDefined();
  });
});

describe('views', () => {
  it('remembers when a patient was last viewed, and returns the time before', async () => {
    const store = new RecordStore(new AlongsideDb('store-6'), await ensureSessionSecrets());
    expect(await store.markViewed('k', 100)).toBeUndefined();
    expect(await store.markViewed('k', 200)).toBe(100);
    expect(await store.markViewed('other', 300)).toBeUndefined();
  });
});

describe('migration v1 → v2 → v3', () => {
  it('deletes the cleartext records and the on-disk identifier index of v1', async () => {
    const v1 = new Dexie('migrate-1');
    v1.version(1).stores({ records: 'key, fetchedAt', identifiers: 'key, patientKey', syncStates: 'key' });
    await v1.table('records').put({ key: 'base|p', fetchedAt: 1, patient: { name: 'Ada Fakeham' } });
    await v1.table('identifiers').put({ key: 'base|nhs|9990001014', patientKey: 'base|p' });
    await v1.table('syncStates').put({ key: 'base|p', status: 'ok' });
    v1.close();

    const v2 = new AlongsideDb('migrate-1');
    await v2.open();
    expect(v2.verno).toBe(5);
    expect(await v2.records.count()).toBe(0);
    expect(await v2.syncStates.count()).toBe(0);
    expect(v2.tables.map((t) => t.name).sort()).toEqual(['auditOutbox', 'keys', 'records', 'syncStates', 'taskOutbox', 'views']);
  });
});

/** Secrets as a new browser session would make them (session storage emptied first). */
async function makeNewSecrets() {
  expect(await readSessionSecrets()).toBeUndefined();
  const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return { aesKey: made, hmacKey: hmac, fresh: true };
}
