import { describe, expect, it } from 'vitest';
import { SNOMED } from './code-systems';
import { SIGNIFICANT_CONDITIONS, significantCondition, type SignificantConditionId } from './significant-conditions';
import { SOURCES } from './sources';

const coded = (code: string, display: string) => ({ coding: [{ system: SNOMED, code, display }] });

// One code per condition, from the list each condition cites (data/conditions.ts).
const BY_CODE: [SignificantConditionId, string, string][] = [
  ['adrenal-insufficiency', '363732003', "Addison's disease"],
  ['type-1-diabetes', '46635009', 'Diabetes mellitus type 1'],
  ['epilepsy', '84757009', 'Epilepsy'],
  ['organ-transplant', '719352000', 'Kidney transplant recipient'],
  ['bleeding-disorder', '64779008', 'Blood coagulation disorder'],
  ['heart-failure', '84114007', 'Heart failure'],
  ['advanced-kidney-disease', '431857002', 'CKD stage 4'],
  ['advanced-kidney-disease', '265764009', 'Renal dialysis'],
  ['dementia', '52448006', 'Dementia'],
  ['down-syndrome', '41040004', 'Complete trisomy 21 syndrome'],
  ['learning-disability', '110359009', 'Intellectual disability'],
  ['autism', '35919005', 'Autism spectrum disorder'],
  ['advanced-kidney-disease', '433146000', 'CKD stage 5'],
  ['pregnancy', '77386006', 'Pregnancy'],
  ['carer', '224484003', 'Patient themselves providing care'],
  ['parkinsons', '49049000', "Parkinson's disease"],
];

describe('significantCondition by code', () => {
  for (const [id, code, display] of BY_CODE) {
    it(`${display} (${code}) is ${id}`, () => expect(significantCondition(coded(code, display))).toMatchObject({ id, by: 'code' }));
  }
  it('a dm+d-spelled system is read as SNOMED too', () => {
    expect(significantCondition({ coding: [{ system: 'https://dmd.nhs.uk/', code: '46635009' }] })).toMatchObject({ id: 'type-1-diabetes', by: 'code' });
  });
});

describe('significantCondition by name, which it says', () => {
  const BY_NAME: [SignificantConditionId, string][] = [
    ['immunosuppression', 'Immunosuppressed - on chemotherapy'],
    ['carer', 'Is a carer for her mother'],
    ['carer', 'Has a carer'],
    ['organ-transplant', 'Liver transplant 2019'],
    ['advanced-kidney-disease', 'Chronic kidney disease stage 5'],
    ['adrenal-insufficiency', 'Secondary adrenal insufficiency'],
    ['bleeding-disorder', 'Haemophilia A'],
  ];
  for (const [id, text] of BY_NAME) {
    it(`"${text}" is ${id}`, () => expect(significantCondition({ text })).toMatchObject({ id, by: 'name' }));
  }
});

describe('ordinary and negated problems are not always-show', () => {
  for (const concept of [coded('195967001', 'Asthma'), { text: 'Essential hypertension' }, { text: 'No history of epilepsy' }, { text: 'Family history of dementia' }, { text: 'Not pregnant' }, undefined]) {
    it(`${JSON.stringify(concept)}`, () => expect(significantCondition(concept)).toBeUndefined());
  }
});

describe('every condition', () => {
  for (const c of SIGNIFICANT_CONDITIONS) {
    it(`${c.id} has a label, a reason and either codes from a cited source or a name fallback only`, () => {
      expect(c.label.length).toBeGreaterThan(3);
      expect(c.reason.length).toBeGreaterThan(20);
      for (const id of c.sources) expect(SOURCES[id]).toBeDefined();
      if (c.snomed.size > 0) expect(c.sources.length).toBeGreaterThan(0);
      for (const code of c.snomed) expect(code).toMatch(/^\d+$/);
    });
  }
});
