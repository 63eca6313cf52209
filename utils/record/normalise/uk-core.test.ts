/**
 * UK Core-shaped fixtures for what the published examples (uk-real.test.ts) do not cover: national record
 * pointers, Wales and word-coded NHS number verification, dm+d written three ways, every kind of flag,
 * R4 and STU3 statuses, Medication resolved by each route, references read by name once, what could not
 * be read, urgent care, and one line per fact. Each goes through the real sync and normalisation.
 */
import type { AllergyIntolerance, Bundle, Condition, DocumentReference, Flag, MedicationRequest, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { patientBanner } from '@/utils/highlights/patient-banner';
import { nhsNumberVerification } from '@/utils/record/guards/nhs-number-verification';
import { normaliseRecord, patientSummary } from './normalise-record';
import { syncedRecord } from '../../../testing/record/synced';
import { AlongsideDb } from '@/utils/storage/db';
import { patientKey } from '@/utils/record/types';
import { RecordStore } from '@/utils/storage/record-store';
import { syncPatientRecord } from '@/utils/record/sync';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { FhirClient } from '@/utils/fhir/client';
import { fakeSharedRecord } from '../../../testing/record/fake-servers';

const NOW = new Date('2026-11-24T10:00:00');
const SCT = 'http://snomed.info/sct';
const NHS = 'https://fhir.nhs.uk/Id/nhs-number';
const P = { reference: 'Patient/uk1' };
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

const verification = (system: string, code: string, display?: string) => ({
  url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
  valueCodeableConcept: { coding: [{ system, code, display }] },
});
const patient = (extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  id: 'uk1',
  identifier: [{ system: NHS, value: '9434765919', extension: [verification('https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland', '01', 'Number present and verified')] }],
  name: [{ use: 'official', family: 'Carter', given: ['Amira'], prefix: ['Ms'] }],
  gender: 'female',
  birthDate: '1978-04-02',
  ...extra,
});
const flag = (id: string, text: string, category?: { system: string; code: string; display?: string }, code?: { system: string; code: string }): Flag => ({
  resourceType: 'Flag', id, status: 'active', subject: P, code: { text, coding: code ? [code] : undefined }, category: category ? [{ coding: [category] }] : undefined, period: { start: '2026-01-10' },
});

describe('NHS number verification: every form, in the CUI wording; anything but verified is a warning', () => {
  const withStatus = (ext: object | undefined) => ({ identifier: [{ system: NHS, value: '9434765919', extension: ext ? [ext as never] : undefined }] });
  it.each([
    ['England code system', verification('https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland', '01'), 'Number present and verified', true],
    ['Wales code system', verification('https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusWales', '01', 'number present & traced'), 'Number present and verified', true],
    ['the retired system PDS still sends', verification('https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus', '01'), 'Number present and verified', true],
    ['a retired word code', verification('https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus', 'number-present-and-verified'), 'Number present and verified', true],
    [
      'STU3 CareConnect (not GP Connect)',
      { url: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1', valueCodeableConcept: { coding: [{ code: '02' }] } },
      'Number present but not traced',
      false,
    ],
    ['trace required', verification('https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland', '03'), 'Trace required', false],
    ['the Wales "nn" code', verification('https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusWales', 'nn'), 'Verification status nn (not verified)', false],
    ['no status at all', undefined, 'Verification status not known', false],
  ])('%s', (_name, ext, wording, verified) => {
    expect(nhsNumberVerification(withStatus(ext))).toMatchObject({ wording, verified });
  });

  it('the banner carries the wording and the warning', () => {
    const b = patientBanner(patientSummary(patient({ identifier: [{ system: NHS, value: '9434765919' }] })), NOW);
    expect(b).toMatchObject({ nhsNumber: '943 476 5919', nhsNumberStatus: 'Verification status not known', nhsNumberVerified: false });
  });
});

describe('statuses: R4 coded and STU3 strings; nothing entered in error, refuted, resolved or inactive is current', () => {
  const allergy = (id: string, clinical: unknown, verificationStatus: unknown, text = `Substance ${id}`): AllergyIntolerance =>
    ({ resourceType: 'AllergyIntolerance', id, patient: P, code: { text }, clinicalStatus: clinical, verificationStatus } as unknown as AllergyIntolerance);
  const r4 = (code: string) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code }] });
  const r4v = (code: string) => ({ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code }] });
  const cond = (id: string, clinical: unknown, verificationStatus?: unknown): Condition =>
    ({ resourceType: 'Condition', id, subject: P, code: { text: `Condition ${id}` }, clinicalStatus: clinical, verificationStatus } as unknown as Condition);

  it('keeps only what holds now, and says when a status could not be read', () => {
    const record = normaliseRecord({
      patient: patient(),
      now: NOW,
      parts: [
        {
          source: 'Shared record',
          resources: [
            allergy('a-active', r4('active'), r4v('confirmed')),
            allergy('a-eie', r4('active'), r4v('entered-in-error')),
            allergy('a-refuted', r4('active'), r4v('refuted')),
            allergy('a-resolved', r4('resolved'), r4v('confirmed')),
            allergy('a-inactive', r4('inactive'), undefined),
            allergy('a-stu3-active', 'active', 'unconfirmed'),
            allergy('a-stu3-resolved', 'resolved', 'confirmed'),
            allergy('a-stu3-eie', 'active', 'entered-in-error'),
            allergy('a-nostatus', undefined, undefined),
            cond('c-active', { coding: [{ code: 'active' }] }),
            cond('c-resolved', { coding: [{ code: 'resolved' }] }),
            cond('c-remission', 'remission'),
            cond('c-refuted', 'active', 'refuted'),
            cond('c-eie', { coding: [{ code: 'active' }] }, { coding: [{ code: 'entered-in-error' }] }),
            cond('c-odd', { coding: [{ code: 'someday' }] }),
          ],
        },
      ],
    });
    const allergies = record.allergies.state === 'listed' ? record.allergies.items : [];
    expect(allergies.map((a) => [a.id, a.currency, a.statusText])).toEqual([
      ['AllergyIntolerance/a-active', 'current', undefined],
      ['AllergyIntolerance/a-stu3-active', 'unconfirmed', 'unconfirmed'],
      ['AllergyIntolerance/a-nostatus', 'unknown', 'status not recorded'],
    ]);
    expect(record.problems.map((p) => [p.id, p.currency, p.statusText])).toEqual([
      ['Condition/c-active', 'current', undefined],
      ['Condition/c-odd', 'unknown', 'status "someday"'],
    ]);
  });

  it('shows an unknown status as such on the first screen, never as plainly current', async () => {
    const s = await syncedRecord({ patient: patient(), resources: [allergy('odd', undefined, undefined, 'Latex')], now: NOW });
    expect(s.lines).toContain('allergies | Allergy: Latex (status not recorded). | Shared record');
  });
});

describe('allergies: three states, clearly worded; a "no known" code is never an allergy', () => {
  const nka = (code: string, display: string): AllergyIntolerance => ({
    resourceType: 'AllergyIntolerance', id: `nka-${code}`, patient: P, clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: SCT, code, display }] }, recordedDate: '2024-03-01',
    recorder: { reference: 'Practitioner/dr-okafor' },
  });
  it.each([['716186003', 'No known allergy'], ['409137002', 'No known drug allergy']])('SNOMED %s is "No known allergies", with date and who recorded it', async (code, display) => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [nka(code, display), { resourceType: 'Practitioner', id: 'dr-okafor', name: [{ prefix: ['Dr'], given: ['Chidi'], family: 'Okafor' }] }],
      now: NOW,
    });
    expect(s.lines).toEqual(['allergies | No known allergies (recorded 01-Mar-2024, Dr Chidi Okafor). | Shared record']);
  });

  it('an allergy and an intolerance are worded as what they are, without doubled words', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        { resourceType: 'AllergyIntolerance', id: 'pen', patient: P, type: 'allergy', criticality: 'high', clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Allergy to penicillin' }, reaction: [{ manifestation: [{ text: 'Anaphylaxis' }] }] },
        { resourceType: 'AllergyIntolerance', id: 'cod', patient: P, type: 'intolerance', clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Codeine' }, reaction: [{ manifestation: [{ text: 'nausea' }] }] },
      ],
      now: NOW,
    });
    expect(s.lines).toEqual(['allergies | Allergy: penicillin (Anaphylaxis), high criticality. | Shared record', 'allergies | Intolerance: Codeine (nausea). | Shared record']);
  });

  it('a List with emptyReason "nilknown" is "No known allergies"', async () => {
    const s = await syncedRecord({
      patient: patient(),
      gp: {
        resourceType: 'Bundle', type: 'collection',
        entry: [
          { resource: { ...patient({ id: 'gp-pt' }) } },
          { resource: { resourceType: 'List', id: 'l', status: 'current', mode: 'snapshot', subject: { reference: 'Patient/gp-pt' }, code: { coding: [{ system: SCT, code: '886921000000105' }] }, emptyReason: { coding: [{ code: 'nilknown' }] }, date: '2025-06-01' } },
        ],
      },
      now: NOW,
    });
    expect(s.lines).toEqual(['allergies | No known allergies (recorded 01-Jun-2025). | GP record']);
  });
});

describe('flags by meaning, whatever their category', () => {
  const FLAG_CATEGORY = 'http://terminology.hl7.org/CodeSystem/flag-category';
  it('must-see kinds are alerts, ranked by what they mean; administrative flags are ordinary lines', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        flag('admin', 'Correspondence to go to temporary address until March', { system: FLAG_CATEGORY, code: 'admin' }),
        flag('peanut', 'Patient has a severe peanut allergy', { system: FLAG_CATEGORY, code: 'diet' }),
        flag('mrsa', 'MRSA positive: barrier nursing', { system: FLAG_CATEGORY, code: 'clinical' }),
        flag('violent', 'Violent towards staff: do not visit alone', { system: FLAG_CATEGORY, code: 'behavioral' }),
        flag('ra', 'Requires British Sign Language interpreter', { system: 'https://fhir.nhs.uk/CodeSystem/RA-FlagCategory', code: 'NRAF' }),
        flag('cp', 'Child protection plan', { system: FLAG_CATEGORY, code: 'safety' }),
        flag('dnacpr', 'DNACPR decision', { system: FLAG_CATEGORY, code: 'advance-directive' }),
        flag('adult', 'Adult at risk: domestic abuse', { system: FLAG_CATEGORY, code: 'safety' }),
        flag('unknown', 'See note 4', { system: FLAG_CATEGORY, code: 'admin' }, { system: SCT, code: '704659007' }),
      ],
      now: NOW,
    });
    const alerts = s.ranked.all.filter((l) => l.ruleId === 'alerts').map((l) => l.id);
    expect(alerts).toEqual(['Flag/dnacpr', 'Flag/cp', 'Flag/unknown', 'Flag/adult', 'Flag/violent', 'Flag/peanut', 'Flag/mrsa', 'Flag/ra']);
    expect(s.ranked.all.find((l) => l.id === 'Flag/admin')).toMatchObject({ ruleId: 'administrative-alerts', mustSee: false });
    const text = s.ranked.all.map((l) => l.text);
    expect(text).toContain('Resuscitation and treatment escalation: DNACPR decision (since 10-Jan-2026).');
    expect(text).toContain('Safeguarding (child): See note 4 (since 10-Jan-2026).');
    expect(text.join('\n')).not.toMatch(/Alert: Alert:/);
  });
});

describe('medicines: both resources, Medication resolved every way, dm+d written three ways, one line per medicine', () => {
  const XARELTO = '19841411000001101';
  const req = (id: string, med: Partial<MedicationRequest>, extra: Partial<MedicationRequest> = {}): MedicationRequest => ({
    resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: P, authoredOn: '2026-10-01', dosageInstruction: [{ text: 'One daily' }], ...med, ...extra,
  } as MedicationRequest);

  it.each([
    ['https://dmd.nhs.uk'],
    ['https://dmd.nhs.uk/'],
    [SCT],
  ])('Xarelto coded under %s is a high-risk anticoagulant, by its code', async (system) => {
    const s = await syncedRecord({ patient: patient(), resources: [req('x', { medicationCodeableConcept: { coding: [{ system, code: XARELTO, display: 'Xarelto 20mg tablets' }] } })], now: NOW });
    const line = s.ranked.firstScreen.find((l) => l.id === 'MedicationRequest/x')!;
    expect(line).toMatchObject({ ruleId: 'high-risk-medicines', text: 'Takes Xarelto 20mg tablets (Anticoagulant): One daily.' });
    expect(line.why).toContain(`by its code (${system})`);
  });

  it('resolves medicationReference: contained, included in the batch, and read by reference', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        req('contained', { medicationReference: { reference: '#m1' } }, { contained: [{ resourceType: 'Medication', id: 'm1', code: { coding: [{ system: SCT, code: '18509011000001102', display: 'Warfarin 1mg tablets' }] } }] }),
        req('fetched', { medicationReference: { reference: 'Medication/lith' } }),
        { resourceType: 'Medication', id: 'lith', code: { text: 'Priadel 400mg modified-release tablets' } },
        req('missing', { medicationReference: { reference: 'Medication/gone' } }),
      ],
      now: NOW,
    });
    expect(s.ranked.all.map((l) => `${l.ruleId} | ${l.text}`)).toEqual(
      expect.arrayContaining([
        'high-risk-medicines | Takes Warfarin 1mg tablets (Anticoagulant): One daily.',
        'high-risk-medicines | Takes Priadel 400mg modified-release tablets (Lithium): One daily.',
        'current-medicines | Takes an unnamed medicine (its details could not be read): One daily.',
      ]),
    );
    // The Medication not included by the search was read in the second batch, once.
    const reads = s.shared.requests.flatMap((r) => r.body?.entry?.map((e) => e.request!.url) ?? []);
    expect(reads).toContain('Medication/lith');
    expect(s.gaps).toContain('1 item could not be read.');
  });

  it('the same medicine from the GP record and the shared record is one line naming both sources', async () => {
    const gp: Bundle = {
      resourceType: 'Bundle', type: 'collection',
      entry: [
        { resource: patient({ id: 'gp-pt' }) },
        { resource: { resourceType: 'Organization', id: 'practice', name: 'Riverside Surgery' } },
        { resource: { ...patient({ id: 'gp-pt' }), resourceType: 'Patient', managingOrganization: { reference: 'Organization/practice' } } },
        { resource: { resourceType: 'Medication', id: 'gm', code: { coding: [{ system: 'https://dmd.nhs.uk/', code: XARELTO, display: 'Xarelto 20mg tablets' }] } } },
        { resource: { resourceType: 'MedicationStatement', id: 'gs', status: 'active', subject: { reference: 'Patient/gp-pt' }, medicationReference: { reference: 'Medication/gm' }, effectivePeriod: { start: '2026-09-01' }, dosage: [{ text: 'One daily' }] } as Resource },
      ],
    };
    const s = await syncedRecord({
      patient: patient(),
      resources: [req('hosp', { medicationCodeableConcept: { coding: [{ system: SCT, code: XARELTO, display: 'Rivaroxaban 20mg tablets (Xarelto)' }] } })],
      gp,
      now: NOW,
    });
    const lines = s.ranked.all.filter((l) => l.ruleId === 'high-risk-medicines');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.source.sources).toEqual(['Shared record', 'GP record']);
    expect(s.lines).toContain('high-risk-medicines | Takes Rivaroxaban 20mg tablets (Xarelto) (Anticoagulant): One daily. | Shared record + GP record');
  });

  it('stopped, completed and entered-in-error medicines are never current; MedicationStatement is read', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        req('stopped', { medicationCodeableConcept: { text: 'Warfarin 3mg tablets' } }, { status: 'stopped' }),
        req('eie', { medicationCodeableConcept: { text: 'Morphine 10mg/5ml oral solution' } }, { status: 'entered-in-error' }),
        { resourceType: 'MedicationStatement', id: 'ms', status: 'active', subject: P, medicationCodeableConcept: { text: 'Sertraline 50mg tablets' }, dosage: [{ text: 'One each morning' }] } as Resource,
        { resourceType: 'MedicationStatement', id: 'ms-done', status: 'completed', subject: P, medicationCodeableConcept: { text: 'Amoxicillin 500mg capsules' } } as Resource,
      ],
      now: NOW,
    });
    const all = s.ranked.all.map((l) => l.text).join('\n');
    expect(all).toContain('Takes Sertraline 50mg tablets: One each morning.');
    expect(all).not.toMatch(/Warfarin|Morphine|Amoxicillin/);
  });
});

describe('references without a display are read once, by name, and kept with the record', () => {
  it('names organisations, clinicians, roles and places, in one extra batch', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        { resourceType: 'Encounter', id: 'adm', status: 'in-progress', subject: P, class: { code: 'IMP' }, period: { start: daysAgo(2) }, serviceProvider: { reference: 'Organization/nsg' }, location: [{ location: { reference: 'Location/ward7' } }] },
        { resourceType: 'AllergyIntolerance', id: 'pen', patient: P, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Penicillin' }, recordedDate: '2020-01-01', recorder: { reference: 'PractitionerRole/role1' } },
        { resourceType: 'Organization', id: 'nsg', name: 'Northshire General Hospital' },
        { resourceType: 'Location', id: 'ward7', name: 'Ward 7 (Elderly care)' },
        { resourceType: 'PractitionerRole', id: 'role1', practitioner: { reference: 'Practitioner/pr1' }, code: [{ text: 'Consultant geriatrician' }] },
        { resourceType: 'Practitioner', id: 'pr1', name: [{ prefix: ['Dr'], given: ['Helen'], family: 'Carter' }] },
      ],
      now: NOW,
    });
    expect(s.lines[0]).toBe(`where-now | Admitted to Ward 7 (Elderly care) at Northshire General Hospital since ${daysAgo(2).slice(8, 10)}-Nov-2026. | Shared record`);
    expect(s.ranked.all.find((l) => l.id === 'AllergyIntolerance/pen')!.source.organisation).toBeUndefined();
    expect(s.record.names).toMatchObject({ 'Organization/nsg': 'Northshire General Hospital', 'Location/ward7': 'Ward 7 (Elderly care)', 'PractitionerRole/role1': 'Dr Helen Carter (Consultant geriatrician)' });
    // One batch for the references the record names, one for the practitioner its role names; no more.
    expect(s.shared.requests.map((r) => r.body?.entry?.map((e) => e.request!.url).sort())).toEqual([
      expect.any(Array),
      ['Location/ward7', 'Organization/nsg', 'PractitionerRole/role1'],
      ['Practitioner/pr1'],
    ]);
  });
});

describe('national record pointers (NRL-style endpoint)', () => {
  const pointer = (id: string, code: string, display: string, url: string, extra: Partial<DocumentReference> = {}): DocumentReference => ({
    resourceType: 'DocumentReference', id, status: 'current', subject: { identifier: { system: NHS, value: '9434765919' } },
    type: { coding: [{ system: SCT, code, display }] }, date: '2025-11-03T09:00:00Z', custodian: { identifier: { system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'RX1' }, display: 'Northshire Hospice' },
    content: [{ attachment: { contentType: 'application/pdf', url } }], ...extra,
  });

  it('are must-see lines saying what exists, when and from whom, with only an https link', async () => {
    const s = await syncedRecord({
      patient: patient(),
      nationalRecords: [
        pointer('respect', '1382601000000107', 'ReSPECT form', 'https://records.northshire.nhs.uk/respect/123'),
        pointer('eol', '861421000000109', 'End of life care coordination summary', 'javascript:alert(1)'),
        pointer('crisis', '736253002', 'Mental health crisis plan', 'http://insecure.example/plan'),
        pointer('other', '887701000000100', 'Emergency health care plan', 'https://x.example/y', { subject: { identifier: { system: NHS, value: '9999999999' } } }),
        pointer('old', '735324008', 'Treatment escalation plan', 'https://x.example/old', { status: 'superseded' }),
      ],
      now: NOW,
    });
    const lines = s.ranked.firstScreen.filter((l) => l.ruleId === 'national-records');
    expect(lines.map((l) => [l.text, l.link, l.mustSee])).toEqual([
      ['ReSPECT (Recommended Summary Plan for Emergency Care and Treatment) form exists (03-Nov-2025), held by Northshire Hospice: open it from the link.', 'https://records.northshire.nhs.uk/respect/123', true],
      ['End of life care coordination summary exists (03-Nov-2025), held by Northshire Hospice: no link to open it was given.', undefined, true],
      ['Mental health crisis plan exists (03-Nov-2025), held by Northshire Hospice: no link to open it was given.', undefined, true],
    ]);
    expect(lines[0]!.source.sources).toEqual(['National records']);
    expect(s.gaps).toEqual(['1 item about another patient was sent and left out.']);
  });
});

describe('recent urgent care', () => {
  const ed = (id: string, days: number, reason?: string): Resource => ({
    resourceType: 'Encounter', id, status: 'finished', subject: P, class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
    period: { start: daysAgo(days), end: daysAgo(days) }, reasonCode: reason ? [{ text: reason }] : undefined, serviceProvider: { display: 'Northshire General ED' },
  });

  it('an ED attendance in 30 days is a must-see line with its reason; older ones are not', async () => {
    const s = await syncedRecord({ patient: patient(), resources: [ed('recent', 9, 'Head injury'), ed('old', 45, 'Sprained ankle'), ed('noreason', 3)], now: NOW });
    expect(s.ranked.firstScreen.filter((l) => l.ruleId === 'recent-urgent-care').map((l) => l.text)).toEqual([
      `Emergency department attendance on ${new Date(daysAgo(3)).getDate()}-Nov-2026: reason not recorded (Northshire General ED).`.replace(/on (\d)-/, 'on 0$1-'),
      `Emergency department attendance on 15-Nov-2026: Head injury (Northshire General ED).`,
    ]);
  });

  it('goes straight after the alerts when a safeguarding alert is active', async () => {
    const s = await syncedRecord({
      patient: patient({ birthDate: '2019-02-01' }),
      resources: [
        ed('head', 9, 'Head injury'),
        flag('cp', 'Child protection plan'),
        { resourceType: 'AllergyIntolerance', id: 'pen', patient: P, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: 'Penicillin' }, criticality: 'high' },
        { resourceType: 'DocumentReference', id: 'x', status: 'current', subject: P, type: { text: 'Letter' }, content: [] },
      ],
      now: NOW,
    });
    expect(s.ranked.firstScreen.map((l) => l.ruleId).slice(0, 3)).toEqual(['alerts', 'recent-urgent-care', 'allergies']);
  });
});

describe('care teams: "lead professional" only where a record says so', () => {
  it('a team with a recorded lead has a lead line; a team without one is listed as a team', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        { resourceType: 'CareTeam', id: 'led', status: 'active', subject: P, participant: [{ role: [{ text: 'Lead professional' }, { text: 'District nurse' }], member: { display: 'Ms Rachel Evans' } }] },
        { resourceType: 'CareTeam', id: 'unled', status: 'active', subject: P, name: 'Memory service', participant: [{ role: [{ text: 'Psychiatrist' }], member: { display: 'Dr Ian Moss' } }, { member: { display: 'Ms Lena Park' } }] },
      ],
      now: NOW,
    });
    const byId = Object.fromEntries(s.ranked.all.map((l) => [l.id, `${l.ruleId} | ${l.text}`]));
    expect(byId['CareTeam/led']).toBe('lead-professional | Lead professional: Ms Rachel Evans (District nurse).');
    expect(byId['CareTeam/unled']).toBe('care-team | Memory service: Dr Ian Moss (Psychiatrist), Ms Lena Park.');
  });
});

describe('what could not be read is counted and shown', () => {
  it('a problem with no words, a medicine with no details, and a reference that does not resolve: "3 items could not be read"', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        { resourceType: 'Condition', id: 'codes-only', subject: P, clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: 'urn:oid:1.2.3', code: 'X99' }] } },
        { resourceType: 'MedicationRequest', id: 'blank', status: 'active', intent: 'order', subject: P, medicationReference: { reference: 'Medication/nowhere' } },
        { resourceType: 'Encounter', id: 'e', status: 'finished', subject: P, class: { code: 'AMB' }, period: { start: daysAgo(5) }, serviceProvider: { reference: 'Organization/unknown-org' } },
      ],
      now: NOW,
    });
    expect(s.gaps).toEqual(['3 items could not be read.']);
    expect(s.record.normalised!.unreadable.examples).toEqual([
      'a reference that could not be read (Organization/unknown-org)',
      'a problem with no description',
      'a medicine whose details could not be read (Medication/nowhere)',
    ]);
  });
});

describe('names read once, and kept with the record', () => {
  it('a return visit (changes only) does not read the same references again', async () => {
    const base = 'https://shared-record.test/fhir/R4';
    const shared = fakeSharedRecord(
      patient(),
      [
        { resourceType: 'Encounter', id: 'e', status: 'finished', subject: P, class: { code: 'AMB' }, period: { start: daysAgo(3) }, serviceProvider: { reference: 'Organization/nsg' } },
        { resourceType: 'Organization', id: 'nsg', name: 'Northshire General Hospital' },
      ],
      { baseUrl: base },
    );
    const store = new RecordStore(new AlongsideDb('names-once'), await ensureSessionSecrets());
    const client = new FhirClient({ baseUrl: base, fetch: shared.fetch });
    let t = NOW.getTime();
    const opts = { staleAfterMs: 0, now: () => t, sources: {} };
    expect(await syncPatientRecord(store, client, 'uk1', opts)).toBe('fetched');
    const reads = () => shared.requests.flatMap((r) => r.body?.entry?.map((e) => e.request!.url) ?? []).filter((u) => u === 'Organization/nsg');
    expect(reads()).toHaveLength(1);
    t += 60_000;
    expect(await syncPatientRecord(store, client, 'uk1', opts)).toBe('changes');
    expect(reads()).toHaveLength(1);
    const record = (await store.get(patientKey(base, 'uk1')))!;
    expect(record.normalised!.encounters[0]!.origin.organisation).toBe('Northshire General Hospital');
  });
});

describe('codes without words, and words without end', () => {
  it('a medicine known only by a code is counted as not read, and still classed by its code', async () => {
    const s = await syncedRecord({
      patient: patient(),
      resources: [
        { resourceType: 'MedicationRequest', id: 'coded', status: 'active', intent: 'order', subject: P, medicationCodeableConcept: { coding: [{ system: 'https://dmd.nhs.uk', code: '18509011000001102' }] } },
        { resourceType: 'MedicationRequest', id: 'local', status: 'active', intent: 'order', subject: P, medicationCodeableConcept: { coding: [{ system: 'urn:oid:1.2.826.0.1285.0.2.0.65', code: 'X1' }] } },
      ],
      now: NOW,
    });
    expect(s.ranked.all.map((l) => `${l.ruleId} | ${l.text}`)).toEqual(
      expect.arrayContaining(['high-risk-medicines | Takes a medicine coded 18509011000001102 (no name given) (Anticoagulant).', 'current-medicines | Takes a medicine coded X1 (no name given).']),
    );
    expect(s.gaps).toEqual(['2 items could not be read.']);
  });

  it('an essay in a problem’s name is cut to a line', async () => {
    const s = await syncedRecord({ patient: patient(), resources: [{ resourceType: 'Condition', id: 'long', subject: P, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: `Asthma ${'x'.repeat(5_000)}` } }], now: NOW });
    const problem = s.record.normalised!.problems[0]!;
    expect(problem.text.length).toBe(400);
    expect(problem.text.endsWith('…')).toBe(true);
  });
});
