/**
 * Safeguarding by meaning, from the clinical situations: codes from the published lists
 * (public/vocabulary/safeguarding.json) on the resources that carry them.
 */
import type { CodeableConcept, Condition, Encounter, Flag } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SNOMED } from './code-systems';
import { safeguardingMeaning } from './safeguarding';

const NOW = new Date('2026-11-24T10:00:00Z');
const sct = (code: string, display?: string): CodeableConcept => ({ coding: [{ system: SNOMED, code, ...(display ? { display } : {}) }] });
const child = { birthDate: '2019-05-02' };
const adult = { birthDate: '1980-01-01' };

describe('a child protection plan', () => {
  it('recorded as a GP problem (Condition)', () => {
    const problem: Pick<Condition, 'code'> = { code: sct('342191000000101', 'Subject to child protection plan') };
    expect(safeguardingMeaning(problem.code, child, NOW)).toEqual({ kind: 'child-protection-plan', label: 'Child protection plan', concerns: 'child', by: 'code' });
  });
  it('as the national CP-IS flag: its category, or its SNOMED CT code', () => {
    const flag: Pick<Flag, 'code' | 'category'> = {
      category: [{ coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/PatientFlagCategory', code: 'CP-IS', display: 'Child Protection - Information Sharing Flag' }] }],
      code: sct('224353004', 'Child protection finding'),
    };
    expect(safeguardingMeaning([flag.code!, ...flag.category!])).toMatchObject({ kind: 'child-protection-plan', label: 'Child protection (CP-IS: plan, looked after or unborn)', by: 'code' });
    expect(safeguardingMeaning(flag.category![0])).toMatchObject({ kind: 'child-protection-plan', by: 'code' });
  });
  it('an unborn child protection plan is its own kind, not a plan for the patient', () => {
    expect(safeguardingMeaning(sct('818901000000100', 'Unborn child subject to child protection plan'))).toMatchObject({ kind: 'unborn-child-protection-plan' });
  });
  it('a family member on a plan is a family concern', () => expect(safeguardingMeaning(sct('375041000000100'))).toMatchObject({ kind: 'family', concerns: 'family' }));
  it('the plan outranks a concern on the same flag', () => {
    expect(safeguardingMeaning([sct('836881000000105', 'Child is cause for safeguarding concern'), sct('342191000000101')])?.kind).toBe('child-protection-plan');
  });
  it('an ended plan is not a plan', () => {
    expect(safeguardingMeaning(sct('342891000000105', 'No longer subject to child protection plan'))).toBeUndefined();
    expect(safeguardingMeaning(sct('160889005', 'Child removed from protection register'))).toBeUndefined();
  });
});

describe('looked after, in need, FGM, domestic abuse, MARAC, adults', () => {
  it('looked-after child', () => expect(safeguardingMeaning(sct('764841000000100'))).toMatchObject({ kind: 'looked-after', label: 'Looked-after child' }));
  it('child in need', () => expect(safeguardingMeaning(sct('135891007'))).toMatchObject({ kind: 'child-in-need' }));
  it('FGM', () => expect(safeguardingMeaning(sct('715477006', 'History of female genital mutilation'))).toMatchObject({ kind: 'fgm' }));
  it('domestic abuse', () => expect(safeguardingMeaning(sct('879911000000102', 'Victim of domestic abuse'))).toMatchObject({ kind: 'domestic-abuse' }));
  it('MARAC, as the Interweave flag', () => {
    const flag = { coding: [{ system: 'https://fhir.interweavedigital.nhs.uk/CodeSystem/Interweave-FlagType', code: 'MARAC' }] };
    expect(safeguardingMeaning(flag)).toEqual({ kind: 'marac', label: 'MARAC (high-risk domestic abuse)', concerns: 'adult', by: 'code' });
  });
  it('a vulnerable adult and DoLS are adult safeguarding', () => {
    expect(safeguardingMeaning(sct('417430008', 'Vulnerable adult'))).toMatchObject({ kind: 'adult', concerns: 'adult' });
    expect(safeguardingMeaning(sct('1064441000000104'))).toMatchObject({ kind: 'adult' });
  });
});

describe('"was not brought"', () => {
  const dna: Pick<Encounter, 'reasonCode'> = { reasonCode: [sct('281399006', 'Did not attend')] };
  it('"Child not brought to appointment" whatever the age', () => expect(safeguardingMeaning(sct('901441000000108'))).toMatchObject({ kind: 'was-not-brought' }));
  it('a did-not-attend for a child is a child not brought', () => expect(safeguardingMeaning(dna.reasonCode, child, NOW)).toMatchObject({ kind: 'was-not-brought', by: 'code' }));
  it('a did-not-attend for an adult, or with no age known, is not', () => {
    expect(safeguardingMeaning(dna.reasonCode, adult, NOW)).toBeUndefined();
    expect(safeguardingMeaning(dna.reasonCode)).toBeUndefined();
  });
});

describe('by name: only a published term, whole', () => {
  it('a local code whose display is a published term', () => {
    expect(safeguardingMeaning({ coding: [{ system: 'https://example.org/local', code: 'CPP', display: 'Subject to child protection plan' }] })).toMatchObject({ kind: 'child-protection-plan', by: 'name' });
  });
  it('text with the semantic tag', () => expect(safeguardingMeaning({ text: 'Looked after child (finding)' })).toMatchObject({ kind: 'looked-after', by: 'name' }));
  it('not a text that merely mentions the words', () => expect(safeguardingMeaning({ text: 'Discussed child protection plan with health visitor' })).toBeUndefined());
  it('nothing for an ordinary problem or no concept', () => {
    expect(safeguardingMeaning(sct('195967001', 'Asthma'))).toBeUndefined();
    expect(safeguardingMeaning(undefined)).toBeUndefined();
  });
});
