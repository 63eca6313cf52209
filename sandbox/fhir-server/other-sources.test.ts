/**
 * The sandbox's other sources, read by the extension's own code against the running server: the UK
 * Core-shaped patient's shared record, her GP Connect structured record (STU3, published shape) and her
 * national record pointer, merged into one record.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@medplum/fhirtypes';
import { AlongsideDb } from '../../utils/storage/db';
import { patientKey } from '../../utils/record/types';
import { RecordStore } from '../../utils/storage/record-store';
import { syncPatientRecord } from '../../utils/record/sync';
import { ensureSessionSecrets } from '../../utils/storage/session-crypto';
import { FhirClient } from '../../utils/fhir/client';
import { rankHighlights } from '../../utils/highlights/rank';
import { recordGaps } from '../../utils/highlights/record-gaps';
import { buildSandboxData } from '../seed';
import { UK_CORE_PATIENT_ID } from '../seed/uk-core-patient';
import { GP_CONNECT_PATH } from './gp-connect';
import { NATIONAL_RECORDS_PATH } from './national-records';
import { startFhirSandbox, type FhirSandbox } from './server';

const now = new Date();
const data = buildSandboxData({ now, syntheaDir: null });
const nadia = data.roster.find((p) => p.fhirId === UK_CORE_PATIENT_ID)!;
let fhir: FhirSandbox;
let origin: string;

beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: data.resources });
  origin = new URL(fhir.baseUrl).origin;
});
afterAll(() => fhir.close());

describe('sandbox GP Connect and national records endpoints', () => {
  it('answers $gpc.getstructuredrecord with an STU3 collection in the published shape, and 404 for an unknown NHS number', async () => {
    const post = (nhs: string) =>
      fetch(`${origin}${GP_CONNECT_PATH}/Patient/$gpc.getstructuredrecord`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/fhir+json' },
        body: JSON.stringify({ resourceType: 'Parameters', parameter: [{ name: 'patientNHSNumber', valueIdentifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs } }] }),
      });
    const res = await post(nadia.nhsNumber);
    expect(res.status).toBe(200);
    const bundle = (await res.json()) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const types = (bundle.entry ?? []).map((e) => e.resource!.resourceType);
    expect(new Set(types)).toEqual(new Set(['Patient', 'Organization', 'Practitioner', 'PractitionerRole', 'AllergyIntolerance', 'List', 'Medication', 'MedicationRequest', 'MedicationStatement']));
    const allergy = bundle.entry!.find((e) => e.resource!.resourceType === 'AllergyIntolerance')!.resource as unknown as { clinicalStatus: unknown };
    expect(allergy.clinicalStatus).toBe('active');
    expect((await post('9999999999')).status).toBe(404);
  });

  it('is read with the shared record into one record: merged lines name both sources, GP-only lines say "GP record"', async () => {
    const store = new RecordStore(new AlongsideDb('other-sources'), await ensureSessionSecrets());
    const client = new FhirClient({ baseUrl: fhir.baseUrl });
    const sources = { gpConnect: new FhirClient({ baseUrl: `${origin}${GP_CONNECT_PATH}` }), nationalRecords: new FhirClient({ baseUrl: `${origin}${NATIONAL_RECORDS_PATH}` }) };
    expect(await syncPatientRecord(store, client, UK_CORE_PATIENT_ID, { staleAfterMs: 0, sources })).toBe('fetched');
    const record = (await store.get(patientKey(fhir.baseUrl, UK_CORE_PATIENT_ID)))!;
    const ranked = rankHighlights(record.normalised!, record.resources, { now });
    const lines = ranked.firstScreen.map((l) => `${l.ruleId} | ${l.text} | ${l.source.sources?.join(' + ')}`);
    expect(lines).toEqual([
      // Filed under "diet", it is still a must-see alert: it is about an allergy.
      expect.stringMatching(/^alerts \| Patient has a severe peanut allergy \(since .+, Dr Helen Carter\)\. \| Shared record$/),
      expect.stringMatching(/^alerts \| Reasonable adjustment: Requires a British Sign Language interpreter \(since .+\)\. \| Shared record$/),
      expect.stringMatching(/^recent-urgent-care \| Emergency department attendance on .+: Fall with head injury \(Northshire General Hospital NHS Trust\)\. \| Shared record$/),
      'national-records | ReSPECT (Recommended Summary Plan for Emergency Care and Treatment) form exists (01-Jun-2026), held by Northshire Hospice: open it from the link. | National records',
      'allergies | Allergy: peanut (Anaphylaxis), high criticality. | Shared record + GP record',
      'allergies | Intolerance: Codeine (Nausea and vomiting). | Shared record + GP record',
      'high-risk-medicines | Takes Hydrocortisone 10mg tablets (Steroid dependence (adrenal crisis risk)): 10mg on waking, 5mg at 2pm; double both doses when unwell (sick-day rules). | Shared record + GP record',
      expect.stringMatching(/^significant-problems \| Addison's disease since 01-May-2009\. \| Shared record$/),
      // Addison's disease (since 2009) before the more recent, ordinary problems.
      expect.stringMatching(/^active-problems \| Cataract since .+\. \| Shared record$/),
      expect.stringMatching(/^active-problems \| Hearing loss since .+\. \| Shared record$/),
      expect.stringMatching(/^active-problems \| Osteopenia since .+\. \| Shared record$/),
      expect.stringMatching(/^active-problems \| Hypothyroidism since .+\. \| Shared record$/),
    ]);
    const all = ranked.all.map((l) => `${l.ruleId} | ${l.text} | ${l.source.sources?.join(' + ')}`);
    expect(all).toContain('current-medicines | Takes Levothyroxine sodium 100microgram tablets: One each morning. | Shared record + GP record');
    expect(all).toContain('current-medicines | Takes Alendronic acid 70mg tablets: One tablet once a week on Sunday, before breakfast. | GP record');
    expect(all.join('\n')).not.toMatch(/Latex|pneumonia|Lead professional/);
    expect(recordGaps(record.normalised!, record.incomplete)).toEqual([]);
  });
});
