import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, CapabilityStatement, Task } from '@medplum/fhirtypes';
import { recordSearches } from '../../utils/record/fetch';
import { buildSandboxData, demoPatient } from '../seed';
import { startFhirSandbox, type FhirSandbox } from './server';

const now = new Date();
const data = buildSandboxData({ now, syntheaDir: null });
let fhir: FhirSandbox;

beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: data.resources });
});
afterAll(async () => {
  await fhir.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${fhir.baseUrl}/${path}`, { headers });

describe('sandbox FHIR server', () => {
  it('serves a CapabilityStatement offering batch', async () => {
    const res = await get('metadata');
    const cs = (await res.json()) as CapabilityStatement;
    expect(cs.fhirVersion).toBe('4.0.1');
    expect(cs.rest?.[0]?.interaction?.map((i) => i.code)).toContain('batch');
    expect(cs.rest?.[0]?.resource?.map((r) => r.type)).toEqual(expect.arrayContaining(['Patient', 'Task', 'Flag', 'Appointment', 'CareTeam']));
  });

  it('finds a patient by NHS number and by an EPR-local identifier', async () => {
    const p = data.roster[0]!;
    for (const q of [`https://fhir.nhs.uk/Id/nhs-number|${p.nhsNumber}`, `https://alongside.test/id/openmrs-patient-uuid|${p.openmrsUuid}`]) {
      const bundle = (await (await get(`Patient?identifier=${encodeURIComponent(q)}`)).json()) as Bundle;
      expect(bundle.entry?.map((e) => e.resource?.id)).toEqual([p.fhirId]);
    }
  });

  it('answers a batch of every search the extension sends, with what the patient has', async () => {
    const david = demoPatient(data, 'david-hughes');
    const res = await fetch(fhir.baseUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: recordSearches(david.fhirId, now).map((s) => ({ request: { method: 'GET', url: s.url } })) }),
    });
    const bundle = (await res.json()) as Bundle;
    expect(bundle.type).toBe('batch-response');
    const counts = (mode: string) => bundle.entry!.map((e) => (e.resource?.resourceType === 'Bundle' ? (e.resource.entry?.filter((x) => x.search?.mode === mode).length ?? 0) : e.resource?.resourceType));
    // patient, alerts, allergies, problems, medicines, medicines taken, medicines stopped, medicines taken stopped,
    // problems resolved, encounters, results, appointments, care team, tasks, referrals, letters, clinical documents
    expect(counts('match')).toEqual(['Patient', 0, 1, 2, 2, 0, 0, 0, 1, 5, 2, 1, 1, 4, 0, 0, 0]);
    // With the people, organisations and places they name without a display, for one request to open.
    expect(counts('include')).toEqual(['Patient', 0, 1, 0, 1, 0, 0, 0, 0, 4, 0, 1, 3, 7, 0, 0, 0]);
    expect(bundle.entry![0]!.response?.etag).toMatch(/^W\/"/);
    // The request log names what the batch asked for, so tests can tell one patient's record fetch from another's.
    expect(fhir.requestLog.at(-1)).toMatchObject({ method: 'POST', status: 200, entries: recordSearches(david.fhirId, now).map((s) => `GET ${s.url}`) });
  });

  it('sends ETag and Last-Modified, answers a conditional read with 304, and allows the extension by CORS', async () => {
    const p = data.roster[1]!;
    const res = await get(`Patient/${p.fhirId}`, { Origin: 'chrome-extension://abc' });
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(new Date(res.headers.get('last-modified')!).getTime()).toBeGreaterThan(0);
    expect(res.headers.get('access-control-allow-origin')).toBe('chrome-extension://abc');
    expect((await get(`Patient/${p.fhirId}`, { 'If-None-Match': etag })).status).toBe(304);
    const preflight = await fetch(`${fhir.baseUrl}/Task/x`, { method: 'OPTIONS', headers: { Origin: 'chrome-extension://abc', 'Access-Control-Request-Method': 'PUT' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('If-Match');
  });

  it('injects faults: errors, and down', async () => {
    fhir.setFaults({ errorRate: 1 });
    expect((await get('Patient?_count=1')).status).toBe(503);
    fhir.setFaults({ down: true });
    await expect(get('metadata')).rejects.toThrow();
    fhir.setFaults({});
    expect((await get('metadata')).status).toBe(200);
    expect(fhir.requestLog.some((r) => r.status === 503)).toBe(true);
  });
});

describe('return visits against the sandbox', () => {
  it('a record untouched since the last sync costs one small request; a changed task comes back', async () => {
    const { FhirClient } = await import('../../utils/fhir/client');
    const { fetchRecordChanges, fetchPatientRecord } = await import('../../utils/record/fetch');
    const margaret = demoPatient(data, 'margaret-thompson');
    const client = new FhirClient({ baseUrl: fhir.baseUrl });
    const first = await fetchPatientRecord(client, margaret.fhirId);
    const since = new Date();
    await new Promise((r) => setTimeout(r, 20));
    fhir.resetRequestLog();
    const none = await fetchRecordChanges(client, margaret.fhirId, since);
    expect(none).toMatchObject({ patient: undefined, resources: [], incomplete: [] });
    expect(fhir.requestLog).toHaveLength(1);

    const task = first.resources.find((r): r is Task => r.resourceType === 'Task' && r.status === 'requested')!;
    await fhir.repo.updateResource<Task>({ ...task, status: 'completed' });
    const some = await fetchRecordChanges(client, margaret.fhirId, since);
    expect(some.resources.map((r) => `${r.resourceType}/${r.id}/${(r as { status?: string }).status ?? ''}`)).toEqual([
      `Task/${task.id}/completed`,
      // Who the task is for and from, included for their names.
      'Organization/org-riverside-surgery/',
      'Practitioner/pr-james-oconnor/',
    ]);
  });
});
