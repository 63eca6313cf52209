/**
 * Mr Hale's letters on the sandbox's FHIR server, fetched and read by the real sync (in-process reader):
 * what the demo and the end-to-end test rely on.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirSandbox, type FhirSandbox } from '../fhir-server/server';
import { buildSandboxData } from './index';
import { letterPdfBinary, LETTERS_EXPECTED, LETTERS_PATIENT_ID } from './letters';
import { FhirClient } from '../../utils/fhir/client';
import { AlongsideDb } from '../../utils/storage/db';
import { RecordStore } from '../../utils/storage/record-store';
import { ensureSessionSecrets } from '../../utils/storage/session-crypto';
import { syncPatientRecord } from '../../utils/record/sync';
import { patientKey, type PatientRecord } from '../../utils/record/types';
import { inProcessLetterReader } from '../../testing/record/letter-reader';

const now = new Date();
let fhir: FhirSandbox;
let record: PatientRecord;
let reader: ReturnType<typeof inProcessLetterReader>;

beforeAll(async () => {
  const data = buildSandboxData({ now, syntheaDir: null });
  fhir = await startFhirSandbox({ port: 0, resources: [...data.resources, await letterPdfBinary(now)] });
  const store = new RecordStore(new AlongsideDb('sandbox-letters'), await ensureSessionSecrets());
  const client = new FhirClient({ baseUrl: fhir.baseUrl });
  reader = inProcessLetterReader();
  fhir.resetRequestLog();
  expect(await syncPatientRecord(store, client, LETTERS_PATIENT_ID, { staleAfterMs: 0, sources: {}, letters: reader })).toBe('fetched');
  record = (await store.get(patientKey(fhir.baseUrl, LETTERS_PATIENT_ID)))!;
}, 60_000);
afterAll(() => fhir?.close());

describe("Mr Hale's letters, read from the sandbox", () => {
  it('fetches them in the record batch, plus one request for the PDF held at a Binary', () => {
    const log = fhir.requestLog.map((r) => `${r.method} ${r.url.replace(/^\/fhir\/R4/, '')}`);
    // The record's one batch (its _includes bring every name: no names batch), and the PDF.
    expect(log.filter((l) => l.startsWith('POST'))).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('GET'))).toEqual([`GET /Binary/bin-edward-hale-diabetes-letter`]);
  });

  it('reads every letter, drops the one about someone else, and marks the replaced one', () => {
    const byId = Object.fromEntries((record.letters ?? []).map((l) => [l.id, l]));
    expect(Object.keys(byId).sort()).toEqual([
      'Composition/comp-edward-hale-cardiology',
      'DocumentReference/dr-edward-hale-diabetes-pdf',
      'DocumentReference/dr-edward-hale-discharge-1',
      'DocumentReference/dr-edward-hale-discharge-2',
      'DocumentReference/dr-edward-hale-old-clinic',
    ]);
    expect(record.notes?.otherPatients).toBe(2);
    expect(byId['DocumentReference/dr-edward-hale-discharge-1']!.replacedBy).toBe('DocumentReference/dr-edward-hale-discharge-2');
    expect(byId['DocumentReference/dr-edward-hale-discharge-2']!.reading?.actions.map((a) => a.text)).toEqual(LETTERS_EXPECTED.dischargeActions);
    expect(byId['DocumentReference/dr-edward-hale-discharge-2']).toMatchObject({ documentType: 'Discharge summary', authorOrganisation: 'Northshire General Hospital NHS Trust' });
    expect(byId['DocumentReference/dr-edward-hale-discharge-2']!.medicineChanges.map(({ change, medicine }) => ({ change, medicine }))).toEqual(LETTERS_EXPECTED.medicineChanges);
    expect(byId['Composition/comp-edward-hale-cardiology']!.reading?.actions.map((a) => a.text)).toEqual([LETTERS_EXPECTED.clinicAction]);
    expect(byId['Composition/comp-edward-hale-cardiology']!.reading?.problems).toEqual([]);
    expect(byId['DocumentReference/dr-edward-hale-diabetes-pdf']!.reading?.actions.map((a) => a.text)).toEqual(LETTERS_EXPECTED.pdfActions);
    expect(byId['DocumentReference/dr-edward-hale-old-clinic']!.reading?.actions.map((a) => a.text)).toEqual([LETTERS_EXPECTED.oldAction]);
    expect(JSON.stringify(record)).not.toContain(LETTERS_EXPECTED.misfiledAction);
  });

  it('keeps no letter among the resources the panel draws (they would be read as national record pointers)', () => {
    expect(record.resources.filter((r) => r.resourceType === 'DocumentReference' || r.resourceType === 'Composition')).toEqual([]);
  });
});
