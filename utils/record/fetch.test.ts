import type { Bundle } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirClient, FhirError } from '@/utils/fhir/client';
import { fetchPatientRecord, findPatientByIdentifier, recordSearches } from './fetch';

const BASE = 'https://shared-record.test/fhir/R4';
const json = (value: unknown, status = 200) => new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/fhir+json' } });

/** A server that answers the batch with given searchsets, and serves extra pages by URL. */
function server(searchsets: Record<string, Bundle>, pages: Record<string, Bundle> = {}) {
  const requests: { method: string; url: string; body?: Bundle }[] = [];
  const fetchImpl: typeof fetch = async (input, init) => {
    const url = String(input);
    const body = init?.body ? (JSON.parse(init.body as string) as Bundle) : undefined;
    requests.push({ method: init?.method ?? 'GET', url, body });
    if (pages[url]) return json(pages[url]);
    if (url === BASE && body?.type === 'batch') {
      return json({
        resourceType: 'Bundle',
        type: 'batch-response',
        entry: body.entry!.map((e) => {
          const u = e.request!.url;
          if (u.startsWith('Patient/')) return { resource: { resourceType: 'Patient', id: u.slice(8) }, response: { status: '200 OK' } };
          const type = u.split('?')[0]!;
          return searchsets[type]
            ? { resource: searchsets[type], response: { status: '200 OK' } }
            : { response: { status: '500 Internal Server Error' }, resource: { resourceType: 'OperationOutcome', issue: [] } };
        }),
      });
    }
    return json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: 'no such page' }] }, 404);
  };
  return { fetchImpl, requests };
}

const searchset = (entries: Bundle['entry'], next?: string): Bundle => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: entries,
  link: next ? [{ relation: 'next', url: next }] : undefined,
});

describe('fetchPatientRecord', () => {
  const allTypes = ['Flag', 'AllergyIntolerance', 'Condition', 'MedicationRequest', 'MedicationStatement', 'Encounter', 'Appointment', 'CareTeam', 'Task', 'ServiceRequest', 'Observation', 'DocumentReference', 'Composition'];

  it('asks for everything in one batch, with type-prefixed references and bounded counts', async () => {
    const s = server(Object.fromEntries(allTypes.map((t) => [t, searchset([])])));
    const record = await fetchPatientRecord(new FhirClient({ baseUrl: BASE, fetch: s.fetchImpl }), 'p1', new Date('2026-11-24T10:00:00Z'));
    expect(s.requests).toHaveLength(1);
    const urls = s.requests[0]!.body!.entry!.map((e) => e.request!.url);
    expect(urls[0]).toBe('Patient/p1');
    for (const url of urls.slice(1)) {
      expect(url).toMatch(/(subject|patient|actor)=Patient\/p1/);
      expect(url).toMatch(/_count=\d+/);
    }
    expect(record.patient.id).toBe('p1');
    expect(record.incomplete).toEqual([]);
  });

  it('follows next links where a server pages, and keeps included resources', async () => {
    const page2 = `${BASE}/Task?_page=2`;
    const page3 = `${BASE}/Task?_page=3`;
    const s = server(
      {
        ...Object.fromEntries(allTypes.map((t) => [t, searchset([])])),
        Task: searchset([{ resource: { resourceType: 'Task', id: 't1', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' } } }], page2),
      },
      {
        [page2]: searchset(
          [
            { resource: { resourceType: 'Task', id: 't2', status: 'requested', intent: 'order', for: { reference: 'Patient/p1' } } },
            { resource: { resourceType: 'Practitioner', id: 'pr1' }, search: { mode: 'include' } },
          ],
          page3,
        ),
        [page3]: searchset([{ resource: { resourceType: 'Task', id: 't3', status: 'accepted', intent: 'order', for: { reference: 'Patient/p1' } } }]),
      },
    );
    const record = await fetchPatientRecord(new FhirClient({ baseUrl: BASE, fetch: s.fetchImpl }), 'p1');
    expect(record.resources.map((r) => `${r.resourceType}/${r.id}`)).toEqual(['Task/t1', 'Task/t2', 'Practitioner/pr1', 'Task/t3']);
    expect(s.requests.map((r) => r.url)).toEqual([BASE, page2, page3]);
  });

  it('marks a search that failed as incomplete instead of hiding the rest', async () => {
    const s = server(Object.fromEntries(allTypes.filter((t) => t !== 'Flag').map((t) => [t, searchset([])])));
    const record = await fetchPatientRecord(new FhirClient({ baseUrl: BASE, fetch: s.fetchImpl }), 'p1');
    expect(record.incomplete).toEqual(['alerts']);
  });

  it('never follows a paging link off the server', async () => {
    const s = server({
      ...Object.fromEntries(allTypes.map((t) => [t, searchset([])])),
      Task: searchset([], 'https://elsewhere.test/steal?token'),
    });
    const record = await fetchPatientRecord(new FhirClient({ baseUrl: BASE, fetch: s.fetchImpl }), 'p1');
    expect(record.incomplete).toEqual(['tasks']);
    expect(s.requests).toHaveLength(1);
  });

  it('has a search for each kind of highlight', () => {
    const types = recordSearches('x', new Date()).map((s) => s.url.split(/[/?]/)[0]);
    expect([...new Set(types)].sort()).toEqual(['Patient', ...allTypes].sort());
    // The stops, resolutions, contacts and results are windows read on purpose, never gaps.
    expect(recordSearches('x', new Date()).filter((s) => s.window).map((s) => s.label)).toEqual(['medicines stopped', 'medicines taken stopped', 'problems resolved', 'encounters', 'results']);
  });
});

describe('findPatientByIdentifier', () => {
  const client = (bundle: Bundle | Error) =>
    new FhirClient({
      baseUrl: BASE,
      fetch: async () => {
        if (bundle instanceof Error) throw bundle;
        return json(bundle);
      },
    });

  const carrying = [{ system: 's', value: 'v' }];
  it('finds one patient, and treats two as ambiguous rather than picking one', async () => {
    const one = await findPatientByIdentifier(client(searchset([{ resource: { resourceType: 'Patient', id: 'a', identifier: carrying } }])), { system: 's', value: 'v' });
    expect(one).toMatchObject({ kind: 'found', patient: { id: 'a' } });
    const two = await findPatientByIdentifier(
      client(searchset([{ resource: { resourceType: 'Patient', id: 'a', identifier: carrying } }, { resource: { resourceType: 'Patient', id: 'b', identifier: carrying } }])),
      { system: 's', value: 'v' },
    );
    expect(two).toEqual({ kind: 'ambiguous', count: 2 });
    expect(await findPatientByIdentifier(client(searchset([])), { system: 's', value: 'v' })).toEqual({ kind: 'not-found' });
  });

  it('attack 5: a patient search the server ignored names nobody, however few it answers with', async () => {
    const err = await findPatientByIdentifier(client(searchset([{ resource: { resourceType: 'Patient', id: 'someone', identifier: [{ system: 's', value: 'other' }] } }])), { system: 's', value: 'v' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FhirError);
    expect((err as FhirError).message).toMatch(/does not carry this identifier/);
  });

  it('reports an unreachable server as offline', async () => {
    const err = await findPatientByIdentifier(client(new TypeError('Failed to fetch')), { system: 's', value: 'v' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FhirError);
    expect((err as FhirError).isOffline).toBe(true);
  });
});
