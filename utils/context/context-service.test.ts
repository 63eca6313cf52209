import 'fake-indexeddb/auto';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AlongsideDb } from '@/utils/storage/db';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { FhirClient } from '@/utils/fhir/client';
import { NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import { createContextService } from './context-service';
import { clearKnownIdentifiers, putKnownIdentifier } from './identifier-index';
import { forgetTabContextsInMemory, getTabContext, removeTabContext, tabContextsWritten } from './tab-contexts';
import type { Detection } from '@/utils/shared/detection';

const BASE = 'http://fhir.test/R4';

/** A FHIR server whose answers the test releases one by one, in any order. */
function controllableServer(patients: Record<string, Patient>) {
  const pending: { url: string; body?: string; release: () => void; fail: (e: Error) => void }[] = [];
  const respond = (url: string, body?: string): Response => {
    const json = (value: unknown) => new Response(JSON.stringify(value), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
    if (url.includes('Patient?identifier=')) {
      const value = decodeURIComponent(url.split('%7C')[1]?.split('&')[0] ?? '');
      const match = Object.values(patients).filter((p) => p.identifier?.some((i) => i.value === value));
      return json({ resourceType: 'Bundle', type: 'searchset', total: match.length, entry: match.map((resource) => ({ resource })) });
    }
    const batch = JSON.parse(body!) as Bundle;
    return json({
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: batch.entry!.map((e) => {
        const url = e.request!.url;
        if (url.startsWith('Patient/')) return { resource: patients[url.slice(8)], response: { status: '200 OK' } };
        if (url.startsWith('Patient?identifier=')) {
          const value = decodeURIComponent(url.split('%7C')[1]?.split('&')[0] ?? '');
          const match = Object.values(patients).filter((p) => p.identifier?.some((i) => i.value === value));
          return { resource: { resourceType: 'Bundle', type: 'searchset', total: match.length, entry: match.map((resource) => ({ resource })) }, response: { status: '200 OK' } };
        }
        return { resource: { resourceType: 'Bundle', type: 'searchset', entry: [] }, response: { status: '200 OK' } };
      }),
    });
  };
  const fetchImpl: typeof fetch = (input, init) =>
    new Promise((resolve, reject) => {
      const url = String(input);
      const body = init?.body as string | undefined;
      pending.push({ url, body, release: () => resolve(respond(url, body)), fail: reject });
    });
  return { fetchImpl, pending };
}

const patient = (id: string, nhs: string): Patient => ({
  resourceType: 'Patient',
  id,
  identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhs }],
  name: [{ family: 'Testpatient', given: ['Ada'] }],
  birthDate: '1950-03-12',
});
/** The page shows the patient's NHS number, name and date of birth (`shown` overrides them). */
const seen = (nhs: string, shown: { displayName?: string; birthDate?: string } = { displayName: 'TESTPATIENT, Ada', birthDate: '1950-03-12' }): Detection => ({
  kind: 'patient',
  patient: { readerId: 'test', source: 'test', confidence: 'high', identifier: { system: NHS_NUMBER_SYSTEM, value: nhs }, nhsNumber: nhs, ...shown },
});
const flush = () => new Promise((r) => setTimeout(r, 0));
/** Each page numbers its reports in order. */
let seqs = 0;
const nextSeq = () => ++seqs;
async function until(check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await flush();
  }
  throw new Error('condition never met');
}

describe('context service', () => {
  let store: RecordStore;
  let n = 0;
  beforeEach(async () => {
    fakeBrowser.reset();
    // A fresh browser: what the background remembers of its own writes goes too.
    await clearKnownIdentifiers();
    for (let tab = 1; tab <= 9; tab++) await removeTabContext(tab);
    store = new RecordStore(new AlongsideDb(`test-${n++}`), await ensureSessionSecrets());
  });

  function service(fetchImpl: typeof fetch) {
    let id = 0;
    return createContextService({
      getStore: () => Promise.resolve(store),
      getClient: () => Promise.resolve(new FhirClient({ baseUrl: BASE, fetch: fetchImpl })),
      getStaleAfterMs: () => Promise.resolve(60_000),
      newId: () => `ctx-${++id}`,
    });
  }

  it('resolves a detected patient by identifier and caches their record, in one request', async () => {
    const server = controllableServer({ a: patient('a', '9990000018') });
    const svc = service(server.fetchImpl);
    const done = svc.handleReport(1, { pageId: 'p1', seq: nextSeq(), href: 'http://epr/a', detection: seen('9990000018') });
    await until(() => server.pending.length === 1);
    // The lookup and the record's searches, chained on the identifier, in one batch.
    const asked = (JSON.parse(server.pending[0]!.body!) as Bundle).entry!.map((e) => e.request!.url);
    expect(asked[0]).toContain('Patient?identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9990000018');
    expect(asked[1]).toMatch(/^Flag\?subject:Patient\.identifier=https%3A%2F%2Ffhir\.nhs\.uk%2FId%2Fnhs-number%7C9990000018&status=active&_count=20&/);
    server.pending[0]!.release();
    await done;
    expect(server.pending).toHaveLength(1);
    const ctx = await getTabContext(1);
    expect(ctx?.resolution).toEqual({ status: 'found', patientKey: `${BASE}|a`, patientId: 'a', checked: { name: true, birthDate: true } });
    expect((await store.get(`${BASE}|a`))?.patient.id).toBe('a');
  });

  it('drops the late answers for a patient the clinician has left, whatever order they arrive in', async () => {
    const server = controllableServer({ a: patient('a', '9990000018'), b: patient('b', '9990000026') });
    const svc = service(server.fetchImpl);
    const first = svc.handleReport(1, { pageId: 'p1', seq: nextSeq(), href: 'http://epr/a', detection: seen('9990000018') });
    await until(() => server.pending.length === 1);
    const second = svc.handleReport(1, { pageId: 'p1', seq: nextSeq(), href: 'http://epr/b', detection: seen('9990000026') });
    await until(() => server.pending.length === 2);
    // B's answer comes first, then A's, late.
    server.pending[1]!.release();
    await second;
    server.pending[0]!.release();
    await first;
    const ctx = await getTabContext(1);
    expect(ctx?.contextId).toBe('ctx-2');
    expect(ctx?.resolution).toMatchObject({ status: 'found', patientId: 'b' });
    // A's answer came back after B was in view: nothing more was asked for A, and nothing of A written.
    expect(server.pending).toHaveLength(2);
    expect(await store.get(`${BASE}|a`)).toBeUndefined();
    expect((await store.get(`${BASE}|b`))?.patient.id).toBe('b');
  });

  it('clears the patient when the page the context came from closes, but not for another page', async () => {
    const server = controllableServer({});
    const svc = service(server.fetchImpl);
    await svc.handleReport(2, { pageId: 'p1', seq: nextSeq(), href: 'http://epr/', detection: { kind: 'none', reason: 'list' } });
    const pending = svc.handleReport(2, { pageId: 'p2', seq: nextSeq(), href: 'http://epr/a', detection: seen('9990000018') });
    await until(() => server.pending.length === 1);
    await svc.handlePageClosed(2, 'p1');
    expect((await getTabContext(2))?.detection.kind).toBe('patient');
    await svc.handlePageClosed(2, 'p2');
    expect((await getTabContext(2))?.detection).toEqual({ kind: 'none', reason: 'The EPR page was closed or left.' });
    server.pending[0]!.release();
    await pending;
    expect((await getTabContext(2))?.resolution.status).toBe('idle');
  });

  it('says not found, and offline, in words', async () => {
    const server = controllableServer({});
    const svc = service(server.fetchImpl);
    const p = svc.handleReport(3, { pageId: 'p', seq: nextSeq(), href: 'x', detection: seen('9990000018') });
    await until(() => server.pending.length === 1);
    server.pending[0]!.release();
    await p;
    expect((await getTabContext(3))?.resolution.status).toBe('not-found');

    const q = svc.handleReport(3, { pageId: 'p', seq: nextSeq(), href: 'y', detection: seen('9990000026') });
    await until(() => server.pending.length === 2);
    server.pending[1]!.fail(new TypeError('Failed to fetch'));
    await q;
    expect((await getTabContext(3))?.resolution).toMatchObject({ status: 'failed', offline: true });
  });

  it('verifyTab clears a tab whose page no longer answers', async () => {
    const svc = service(controllableServer({}).fetchImpl);
    await svc.handleReport(4, { pageId: 'p', seq: nextSeq(), href: 'x', detection: { kind: 'ambiguous', reason: 'two' } });
    await svc.verifyTab(4, () => Promise.reject(new Error('Receiving end does not exist')));
    expect((await getTabContext(4))?.detection.kind).toBe('none');
  });

  it('attack 10: a record naming someone else is marked a mismatch, and is never kept', async () => {
    const server = controllableServer({ a: patient('a', '9990000018') });
    const svc = service(server.fetchImpl);
    const done = svc.handleReport(5, { pageId: 'p', seq: nextSeq(), href: 'x', detection: seen('9990000018', { displayName: 'SMITH, John', birthDate: '1950-03-12' }) });
    await until(() => server.pending.length === 1);
    server.pending[0]!.release();
    await done;
    expect((await getTabContext(5))?.resolution).toEqual({ status: 'mismatch', mismatches: ['name'], eprSays: 'SMITH, John, born 1950-03-12', recordSays: 'Ada Testpatient, born 1950-03-12' });
    // One request (the lookup and the record together): nothing of it kept, so nothing watched or counted.
    expect(server.pending).toHaveLength(1);
    expect(await store.get(`${BASE}|a`)).toBeUndefined();
  });

  it('attack 10: a record that changes to name someone else on refresh is not kept, and the context becomes a mismatch', async () => {
    const server = controllableServer({ a: { ...patient('a', '9990000018'), id: 'a', name: [{ family: 'Other', given: ['Person'] }] } });
    const svc = service(server.fetchImpl);
    // Known from before (this session's index), so the Patient arrives only with the record.
    await putKnownIdentifier(`${BASE}|${NHS_NUMBER_SYSTEM}|9990000018`, { patientId: 'a', resolvedAt: Date.now() });
    const done = svc.handleReport(6, { pageId: 'p', seq: nextSeq(), href: 'x', detection: seen('9990000018') });
    await until(() => server.pending.length === 1);
    server.pending[0]!.release();
    await done;
    expect((await getTabContext(6))?.resolution).toMatchObject({ status: 'mismatch', mismatches: ['name'] });
    expect(await store.get(`${BASE}|a`)).toBeUndefined();
  });

  it('attack 1: an identifier without a name or date of birth beside it is no patient, and nothing is asked of the server', async () => {
    const server = controllableServer({ a: patient('a', '9990000018') });
    const svc = service(server.fetchImpl);
    await svc.handleReport(7, { pageId: 'p', seq: nextSeq(), href: 'x', detection: seen('9990000018', {}) });
    expect((await getTabContext(7))?.detection).toMatchObject({ kind: 'none', code: 'identity-unreadable' });
    expect(server.pending).toHaveLength(0);
  });

  it('a patient seen before is written found in one go, from the cache, and one already known to be someone else mismatched', async () => {
    const server = controllableServer({ a: patient('a', '9990000018') });
    const svc = service(server.fetchImpl);
    const first = svc.handleReport(8, { pageId: 'p', seq: nextSeq(), href: 'x', detection: seen('9990000018') });
    await until(() => server.pending.length === 1);
    server.pending[0]!.release();
    await first;
    // Only the writes of the reports below are counted.
    await tabContextsWritten();
    const writes: string[] = [];
    fakeBrowser.storage.onChanged.addListener((changes) => {
      const ctx = changes['tab:8']?.newValue as { resolution: { status: string } } | undefined;
      if (ctx) writes.push(ctx.resolution.status);
    });
    await svc.handleReport(8, { pageId: 'p', seq: nextSeq(), href: 'y', detection: { kind: 'none', reason: 'list' } });
    await svc.handleReport(8, { pageId: 'p', seq: nextSeq(), href: 'x', detection: seen('9990000018') });
    await svc.handleReport(8, { pageId: 'p', seq: nextSeq(), href: 'z', detection: seen('9990000018', { displayName: 'SMITH, John', birthDate: '1950-03-12' }) });
    await flush();
    expect(writes).toEqual(['idle', 'found', 'mismatch']);
    // The cached record was fresh: nothing asked of the server.
    expect(server.pending).toHaveLength(1);
  });
});

describe('the newest report wins (attack 2 of the second review)', () => {
  beforeEach(async () => {
    fakeBrowser.reset();
    forgetTabContextsInMemory();
    await clearKnownIdentifiers();
  });

  /** A record store whose reads of `slowKey` wait until released: a large cached record being opened. */
  function storeWithSlowRead(base: RecordStore, slowKey: string) {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const slow = Object.create(base) as RecordStore;
    slow.get = async (key: string) => {
      if (key === slowKey) await gate;
      return base.get(key);
    };
    return { store: slow, release: () => release() };
  }

  it('a report received before another is never applied after it, however long its lookup takes', async () => {
    const base = new RecordStore(new AlongsideDb(`newest-${Math.random()}`), await ensureSessionSecrets());
    const server = controllableServer({ y: patient('y', '9990000018'), x: patient('x', '9990000026') });
    // Y was seen before: its record is cached and its identifier known, so its report goes the cached way.
    const warm = createContextService({ getStore: () => Promise.resolve(base), getClient: () => Promise.resolve(new FhirClient({ baseUrl: BASE, fetch: server.fetchImpl })), getStaleAfterMs: () => Promise.resolve(60_000) });
    const first = warm.handleReport(9, { pageId: 'warm', seq: 1, href: 'http://epr/y', detection: seen('9990000018') });
    await until(() => server.pending.length === 1);
    server.pending[0]!.release();
    await first;
    expect((await getTabContext(9))?.resolution.status).toBe('found');

    // Now opening Y's cached record is slow; X's report comes one frame after Y's.
    const { store, release } = storeWithSlowRead(base, `${BASE}|y`);
    const svc = createContextService({ getStore: () => Promise.resolve(store), getClient: () => Promise.resolve(new FhirClient({ baseUrl: BASE, fetch: server.fetchImpl })), getStaleAfterMs: () => Promise.resolve(60_000) });
    const y = svc.handleReport(9, { pageId: 'p', seq: 1, href: 'http://epr/y', detection: seen('9990000018') });
    const x = svc.handleReport(9, { pageId: 'p', seq: 2, href: 'http://epr/x', detection: seen('9990000026') });
    await until(() => server.pending.length === 2);
    server.pending[1]!.release();
    await x;
    release();
    await y;
    const ctx = await getTabContext(9);
    expect(ctx?.detection.kind === 'patient' && ctx.detection.patient.nhsNumber).toBe('9990000026');
    expect(ctx?.resolution).toMatchObject({ status: 'found', patientId: 'x' });
  });

  it('an older report of the same page is never applied over a newer one, even received later', async () => {
    const svc = createContextService({ getStore: store, getClient: () => Promise.resolve(new FhirClient({ baseUrl: BASE, fetch: controllableServer({}).fetchImpl })), getStaleAfterMs: () => Promise.resolve(60_000) });
    await svc.handleReport(8, { pageId: 'p', seq: 5, href: 'http://epr/list', detection: { kind: 'none', reason: 'list' } });
    await svc.handleReport(8, { pageId: 'p', seq: 4, href: 'http://epr/a', detection: { kind: 'ambiguous', reason: 'two banners' } });
    expect((await getTabContext(8))?.detection).toEqual({ kind: 'none', reason: 'list' });
  });

  it('a page’s script stopping clears its tab at once; another page’s does not', async () => {
    const svc = createContextService({ getStore: store, getClient: () => Promise.resolve(new FhirClient({ baseUrl: BASE, fetch: controllableServer({}).fetchImpl })), getStaleAfterMs: () => Promise.resolve(60_000) });
    await svc.handleReport(7, { pageId: 'p', seq: 1, href: 'http://epr/a', detection: { kind: 'ambiguous', reason: 'two banners' } });
    await svc.handlePageStopped(7, 'another');
    expect((await getTabContext(7))?.detection.kind).toBe('ambiguous');
    await svc.handlePageStopped(7, 'p');
    expect((await getTabContext(7))?.detection).toMatchObject({ kind: 'none', code: 'left' });
  });
});

let stores = 0;
/** A fresh cache for a test that opens no record. */
const store = async () => new RecordStore(new AlongsideDb(`stores-${stores++}`), await ensureSessionSecrets());
