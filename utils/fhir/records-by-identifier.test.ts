/**
 * Looking patients up by identifier and fetching their records in the same request (chained searches),
 * against the sandbox's real FHIR server, and what happens where a server will not chain.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { buildSandboxData } from '../../sandbox/seed';
import { NHS_NUMBER_SYSTEM } from '../context/nhs-number';
import { FhirClient } from './client';
import { fetchPatientRecord, fetchRecordsByIdentifiers } from './patient-record';

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
});
