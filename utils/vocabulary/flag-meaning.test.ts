import type { Flag } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SNOMED } from './code-systems';
import { flagMeaning } from './flag-meaning';

const FLAG_CATEGORY = 'http://terminology.hl7.org/CodeSystem/flag-category';
const category = (code: string, display?: string) => [{ coding: [{ system: FLAG_CATEGORY, code, display }] }];
const snomedFlag = (code: string, display: string): Pick<Flag, 'code' | 'category'> => ({ code: { coding: [{ system: SNOMED, code, display }] } });

describe('flagMeaning by code', () => {
  it('child safeguarding', () => expect(flagMeaning(snomedFlag('704659007', 'At risk of child abuse'))).toEqual({ kind: 'safeguarding-child', label: 'Safeguarding (child)', mustSee: true, by: 'code' }));
  it('adult safeguarding', () => expect(flagMeaning(snomedFlag('225915006', 'At risk of abuse'))).toMatchObject({ kind: 'safeguarding-adult', mustSee: true, by: 'code' }));
  it('not for resuscitation', () => expect(flagMeaning(snomedFlag('304253006', 'Not for resuscitation'))).toMatchObject({ kind: 'resuscitation', mustSee: true, by: 'code' }));
  it('infection control', () => expect(flagMeaning(snomedFlag('734351004', 'Carbapenemase-producing Enterobacteriaceae'))).toMatchObject({ kind: 'infection-control', by: 'code' }));
  it('clinical risk: difficult intubation', () => expect(flagMeaning(snomedFlag('718447001', 'Difficult intubation'))).toMatchObject({ kind: 'clinical-risk', by: 'code' }));
  it('the NHS Reasonable Adjustment Flag (NRAF)', () => {
    expect(flagMeaning({ code: { coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/RA-FlagCategory', code: 'NRAF', display: 'National Reasonable Adjustments Flag' }] } }))
      .toMatchObject({ kind: 'reasonable-adjustment', mustSee: true, by: 'code' });
  });
  it('an RA adjustment category (001 Communication support)', () => {
    expect(flagMeaning({ category: [{ coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/RA-AdjustmentCategory', code: '001' }] }], code: { coding: [{ system: 'https://example.org/local', code: 'x' }] } }))
      .toMatchObject({ kind: 'reasonable-adjustment', by: 'code' });
  });
});

describe('flagMeaning by text and category', () => {
  it("UK Core's peanut allergy example, filed under diet, is must-see allergy", () => {
    expect(flagMeaning({ category: category('diet', 'Diet'), code: { text: 'Patient has a severe peanut allergy' } })).toMatchObject({ kind: 'clinical-risk', mustSee: true, by: 'text' });
  });
  it('DNACPR in words', () => expect(flagMeaning({ code: { text: 'DNACPR in place - see ReSPECT form' } })).toMatchObject({ kind: 'resuscitation', by: 'text' }));
  it('child protection plan', () => expect(flagMeaning({ code: { text: 'Child protection plan' } })).toMatchObject({ kind: 'safeguarding-child', by: 'text' }));
  it('vulnerable adult', () => expect(flagMeaning({ code: { text: 'Vulnerable adult - safeguarding referral made' } })).toMatchObject({ kind: 'safeguarding-adult', by: 'text' }));
  it('safeguarding, unspecified', () => expect(flagMeaning({ code: { text: 'Safeguarding concern' } })).toMatchObject({ kind: 'safeguarding', mustSee: true, by: 'text' }));
  it('reasonable adjustment in words', () => expect(flagMeaning({ code: { text: 'Needs a BSL interpreter' } })).toMatchObject({ kind: 'reasonable-adjustment', by: 'text' }));
  it('MRSA', () => expect(flagMeaning({ code: { text: 'MRSA positive - isolate' } })).toMatchObject({ kind: 'infection-control', by: 'text' }));
  it('an admin flag that says violence is a risk to staff', () => {
    expect(flagMeaning({ category: category('admin'), code: { text: 'Violent to staff: do not visit alone' } })).toMatchObject({ kind: 'risk-to-staff', mustSee: true, by: 'text' });
  });
  it('a behavioural flag with no telling words is a risk to staff by category', () => {
    expect(flagMeaning({ category: category('behavioral'), code: { text: 'See notes' } })).toMatchObject({ kind: 'risk-to-staff', by: 'category' });
  });
  it('an advance-directive category is resuscitation', () => expect(flagMeaning({ category: category('advance-directive'), code: { text: 'See notes' } })).toMatchObject({ kind: 'resuscitation', by: 'category' }));
});

describe('administrative and unknown', () => {
  it('an administrative flag is not must-see', () => {
    expect(flagMeaning({ category: category('admin', 'Administrative'), code: { text: 'Prefers to be known as Jim' } })).toEqual({ kind: 'administrative', label: 'Administrative', mustSee: false, by: 'category' });
  });
  it('administrative words alone are administrative', () => expect(flagMeaning({ code: { text: 'Do not disclose address' } })).toMatchObject({ kind: 'administrative', mustSee: false, by: 'text' }));
  it('a flag nothing recognises is a must-see Alert (fail safe)', () => {
    expect(flagMeaning({ code: { coding: [{ system: 'https://trust.example/alerts', code: 'BLUE' }], text: 'Blue alert' } })).toEqual({ kind: 'unknown', label: 'Alert', mustSee: true, by: 'unknown' });
  });
  it('an empty flag is a must-see Alert', () => expect(flagMeaning({ code: {} })).toMatchObject({ kind: 'unknown', mustSee: true }));
});
