/**
 * Organisation names, SNOMED CT semantic tags and routine reviews, from the situations they serve.
 */
import { describe, expect, it } from 'vitest';
import { SNOMED } from './code-systems';
import { odsName, odsTrustOfSite } from './organisations';
import { isRoutineReview } from './routine-reviews';
import { withoutSemanticTag } from './semantic-tags';

describe('odsName', () => {
  it('the trusts the transfer-of-care fixtures name by code', () => {
    expect(odsName('RR8')).toBe('LEEDS TEACHING HOSPITALS NHS TRUST');
    expect(odsName('ry6')).toBe('LEEDS COMMUNITY HEALTHCARE NHS TRUST');
    expect(odsName(' RGD ')).toBe('LEEDS AND YORK PARTNERSHIP NHS FOUNDATION TRUST');
  });
  it('the real trust behind a code the sandbox reuses for an imaginary one', () => expect(odsName('RX1')).toBe('NOTTINGHAM UNIVERSITY HOSPITALS NHS TRUST'));
  it('nothing for a code outside the extract or an invented one', () => {
    for (const code of ['Y01234', 'A111111', 'GP123456', '', undefined]) expect(odsName(code)).toBeUndefined();
  });
});

describe('odsTrustOfSite', () => {
  it('a trust site outside the extract is known by its trust: RXN99 is a site of RXN', () => expect(odsTrustOfSite('rxn99')).toBe('LANCASHIRE TEACHING HOSPITALS NHS FOUNDATION TRUST'));
  it('nothing for a trust code itself, a GP practice code, or a site of a trust outside the extract', () => {
    for (const code of ['RXN', 'Y01234', 'A81001', 'RZZ01', '', undefined]) expect(odsTrustOfSite(code)).toBeUndefined();
  });
});

describe('withoutSemanticTag', () => {
  it('"Type 2 diabetes mellitus (disorder)" → "Type 2 diabetes mellitus"', () => expect(withoutSemanticTag('Type 2 diabetes mellitus (disorder)')).toBe('Type 2 diabetes mellitus'));
  it('every kind of tag: finding, substance, procedure, situation, observable entity, regime/therapy, product, medicinal product', () => {
    expect(withoutSemanticTag('Allergy to penicillin (finding)')).toBe('Allergy to penicillin');
    expect(withoutSemanticTag('Amoxicillin (substance)')).toBe('Amoxicillin');
    expect(withoutSemanticTag('Appendicectomy (procedure)')).toBe('Appendicectomy');
    expect(withoutSemanticTag('No known allergy (situation)')).toBe('No known allergy');
    expect(withoutSemanticTag('Serum potassium level (observable entity)')).toBe('Serum potassium level');
    expect(withoutSemanticTag('Repeat prescription - follow-up assessment (regime/therapy)')).toBe('Repeat prescription - follow-up assessment');
    expect(withoutSemanticTag('Warfarin (product)')).toBe('Warfarin');
    expect(withoutSemanticTag('Product containing warfarin (medicinal product)')).toBe('Product containing warfarin');
    expect(withoutSemanticTag('Transfer-degraded drug allergy (record artifact)')).toBe('Transfer-degraded drug allergy');
  });
  it('a bracket that is not a tag stays, and so does a tag that is not at the end', () => {
    expect(withoutSemanticTag('Vitamin B12 (cobalamin)')).toBe('Vitamin B12 (cobalamin)');
    expect(withoutSemanticTag('Lisinopril 10mg tablets (Sandoz Ltd)')).toBe('Lisinopril 10mg tablets (Sandoz Ltd)');
    expect(withoutSemanticTag('Asthma (disorder) review')).toBe('Asthma (disorder) review');
    expect(withoutSemanticTag('Diabetes')).toBe('Diabetes');
  });
  it('only one tag is taken off', () => expect(withoutSemanticTag('Something (finding) (finding)')).toBe('Something (finding)'));
});

describe('isRoutineReview', () => {
  const sct = (code: string, display: string) => ({ coding: [{ system: SNOMED, code, display }] });
  it('a medication review, a structured medication review, an asthma annual review, a COPD review', () => {
    for (const c of [sct('314530002', 'Medication review done'), sct('1239511000000100', 'Structured medication review'), sct('394700004', 'Asthma annual review'), sct('394703002', 'Chronic obstructive pulmonary disease annual review')]) {
      expect(isRoutineReview(c), c.coding[0]!.display).toBe(true);
    }
  });
  it('not an emergency attendance, a diagnosis, or a review in words only', () => {
    expect(isRoutineReview(sct('50849002', 'Emergency room admission'))).toBe(false);
    expect(isRoutineReview(sct('195967001', 'Asthma'))).toBe(false);
    expect(isRoutineReview({ text: 'Medication review' })).toBe(false);
  });
});
