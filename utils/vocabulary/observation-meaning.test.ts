/**
 * Observations that matter, from the clinical situations (public/vocabulary/observations.json).
 */
import type { Flag, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { SNOMED } from './code-systems';
import { latestResults, observationMeaning } from './observation-meaning';

const NOW = new Date('2026-11-24T10:00:00Z');
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const potassium = (value: number, unit = 'mmol/L'): Observation => ({
  resourceType: 'Observation', status: 'final', code: { coding: [{ system: SNOMED, code: '1000651000000109', display: 'Serum potassium level' }] },
  valueQuantity: { value, unit, system: UCUM, code: unit },
});

describe('potassium', () => {
  it('6.8 mmol/L is critically high (RCPath: at or above 6.5)', () => {
    expect(observationMeaning(potassium(6.8))).toEqual({ kind: 'critical-range', label: 'Potassium critically high', analyte: 'potassium', critical: { low: 2.5, high: 6.5, unit: 'mmol/L' } });
  });
  it('6.5 is critical (the limit is inclusive); 6.4 and 4.2 are routine; 2.5 is critically low', () => {
    expect(observationMeaning(potassium(6.5))?.kind).toBe('critical-range');
    expect(observationMeaning(potassium(6.4))).toMatchObject({ kind: 'routine-lab', label: 'Potassium', analyte: 'potassium' });
    expect(observationMeaning(potassium(4.2))?.kind).toBe('routine-lab');
    expect(observationMeaning(potassium(2.5))).toMatchObject({ kind: 'critical-range', label: 'Potassium critically low' });
  });
  it('a result in another unit is not judged against mmol/L limits', () => expect(observationMeaning(potassium(6.8, 'mg/dL'))?.kind).toBe('routine-lab'));
  it('by the LOINC code Synthea records use', () => {
    expect(observationMeaning({ code: { coding: [{ system: LOINC, code: '6298-4', display: 'Potassium' }] }, valueQuantity: { value: 7.1, unit: 'mmol/L' } })?.kind).toBe('critical-range');
  });
});

describe('sodium, eGFR, HbA1c', () => {
  const sodium = (value: number): Observation => ({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: SNOMED, code: '1000661000000107', display: 'Serum sodium level' }] }, valueQuantity: { value, unit: 'mmol/L' } });
  it('sodium 118 is critically low; 125 is critical under 16 only (limit 130)', () => {
    expect(observationMeaning(sodium(118))?.kind).toBe('critical-range');
    expect(observationMeaning(sodium(125), { birthDate: '1970-01-01' }, NOW)?.kind).toBe('routine-lab');
    expect(observationMeaning(sodium(125), { birthDate: '2015-01-01' }, NOW)).toMatchObject({ kind: 'critical-range', critical: { low: 130 } });
    expect(observationMeaning(sodium(161))).toMatchObject({ label: 'Sodium critically high' });
  });
  it('eGFR and HbA1c are results with no critical limit', () => {
    expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '1011481000000105' }] }, valueQuantity: { value: 12, unit: 'mL/min/1.73m2' } })).toEqual({ kind: 'routine-lab', label: 'eGFR', analyte: 'egfr' });
    expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '999791000000106' }] }, valueQuantity: { value: 120, unit: 'mmol/mol' } })).toEqual({ kind: 'routine-lab', label: 'HbA1c', analyte: 'hba1c' });
  });
  it('the most recent of each, skipping results entered in error', () => {
    const at = (o: Observation, effectiveDateTime: string, status: Observation['status'] = 'final'): Observation => ({ ...o, effectiveDateTime, status });
    const latest = latestResults([at(potassium(4.1), '2026-01-01'), at(potassium(6.9), '2026-03-01'), at(potassium(3.0), '2026-04-01', 'entered-in-error'), at(sodium(140), '2025-12-01')]);
    expect(latest.get('potassium')?.observation.valueQuantity?.value).toBe(6.9);
    expect(latest.get('potassium')?.meaning.kind).toBe('critical-range');
    expect(latest.get('sodium')?.observation.valueQuantity?.value).toBe(140);
    expect(latest.has('egfr')).toBe(false);
  });
});

describe('infection alerts', () => {
  it('a Flag with an MRSA code', () => {
    const flag: Pick<Flag, 'code'> = { code: { coding: [{ system: SNOMED, code: '266096002', display: 'Methicillin resistant Staphylococcus aureus infection' }] } };
    expect(observationMeaning(flag)).toEqual({ kind: 'alert-finding', label: 'MRSA', alert: 'mrsa' });
  });
  it('a culture that grew MRSA (the organism in the value), and MRSA bacteraemia by its valid id', () => {
    expect(observationMeaning({ code: { text: 'Wound swab culture' }, valueCodeableConcept: { coding: [{ system: SNOMED, code: '115329001', display: 'Methicillin resistant Staphylococcus aureus' }] } })).toMatchObject({ alert: 'mrsa' });
    expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '13790001000004101' }] } })).toMatchObject({ alert: 'mrsa' });
  });
  it('a culture that grew meticillin-susceptible S. aureus is no alert', () => {
    expect(observationMeaning({ code: { text: 'Wound swab culture' }, valueCodeableConcept: { coding: [{ system: SNOMED, code: '417943000', display: 'Methicillin susceptible Staphylococcus aureus' }] } })).toBeUndefined();
  });
  it('VRE, CPE (including the Yeovil alert code) and C. difficile', () => {
    expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '113727004' }] } })).toMatchObject({ alert: 'vre' });
    expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '712662001' }] } })).toMatchObject({ alert: 'cpe' });
    expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '734351004' }] } })).toMatchObject({ alert: 'cpe' });
    expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '186431008' }] } })).toMatchObject({ alert: 'c-difficile', label: 'C. difficile' });
  });
  it('a non-toxigenic C. difficile is not an alert', () => expect(observationMeaning({ code: { coding: [{ system: SNOMED, code: '736051005' }] } })).toBeUndefined());
});

describe('transfusion', () => {
  const screen = (interpretation?: string): Partial<Observation> => ({
    code: { coding: [{ system: LOINC, code: '890-4', display: 'Blood group antibody screen [Presence] in Serum or Plasma' }] },
    ...(interpretation ? { interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: interpretation }] }] } : {}),
  });
  it('a positive red cell antibody screen is an alert; a negative or unread one is a routine result', () => {
    expect(observationMeaning(screen('POS'))).toEqual({ kind: 'alert-finding', label: 'Red cell antibodies', alert: 'red-cell-antibodies' });
    expect(observationMeaning(screen('NEG'))?.kind).toBe('routine-lab');
    expect(observationMeaning(screen())?.kind).toBe('routine-lab');
  });
  it('irradiated and CMV-negative component requirements', () => {
    const requirement = (code: string) => ({ code: { text: 'Transfusion requirement' }, valueCodeableConcept: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0508', code }] } });
    expect(observationMeaning(requirement('IR'))).toEqual({ kind: 'alert-finding', label: 'Transfusion requirement: Irradiated', alert: 'transfusion-requirement' });
    expect(observationMeaning(requirement('CM'))?.label).toBe('Transfusion requirement: CMV Negative');
    expect(observationMeaning(requirement('LR'))).toBeUndefined();
  });
});

it('an ordinary observation means nothing here', () => {
  expect(observationMeaning({ code: { coding: [{ system: LOINC, code: '8867-4', display: 'Heart rate' }] }, valueQuantity: { value: 80 } })).toBeUndefined();
  expect(observationMeaning({})).toBeUndefined();
});
