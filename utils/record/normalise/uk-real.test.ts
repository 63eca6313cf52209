/**
 * Every published NHS example in ../shared/fixtures/uk-real/ (Personal Demographics Service Patients,
 * GP Connect Access Record: Structured bundles), read in place, through the real sync and normalisation,
 * with the exact banner and first-screen lines each produces. Skipped cleanly when the folder is absent.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { patientBanner } from '@/utils/highlights/patient-banner';
import { patientSummary } from './normalise-record';
import { syncedRecord } from '../../../testing/record/synced';

const DIR = path.resolve(import.meta.dirname, '../../../../shared/fixtures/uk-real');
const present = existsSync(DIR);
const NOW = new Date('2026-11-24T10:00:00');
const read = <T = Resource>(file: string) => JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as T;
const entries = (b: Bundle) => (b.entry ?? []).map((e) => e.resource!);

const NOT_RECORDED = 'allergies | Allergies not recorded: nothing is known either way. Ask before prescribing. | Shared record';
/** The PDS examples' patients have died (deceasedDateTime, and a formal death notice): no prescribing prompt. */
const NOT_RECORDED_DIED = 'allergies | Allergies not recorded: nothing is known either way. | Shared record';
const DIED = 'Died 22-Oct-2010';

/** What each PDS example must produce: the banner, and the first screen (an empty shared record beside it). */
const PDS: Record<string, { banner: Record<string, unknown>; lines: string[]; restricted?: boolean }> = {
  'Patient.json': {
    banner: { name: 'SMITH, Jane (Mrs)', born: '22-Oct-2010 (16y)', gender: 'Female', nhsNumber: '900 000 0009', nhsNumberStatus: 'Number present and verified', nhsNumberVerified: true, restricted: false, deceased: true, died: expect.stringMatching(DIED) },
    lines: [NOT_RECORDED_DIED],
  },
  'Patient-Jayne-Smyth.json': {
    banner: { name: 'SMYTH, Jayne (Mrs)', born: '22-Oct-2010 (16y)', gender: 'Female', nhsNumber: '900 000 0017', nhsNumberVerified: true, restricted: false, deceased: true, died: expect.stringMatching(DIED) },
    lines: [NOT_RECORDED_DIED],
  },
  'Minimal_Patient.json': {
    banner: { name: 'Not Known', born: 'Not Known', gender: 'Not Known', nhsNumber: '900 000 0033', nhsNumberStatus: 'Number present and verified', nhsNumberVerified: true, restricted: false, deceased: false },
    lines: [NOT_RECORDED],
  },
  'Sensitive_Patient.json': {
    banner: { name: 'SMYTHE, Janet (Mrs)', born: '22-Oct-2010 (16y)', gender: 'Female', nhsNumber: '900 000 0025', nhsNumberStatus: 'Number present and verified', nhsNumberVerified: true, restricted: true, deceased: true, died: 'Died 22-Oct-2010 (Formal - death notice received from Registrar of Deaths)' },
    lines: [NOT_RECORDED_DIED],
    restricted: true,
  },
  'PatientCompoundName.json': {
    banner: { name: 'SMITH, John Paul (Mr)', born: '22-Oct-2010 (16y)', gender: 'Male', nhsNumber: '900 000 0015', nhsNumberVerified: true, restricted: false, deceased: true, died: expect.stringMatching(DIED) },
    lines: [NOT_RECORDED_DIED],
  },
};

describe.skipIf(!present)('published PDS Patients (uk-real/pds)', () => {
  it('covers every PDS example file', () => {
    const files = readdirSync(path.join(DIR, 'pds')).filter((f) => f.endsWith('.json'));
    expect(files.filter((f) => !PDS[f] && f !== 'RelatedPersonBundle.json')).toEqual([]);
  });

  it.each(Object.keys(PDS))('%s: banner and first screen', async (file) => {
    const json = read(`pds/${file}`);
    const patient = (json.resourceType === 'Bundle' ? entries(json as Bundle).find((r) => r.resourceType === 'Patient') : json) as Patient;
    const s = await syncedRecord({ patient, now: NOW });
    expect(s.banner).toMatchObject(PDS[file]!.banner);
    expect(s.lines).toEqual(PDS[file]!.lines);
    expect(s.gaps).toEqual([]);
  });

  it('RelatedPersonBundle.json: a related person beside Patient.json is neither shown nor "could not be read"', async () => {
    const related = entries(read<Bundle>('pds/RelatedPersonBundle.json'));
    const s = await syncedRecord({ patient: read<Patient>('pds/Patient.json'), resources: related, lenient: true, now: NOW });
    expect(s.lines).toEqual([NOT_RECORDED_DIED]);
    expect(s.gaps).toEqual([]);
  });

  it('a restricted patient (confidentiality R) keeps no address or contacts in the cache', async () => {
    const compound = entries(read<Bundle>('pds/PatientCompoundName.json'))[0] as Patient;
    expect(compound.address?.length).toBeGreaterThan(0);
    const restricted: Patient = { ...compound, meta: { ...compound.meta, security: read<Patient>('pds/Sensitive_Patient.json').meta!.security } };
    const s = await syncedRecord({ patient: restricted, now: NOW });
    expect(s.banner.restricted).toBe(true);
    expect(s.record.patient.address).toBeUndefined();
    expect(s.record.patient.telecom).toBeUndefined();
    expect(s.record.patient.contact).toBeUndefined();
    expect(JSON.stringify(s.record)).not.toContain('Trevelyan Square');
    expect(JSON.stringify(s.record)).not.toContain('01632960587');
    // The unrestricted original keeps them: the guard, not the data, removes them.
    const open = await syncedRecord({ patient: compound, now: NOW });
    expect(JSON.stringify(open.record)).toContain('Trevelyan Square');
  });

  it('a restricted patient keeps no contact details from the GP record either, nor related persons', async () => {
    const sensitive = read<Patient>('pds/Sensitive_Patient.json');
    const restricted: Patient = { ...JANE, meta: { security: sensitive.meta!.security } };
    // The GP record carries the patient's address and phone, and here a related person too.
    const gp = read<Bundle>('gp-connect/allergies_response2.json');
    const related = entries(read<Bundle>('pds/RelatedPersonBundle.json')).map((r) => ({ ...r, patient: { reference: 'Patient/04603d77-1a4e-4d63-b246-d7504f8bd833' } }) as Resource);
    const s = await syncedRecord({ patient: restricted, gp: { ...gp, entry: [...gp.entry!, ...related.map((resource) => ({ resource }))] }, now: NOW });
    const kept = JSON.stringify(s.record);
    expect(kept).not.toContain('Cable Place');
    expect(kept).not.toContain('01454587554');
    expect(kept).not.toContain('RelatedPerson');
    // The practice names where the patient lives: withheld, and the line says so.
    expect(s.lines).toEqual(['allergies | No known allergies (recorded 07-May-2012, Miss Nichole Gilbert (General Medical Practitioner), [registered practice withheld: restricted record]). | GP record']);
    expect(kept).not.toMatch(/Trevelyan/);
  });
});

/** The shared record's UK Core Patient for the GP Connect examples' patient (NHS number 999 999 9999). */
const JANE: Patient = {
  resourceType: 'Patient',
  id: 'jane-jackson',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9999999999' }],
  name: [{ use: 'official', family: 'Jackson', given: ['Jane'], prefix: ['Miss'] }],
  gender: 'female',
  birthDate: '1952-05-31',
};

const GP: Record<string, { lines: string[]; gaps: string[] }> = {
  'allergies_response1.json': {
    lines: [
      'allergies | Allergy: Nut (Anaphalactic shock), high criticality (unconfirmed). | GP record',
      'allergies | Allergy: Amoxicillin 250mg capsules (O/E - itchy rash) (unconfirmed). | GP record',
      'allergies | Allergy: paracetemol (unconfirmed). | GP record',
    ],
    // The "Resolved Allergies" list names NHS number 1234567890, not this patient's: left out. The active
    // list names an allergy the bundle does not hold: counted as not read.
    gaps: ['1 item about another patient was sent and left out.', '1 item could not be read.'],
  },
  'allergies_response2.json': {
    lines: ['allergies | No known allergies (recorded 07-May-2012, Miss Nichole Gilbert (General Medical Practitioner), The Trevelyan Practice). | GP record'],
    gaps: [],
  },
  'allergies_response3.json': {
    // An empty list whose reason is "no content recorded" is not "no known allergies".
    lines: ['allergies | Allergies not recorded: nothing is known either way. Ask before prescribing. | GP record'],
    gaps: [],
  },
  'meds_response.json': {
    lines: [
      'allergies | Allergies not recorded: nothing is known either way. Ask before prescribing. | Shared record + GP record',
      // Two MedicationStatements and five MedicationRequests by medicationReference: one current medicine,
      // named from its Medication; the completed amoxicillin course and the issued prescriptions are not current.
      'current-medicines | Takes Aspirin 75mg dispersible tablets: TAKE ONE 3 TIMES/DAY. | GP record',
    ],
    gaps: [],
  },
};

describe.skipIf(!present)('published GP Connect structured records (uk-real/gp-connect, STU3)', () => {
  it('covers every GP Connect example file', () => {
    const files = readdirSync(path.join(DIR, 'gp-connect')).filter((f) => f.endsWith('.json'));
    expect(files.filter((f) => !GP[f])).toEqual([]);
  });

  it.each(Object.keys(GP))('%s, as the GP record beside a UK Core shared record: first screen and gaps', async (file) => {
    const s = await syncedRecord({ patient: JANE, gp: read<Bundle>(`gp-connect/${file}`), now: NOW });
    expect(s.lines).toEqual(GP[file]!.lines);
    expect(s.gaps).toEqual(GP[file]!.gaps);
    for (const l of s.ranked.firstScreen.filter((x) => x.source.sources?.includes('GP record') && x.source.sources.length === 1)) {
      expect(l.id).toMatch(/^gp:/);
      expect(l.source.organisation).toBe('The Trevelyan Practice');
    }
  });

  it.each(Object.keys(GP))('%s: the GP Connect Patient (STU3 CareConnect verification extension) reads as verified', (file) => {
    const patient = entries(read<Bundle>(`gp-connect/${file}`)).find((r) => r.resourceType === 'Patient') as Patient;
    expect(patientBanner(patientSummary(patient), NOW)).toMatchObject({
      name: 'JACKSON, Jane (Miss)', born: '31-May-1952 (74y)', gender: 'Female', nhsNumber: '999 999 9999', nhsNumberStatus: 'Number present and verified', nhsNumberVerified: true,
    });
  });

  it('never shows the resolved (contained) aspirin intolerance, nor "no known allergy" as an allergy', async () => {
    const s = await syncedRecord({ patient: JANE, gp: read<Bundle>('gp-connect/allergies_response1.json'), now: NOW });
    expect(s.ranked.all.map((l) => l.text).join('\n')).not.toMatch(/Aspirin|No known/i);
    const s2 = await syncedRecord({ patient: JANE, gp: read<Bundle>('gp-connect/allergies_response2.json'), now: NOW });
    expect(s2.record.normalised!.allergies.state).toBe('none-known');
    expect(s2.ranked.all.map((l) => l.text).join('\n')).not.toMatch(/Allerg(y|ic) to No known|Allergy: No known/i);
  });
});
