/**
 * Looking patients up by identifier and fetching their records in the same request (chained searches),
 * against the sandbox's real FHIR server, and what happens where a server will not chain.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { buildSandboxData } from '../../sandbox/seed';
import { NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import { FhirClient } from '@/utils/fhir/client';
import { fetchPatientRecord, fetchRecordsByIdentifiers } from './fetch';

const data = buildSandboxData({ syntheaDir: null });
let fhir: FhirSandbox;
beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: data.resources });
});
afterAll(() => fhir.close());

const nhs = (value: string) => ({ system: NHS_NUMBER_SYSTEM, value });
const kinds = (resources: { resourceType: string; id?: string }[]) => resources.map((r) => `${r.resourceType}/${r.id}`).sort();

describe('records by identifier, in one request', () => {
  it('finds each patient and brings the same record as reading it by id, in one batch', async () => {
    const client = new FhirClient({ baseUrl: fhir.baseUrl });
    const [a, b] = data.roster;
    fhir.resetRequestLog();
    const [first, second, nobody] = await fetchRecordsByIdentifiers(client, [nhs(a!.nhsNumber), nhs(b!.nhsNumber), nhs('9990009991')]);
    const asked = fhir.requestLog.filter((r) => !r.url.endsWith('/metadata'));
    expect(asked).toHaveLength(1);
    expect(first).toMatchObject({ kind: 'found', patient: { id: a!.fhirId } });
    expect(second).toMatchObject({ kind: 'found', patient: { id: b!.fhirId } });
    expect(nobody).toEqual({ kind: 'not-found' });
    const byId = await fetchPatientRecord(client, a!.fhirId);
    expect(first?.kind === 'found' && kinds(first.record!.resources)).toEqual(kinds(byId.resources));
    expect(first?.kind === 'found' && first.record!.otherPatients).toBe(0);
  });

  it('a server that refuses chained searches (strict handling) gives the patient, and leaves the record to be read by id', async () => {
    // In front of the sandbox: any search chained on Patient.identifier answers 400, as a strict server would.
    const refusing: typeof fetch = async (input, init) => {
      const body = init?.body ? (JSON.parse(init.body as string) as Bundle) : undefined;
      const res = await fetch(input, init);
      if (!body || body.type !== 'batch') return res;
      const answer = (await res.json()) as Bundle;
      answer.entry = answer.entry!.map((e, i) => (body.entry![i]!.request!.url.includes(':Patient.identifier=') ? { response: { status: '400 Bad Request' }, resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] } } : e));
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
    };
    const client = new FhirClient({ baseUrl: fhir.baseUrl, fetch: refusing });
    const [found] = await fetchRecordsByIdentifiers(client, [nhs(data.roster[0]!.nhsNumber)]);
    expect(found).toEqual({ kind: 'found', patient: expect.objectContaining({ id: data.roster[0]!.fhirId }) });
  });

  it('attack 5: a server that ignores the chained search (answering with everyone’s resources) gives no record from it', async () => {
    // In front of the sandbox: chained searches answered as if the parameter were not there.
    const ignoring: typeof fetch = async (input, init) => {
      const body = init?.body ? (JSON.parse(init.body as string) as Bundle) : undefined;
      if (!body || body.type !== 'batch') return fetch(input, init);
      const lenient = { ...body, entry: body.entry!.map((e) => ({ request: { ...e.request!, url: e.request!.url.replace(/(\w+):Patient\.identifier=[^&]*&?/, '') } })) };
      return fetch(input, { ...init, body: JSON.stringify(lenient) });
    };
    const client = new FhirClient({ baseUrl: fhir.baseUrl, fetch: ignoring });
    const [found] = await fetchRecordsByIdentifiers(client, [nhs(data.roster[0]!.nhsNumber)]);
    expect(found).toEqual({ kind: 'found', patient: expect.objectContaining({ id: data.roster[0]!.fhirId }) });
  });

  it('names the people, organisations and places a record refers to without a display in the same request', async () => {
    const client = new FhirClient({ baseUrl: fhir.baseUrl });
    const patients = data.roster.slice(0, 12);
    fhir.resetRequestLog();
    const found = await fetchRecordsByIdentifiers(client, patients.map((p) => nhs(p.nhsNumber)));
    expect(fhir.requestLog.filter((r) => !r.url.endsWith('/metadata'))).toHaveLength(1);
    const records = found.map((f) => (f.kind === 'found' ? f.record : undefined));
    const unnamed = records.flatMap((r) => unnamedReferences(r!.resources).filter((key) => !r!.names[key]));
    expect(records.flatMap((r) => unnamedReferences(r!.resources)).length).toBeGreaterThan(0);
    expect(unnamed).toEqual([]);
    expect(records.flatMap((r) => r!.unreadable)).toEqual([]);
  });

  it('a server that refuses those includes is asked again without them, and the names read in one more request', async () => {
    // In front of the sandbox: any search including a reference by target type answers 400.
    const refusing: typeof fetch = async (input, init) => {
      const body = init?.body ? (JSON.parse(init.body as string) as Bundle) : undefined;
      const res = await fetch(input, init);
      if (!body || body.type !== 'batch') return res;
      const answer = (await res.json()) as Bundle;
      answer.entry = answer.entry!.map((e, i) => (/_include=\w+:[\w-]+:\w+/.test(body.entry![i]!.request!.url) ? { response: { status: '400 Bad Request' }, resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] } } : e));
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/fhir+json' } });
    };
    const patient = data.roster.find((p) => unnamedReferences(data.resources.filter((r) => JSON.stringify(r).includes(`"Patient/${p.fhirId}"`))).length)!;
    fhir.resetRequestLog();
    const record = await fetchPatientRecord(new FhirClient({ baseUrl: fhir.baseUrl, fetch: refusing }), patient.fhirId);
    expect(record.incomplete).toEqual([]);
    expect(unnamedReferences(record.resources).filter((key) => !record.names[key])).toEqual([]);
    expect(fhir.requestLog.filter((r) => !r.url.endsWith('/metadata'))).toHaveLength(3);
  });
});

/** The Practitioners, Organizations and Locations a record's resources refer to with no display. */
function unnamedReferences(resources: readonly object[]): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (typeof o.reference === 'string' && !o.display && /^(Practitioner|Organization|Location)\/[^/]+$/.test(o.reference)) keys.add(o.reference);
    Object.values(o).forEach(walk);
  };
  resources.forEach(walk);
  return [...keys];
}
