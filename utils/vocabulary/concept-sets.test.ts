import type { Encounter } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SNOMED } from './code-systems';
import { NATIONAL_RECORD_TYPES, NO_KNOWN_ALLERGY, isNoKnownAllergy, nationalRecordType, urgentCareKind } from './concept-sets';

describe('isNoKnownAllergy', () => {
  for (const [code, display] of Object.entries(NO_KNOWN_ALLERGY)) {
    it(`${display} (${code})`, () => expect(isNoKnownAllergy({ coding: [{ system: SNOMED, code, display }] })).toBe(true));
  }
  it('a real allergy is not "no known allergy"', () => {
    expect(isNoKnownAllergy({ coding: [{ system: SNOMED, code: '241933001', display: 'Peanut-induced anaphylaxis' }] })).toBe(false);
  });
  it('a "no known allergy" code under another system is not read as SNOMED', () => {
    expect(isNoKnownAllergy({ coding: [{ system: 'https://example.org/local', code: '716186003' }] })).toBe(false);
  });
  it('words alone are not enough', () => expect(isNoKnownAllergy({ text: 'No known allergies' })).toBe(false));
});

describe('nationalRecordType', () => {
  const EXPECTED: [string, string][] = [
    ['1382601000000107', 'respect-form'],
    ['861421000000109', 'end-of-life-care-coordination-summary'],
    ['736253002', 'mental-health-crisis-plan'],
    ['887701000000100', 'emergency-health-care-plan'],
    ['735324008', 'treatment-escalation-plan'],
  ];
  for (const [code, id] of EXPECTED) {
    it(`${code} is ${id}`, () => expect(nationalRecordType({ coding: [{ system: SNOMED, code }] })).toEqual({ id, label: NATIONAL_RECORD_TYPES[code]?.label }));
  }
  it('another document type is not', () => expect(nationalRecordType({ coding: [{ system: SNOMED, code: '371530004', display: 'Clinical consultation report' }] })).toBeUndefined());
});

describe('urgentCareKind', () => {
  const V3 = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
  const enc = (e: Partial<Encounter>): Encounter => ({ resourceType: 'Encounter', status: 'finished', class: { system: V3, code: 'AMB' }, ...e });
  it('class EMER is an emergency attendance', () => expect(urgentCareKind(enc({ class: { system: V3, code: 'EMER' } }))).toBe('emergency-attendance'));
  it("Synthea's emergency room admission type is an emergency attendance", () => {
    expect(urgentCareKind(enc({ class: { code: 'AMB' }, type: [{ coding: [{ system: SNOMED, code: '50849002', display: 'Emergency room admission (procedure)' }] }] }))).toBe('emergency-attendance');
  });
  it('an inpatient stay admitted from the emergency department is unplanned', () => {
    expect(urgentCareKind(enc({ class: { system: V3, code: 'IMP' }, hospitalization: { admitSource: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/admit-source', code: 'emd' }] } } }))).toBe('unplanned-admission');
  });
  it('an inpatient stay with emergency priority is unplanned', () => {
    expect(urgentCareKind(enc({ class: { system: V3, code: 'IMP' }, priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EM' }] } }))).toBe('unplanned-admission');
  });
  it('an elective admission is not urgent care', () => {
    expect(urgentCareKind(enc({ class: { system: V3, code: 'IMP' }, priority: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActPriority', code: 'EL' }] } }))).toBeUndefined();
  });
  it('a GP appointment is not urgent care', () => expect(urgentCareKind(enc({}))).toBeUndefined());
});
