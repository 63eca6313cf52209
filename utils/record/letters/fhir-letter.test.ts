import { describe, expect, it } from 'vitest';
import { readLetter } from './read-letter';

const SNOMED = 'http://snomed.info/sct';
const UK_CORE_HEADINGS = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings';
const STU3_CHANGE = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-MedicationChangeSummary-1';
const UK_CORE_CHANGE = 'https://fhir.nhs.uk/R4/StructureDefinition/Extension-UKCore-MedicationChangeSummary';

const div = (inner: string) => `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>`;
const row = (th: string, td: string) => `<tr><th>${th}</th><td>${td}</td></tr>`;
const table = (...rows: string[]) => `<table><tbody>${rows.join('')}</tbody></table>`;

function changeSummary(url: string, status: string, parts: Record<string, unknown> = {}) {
  return {
    url,
    extension: [{ url: 'status', valueCode: status }, ...Object.entries(parts).map(([part, value]) => ({ url: part, ...(value as object) }))],
  };
}

/** An ITK3 STU3 discharge summary as JSON, written for these tests. */
function stu3Bundle() {
  const statement = (id: string, medicine: string, extension: object[], extra: object = {}) => ({
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'MedicationStatement',
      id,
      extension,
      status: 'active',
      medicationReference: { reference: `urn:uuid:med-${id}` },
      dosage: [{ text: `${medicine} dose` }],
      ...extra,
    },
  });
  const medication = (id: string, display: string) => ({
    fullUrl: `urn:uuid:med-${id}`,
    resource: { resourceType: 'Medication', id: `med-${id}`, code: { coding: [{ system: SNOMED, code: '1', display }] } },
  });
  return {
    resourceType: 'Bundle',
    type: 'document',
    entry: [
      {
        fullUrl: 'urn:uuid:comp',
        resource: {
          resourceType: 'Composition',
          identifier: { system: 'https://tools.ietf.org/html/rfc4122', value: 'new-letter-uuid' },
          status: 'final',
          type: { coding: [{ system: SNOMED, code: '373942005', display: 'Discharge summary' }] },
          subject: { reference: 'urn:uuid:pat' },
          date: '2024-03-01T10:00:00+00:00',
          author: [{ reference: 'urn:uuid:role' }],
          title: 'Cardiology Discharge Summary',
          custodian: { reference: 'urn:uuid:custodian' },
          relatesTo: [{ code: 'replaces', targetIdentifier: { system: 'https://tools.ietf.org/html/rfc4122', value: 'old-letter-uuid' } }],
          section: [
            {
              title: 'Plan and requested actions',
              code: { coding: [{ system: SNOMED, code: '887201000000105', display: 'Plan and requested actions' }] },
              text: {
                status: 'additional',
                div: div(
                  table(
                    row('Actions for healthcare professionals', 'GP to check U&amp;E in 1 week. <p>Status: Requested</p><p>GP to review BP.</p><p>Status: Requested</p>'),
                    row('Actions for patient or their carer', 'Patient to weigh daily.'),
                  ),
                ),
              },
            },
            {
              title: 'Medications and medical devices',
              code: { coding: [{ system: SNOMED, code: '933361000000108' }] },
              text: { status: 'additional', div: div(table(row('Medication name', 'Clopidogrel'), row('Status', 'Added'))) },
              entry: [{ reference: 'urn:uuid:list' }],
            },
            {
              title: 'Hospital chaplaincy notes',
              code: { coding: [{ system: SNOMED, code: '999999999', display: 'Chaplaincy' }] },
              text: { status: 'additional', div: div('<p>Visited by the chaplain twice.</p>') },
            },
          ],
        },
      },
      {
        fullUrl: 'urn:uuid:pat',
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
          name: [{ use: 'official', family: 'Smith', given: ['Richard'], prefix: ['Mr'] }],
          birthDate: '1957-01-01',
        },
      },
      { fullUrl: 'urn:uuid:role', resource: { resourceType: 'PractitionerRole', organization: { reference: 'urn:uuid:trust' } } },
      { fullUrl: 'urn:uuid:trust', resource: { resourceType: 'Organization', name: 'Leeds Teaching Hospitals NHS Trust' } },
      { fullUrl: 'urn:uuid:custodian', resource: { resourceType: 'Organization', name: 'Custodian Trust' } },
      {
        fullUrl: 'urn:uuid:list',
        resource: { resourceType: 'List', entry: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ item: { reference: `urn:uuid:${id}` } })) },
      },
      statement('a', 'Clopidogrel', [changeSummary(STU3_CHANGE, 'Added', { indicationForChange: { valueCodeableConcept: { text: 'After stent' } } })]),
      statement('b', 'Ramipril', [changeSummary(STU3_CHANGE, 'Amended', { dateChanged: { valueDateTime: '2024-02-28' }, detailsOfAmendment: { valueString: 'Dose up to 5mg' } })]),
      statement('c', 'Warfarin', [changeSummary(STU3_CHANGE, 'On-hold')]),
      statement('d', 'Aspirin', [changeSummary(STU3_CHANGE, 'Continued')]),
      statement('e', 'Simvastatin', [], { status: 'stopped', effectiveDateTime: '2024-02-27' }),
      medication('a', 'Clopidogrel 75mg tablets'),
      medication('b', 'Ramipril 5mg capsules'),
      medication('c', 'Warfarin 1mg tablets'),
      medication('d', 'Aspirin 75mg tablets'),
      medication('e', 'Simvastatin 40mg tablets'),
    ],
  };
}

describe('readLetter: FHIR documents', () => {
  it('reads a JSON STU3 document bundle: metadata, actions, other requests, medicine changes', () => {
    const reading = readLetter({ format: 'fhir', content: JSON.stringify(stu3Bundle()) });
    expect(reading).toMatchObject({
      kind: 'fhir-document',
      documentType: 'Discharge summary',
      authorOrganisation: 'Leeds Teaching Hospitals NHS Trust',
      date: '2024-03-01T10:00:00+00:00',
      title: 'Cardiology Discharge Summary',
      identifier: 'new-letter-uuid',
      subject: { nhsNumber: '9434765919', name: 'Mr Richard Smith', birthDate: '1957-01-01', reference: 'urn:uuid:pat' },
      read: 'read',
      medicinesRead: 'read',
      problems: [],
    });
    expect(reading.actions.map((a) => [a.index, a.text, a.status])).toEqual([
      [0, 'GP to check U&E in 1 week.', 'Requested'],
      [1, 'GP to review BP.', 'Requested'],
    ]);
    expect(reading.otherRequests.map((r) => [r.kind, r.text])).toEqual([['patient-or-carer', 'Patient to weigh daily.']]);
    expect(reading.medicineChanges).toEqual([
      { change: 'added', medicine: 'Clopidogrel 75mg tablets', reason: 'After stent', dose: 'Clopidogrel dose' },
      { change: 'amended', medicine: 'Ramipril 5mg capsules', details: 'Dose up to 5mg', date: '2024-02-28', dose: 'Ramipril dose' },
      { change: 'on-hold', medicine: 'Warfarin 1mg tablets', dose: 'Warfarin dose' },
      { change: 'stopped', medicine: 'Simvastatin 40mg tablets', date: '2024-02-27', dose: 'Simvastatin dose' },
    ]);
  });

  it('passes the same document parsed (an object) as read from its text', () => {
    const bundle = stu3Bundle();
    expect(readLetter({ format: 'fhir', content: bundle })).toEqual(readLetter({ format: 'fhir', content: JSON.stringify(bundle) }));
  });

  it('keeps a section no rule knows as the letter\'s text', () => {
    const reading = readLetter({ format: 'fhir', content: stu3Bundle() });
    expect(reading.sections.find((s) => s.title === 'Hospital chaplaincy notes')).toEqual({
      key: 'unknown',
      title: 'Hospital chaplaincy notes',
      code: '999999999',
      paragraphs: ['Visited by the chaplain twice.'],
    });
  });

  it('says which earlier letter a replacement replaces (relatesTo replaces)', () => {
    const bundle = stu3Bundle();
    const composition = bundle.entry[0]!.resource as { relatesTo: object[] };
    composition.relatesTo.push({ code: 'appends', targetIdentifier: { value: 'not-replaced' } }, { code: 'replaces', targetReference: { reference: 'Composition/older' } });
    expect(readLetter({ format: 'fhir', content: bundle }).replaces).toEqual(['old-letter-uuid', 'Composition/older']);
  });

  it('reports a change status it does not know, and a change naming no medicine, rather than guess or drop them', () => {
    const bundle = stu3Bundle();
    const statements = bundle.entry.filter((e) => e.resource.resourceType === 'MedicationStatement');
    (statements[0]!.resource as { extension: object[] }).extension = [changeSummary(STU3_CHANGE, 'Swapped')];
    (statements[1]!.resource as { medicationReference?: object }).medicationReference = { reference: 'urn:uuid:nowhere' };
    const reading = readLetter({ format: 'fhir', content: bundle });
    expect(reading.medicineChanges.map((m) => m.medicine)).toEqual(['Warfarin 1mg tablets', 'Simvastatin 40mg tablets']);
    expect(reading.medicinesRead).toBe('partly-read');
    expect(reading.problems).toEqual([
      `A medicine's change is "Swapped", which is not read here: open the letter to see how it changed.`,
      'A medicine amended is not named here: open the letter to see which.',
    ]);
  });

  it('does not read a medicine statement entered in error', () => {
    const bundle = stu3Bundle();
    const added = bundle.entry.find((e) => e.fullUrl === 'urn:uuid:a')!.resource as { status: string };
    added.status = 'entered-in-error';
    const reading = readLetter({ format: 'fhir', content: bundle });
    expect(reading.medicineChanges.map((m) => m.change)).toEqual(['amended', 'on-hold', 'stopped']);
  });

  it('reports plan text it cannot tell is for professionals, and reads the rest', () => {
    const bundle = stu3Bundle();
    const plan = (bundle.entry[0]!.resource as { section: { text: { div: string } }[] }).section[0]!;
    plan.text.div = div(`<p>Stop warfarin.</p>${table(row('Actions for healthcare professionals', 'GP to review BP.'))}`);
    const reading = readLetter({ format: 'fhir', content: bundle });
    expect(reading.actions.map((a) => a.text)).toEqual(['GP to review BP.']);
    expect(reading.read).toBe('partly-read');
    expect(reading.problems).toEqual([
      'In "Plan and requested actions", the text under no heading does not say for whom it is: it is not read as actions here, open the letter.',
    ]);
    expect(reading.sections[0]!.paragraphs).toContain('Stop warfarin.');
  });

  it('reports medicine changes the narrative shows but the document does not code', () => {
    const bundle = stu3Bundle();
    const medications = (bundle.entry[0]!.resource as { section: { text: { div: string } }[] }).section[1]!;
    const statuses = ['Added', 'Amended', 'On-hold', 'Discontinued', 'Added', 'Continued'];
    medications.text.div = div(statuses.map((status) => table(row('Status', status))).join(''));
    const reading = readLetter({ format: 'fhir', content: bundle });
    expect(reading.medicinesRead).toBe('partly-read');
    expect(reading.problems).toEqual(["The letter's Medications section shows 5 medicine changes, 4 of them coded: open the letter to see them all."]);
  });

  it('says when the letter does not give its patient\'s NHS number, so the caller cannot match it', () => {
    const bundle = stu3Bundle();
    (bundle.entry[1]!.resource as { identifier: object[] }).identifier = [{ system: 'https://fhir.nhs.uk/Id/local-patient-identifier', value: 'TL1' }];
    const reading = readLetter({ format: 'fhir', content: bundle });
    expect(reading.subject).toEqual({ name: 'Mr Richard Smith', birthDate: '1957-01-01', reference: 'urn:uuid:pat' });
    expect(reading.problems).toEqual(["The letter does not give its patient's NHS number: check it is about this patient before acting on it."]);
  });

  it('refuses a Bundle that is not a document, and a resource that is not a letter', () => {
    expect(readLetter({ format: 'fhir', content: { ...stu3Bundle(), type: 'collection' } })).toMatchObject({ read: 'not-read', medicinesRead: 'not-read', actions: [] });
    expect(readLetter({ format: 'fhir', content: '{"resourceType":"Patient"}' }).problems).toEqual(['This is a FHIR Patient, not a letter: it is not read here, open it.']);
  });
});

describe('readLetter: UK Core R4 Composition (JSON) with string section codes', () => {
  const composition = {
    resourceType: 'Composition',
    identifier: { value: 'r4-letter' },
    status: 'final',
    type: { text: 'Outpatient letter' },
    subject: { reference: 'Patient/p1', identifier: { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '943 476 5919' }, display: 'Mrs Jane Jones' },
    date: '2025-06-01',
    author: [{ reference: 'Organization/o1', display: 'Northshire Hospital' }],
    title: 'Respiratory clinic letter',
    relatesTo: [{ code: 'replaces', targetReference: { reference: 'Composition/earlier' } }],
    contained: [
      {
        resourceType: 'MedicationStatement',
        id: 'ms1',
        extension: [changeSummary(UK_CORE_CHANGE, 'Added')],
        status: 'active',
        medicationCodeableConcept: { text: 'Salbutamol 100micrograms/dose inhaler' },
        dosage: [{ text: 'Two puffs when required' }],
      },
    ],
    section: [
      {
        title: 'Plan and requested actions',
        code: { coding: [{ system: UK_CORE_HEADINGS, code: 'plan-and-requested-actions' }] },
        text: { status: 'generated', div: div(table(row('Actions for healthcare professionals', 'Please refer for spirometry.'))) },
        section: [
          {
            title: 'Actions for patient or their carer',
            text: { status: 'generated', div: div('<p>Use the spacer.</p>') },
          },
        ],
      },
      {
        title: 'Advice',
        code: { coding: [{ system: UK_CORE_HEADINGS, code: 'information-and-advice-given' }] },
        text: { status: 'generated', div: div('<p>Inhaler technique shown.</p>') },
      },
      {
        title: 'Tests to book',
        code: { coding: [{ system: UK_CORE_HEADINGS, code: 'investigations-requested' }] },
        text: { status: 'generated', div: div('<ul><li>Chest X-ray</li><li>FBC</li></ul>') },
      },
      {
        title: 'Medicines',
        code: { coding: [{ system: UK_CORE_HEADINGS, code: 'medications-and-medical-devices' }] },
        text: { status: 'generated', div: div('<p>Salbutamol added.</p>') },
        entry: [{ reference: '#ms1' }, { reference: 'MedicationStatement/not-sent' }],
      },
    ],
  };

  it('identifies sections by their UK Core codes and reads requests and contained medicine changes', () => {
    const reading = readLetter({ format: 'fhir', content: JSON.stringify(composition) });
    expect(reading).toMatchObject({
      kind: 'composition',
      documentType: 'Outpatient letter',
      authorOrganisation: 'Northshire Hospital',
      identifier: 'r4-letter',
      subject: { nhsNumber: '9434765919', name: 'Mrs Jane Jones', reference: 'Patient/p1' },
      replaces: ['Composition/earlier'],
      read: 'read',
    });
    expect(reading.sections.map((s) => [s.key, s.code])).toEqual([
      ['plan-and-requested-actions', 'plan-and-requested-actions'],
      ['unknown', undefined],
      ['information-and-advice-given', 'information-and-advice-given'],
      ['investigations-requested', 'investigations-requested'],
      ['medications-and-medical-devices', 'medications-and-medical-devices'],
    ]);
    expect(reading.actions.map((a) => [a.heading, a.text])).toEqual([
      ['Actions for healthcare professionals', 'Please refer for spirometry.'],
      ['Tests to book', 'Chest X-ray'],
      ['Tests to book', 'FBC'],
    ]);
    expect(reading.otherRequests.map((r) => [r.kind, r.text])).toEqual([
      ['patient-or-carer', 'Use the spacer.'],
      ['information-and-advice', 'Inhaler technique shown.'],
    ]);
    expect(reading.medicineChanges).toEqual([{ change: 'added', medicine: 'Salbutamol 100micrograms/dose inhaler', dose: 'Two puffs when required' }]);
  });

  it('says when section entries are not included with a bare Composition', () => {
    const reading = readLetter({ format: 'fhir', content: composition });
    expect(reading.medicinesRead).toBe('partly-read');
    expect(reading.problems).toEqual(['1 of the 2 medicine entries this letter lists are not included with it: open the letter to see its medicines.']);
    const noneIncluded = { ...composition, contained: [] };
    expect(readLetter({ format: 'fhir', content: noneIncluded })).toMatchObject({ medicinesRead: 'not-read', medicineChanges: [] });
  });
});
