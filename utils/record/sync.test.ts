import 'fake-indexeddb/auto';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirClient } from '@/utils/fhir/client';
import { AlongsideDb } from '@/utils/storage/db';
import { patientKey } from '@/utils/record/types';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { mergeChanges, syncPatientRecord } from './sync';

const BASE = 'http://fhir.test/R4';
let dbn = 0;

function fakeServer() {
  let calls = 0;
  let down = false;
  const fetchImpl: typeof fetch = async (_input, init) => {
    calls++;
    if (down) throw new TypeError('Failed to fetch');
    const batch = JSON.parse(init!.body as string) as Bundle;
    const entry = batch.entry!.map((e) =>
      e.request!.url.startsWith('Patient/')
        ? { resource: { resourceType: 'Patient', id: 'p', birthDate: '1950-01-0' + calls }, response: { status: '200 OK' } }
        : { resource: { resourceType: 'Bundle', type: 'searchset', entry: [] }, response: { status: '200 OK' } },
    );
    return new Response(JSON.stringify({ resourceType: 'Bundle', type: 'batch-response', entry }), { status: 200 });
  };
  return { fetchImpl, calls: () => calls, setDown: (d: boolean) => (down = d) };
}

describe('mergeChanges', () => {
  it('puts changed resources in place of their cached versions and adds new ones', () => {
    const cached: Resource[] = [
      { resourceType: 'Task', id: 't1', status: 'requested', intent: 'order' },
      { resourceType: 'Task', id: 't2', status: 'requested', intent: 'order' },
      { resourceType: 'Flag', id: 't1', status: 'active', subject: {}, code: {} },
    ];
    const merged = mergeChanges(cached, [
      { resourceType: 'Task', id: 't1', status: 'completed', intent: 'order' },
      { resourceType: 'Task', id: 't3', status: 'requested', intent: 'order' },
    ]);
    expect(merged.map((r) => `${r.resourceType}/${r.id}/${(r as { status: string }).status}`)).toEqual([
      'Task/t1/completed',
      'Task/t2/requested',
      'Flag/t1/active',
      'Task/t3/requested',
    ]);
  });
});

describe('syncPatientRecord', () => {
  it('fetches once, serves the cache while fresh, and refetches when stale', async () => {
    const store = new RecordStore(new AlongsideDb(`sync-${dbn++}`), await ensureSessionSecrets());
    const s = fakeServer();
    const client = new FhirClient({ baseUrl: BASE, fetch: s.fetchImpl });
    let t = 1_000_000;
    const opts = { staleAfterMs: 60_000, now: () => t };
    expect(await syncPatientRecord(store, client, 'p', opts)).toBe('fetched');
    t += 30_000;
    expect(await syncPatientRecord(store, client, 'p', opts)).toBe('fresh');
    expect(s.calls()).toBe(1);
    t += 60_000;
    // Coming back after it went stale: only the changes are asked for, in one request.
    expect(await syncPatientRecord(store, client, 'p', opts)).toBe('changes');
    expect(s.calls()).toBe(2);
    // The clinician's refresh fetches the whole record.
    expect(await syncPatientRecord(store, client, 'p', { ...opts, force: true })).toBe('fetched');
    expect(s.calls()).toBe(3);
    expect((await store.get(patientKey(BASE, 'p')))?.fetchedAt).toBe(t);
  });

  it('keeps the cached copy and records "offline" when the server cannot be reached', async () => {
    const store = new RecordStore(new AlongsideDb(`sync-${dbn++}`), await ensureSessionSecrets());
    const s = fakeServer();
    const client = new FhirClient({ baseUrl: BASE, fetch: s.fetchImpl });
    await syncPatientRecord(store, client, 'p', { staleAfterMs: 0 });
    const before = await store.get(patientKey(BASE, 'p'));
    s.setDown(true);
    expect(await syncPatientRecord(store, client, 'p', { staleAfterMs: 0 })).toBe('offline');
    expect(await store.get(patientKey(BASE, 'p'))).toEqual(before);
    expect((await store.syncState(patientKey(BASE, 'p')))?.status).toBe('offline');
  });

  it('drops an answer nobody wants any more', async () => {
    const store = new RecordStore(new AlongsideDb(`sync-${dbn++}`), await ensureSessionSecrets());
    const client = new FhirClient({ baseUrl: BASE, fetch: fakeServer().fetchImpl });
    expect(await syncPatientRecord(store, client, 'p', { staleAfterMs: 0, stillWanted: () => false })).toBe('dropped');
    expect(await store.db.records.count()).toBe(0);
  });
});
