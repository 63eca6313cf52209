/**
 * High-risk medicines, identified by code first (SNOMED CT / dm+d, and RxNorm for records from US
 * systems such as Synthea), with the name as a fallback that says so. The classes follow the NHS and
 * ISMP lists of high-alert medicines most often involved in serious harm.
 *
 * The code lists are examples for the sandbox's records, not a complete formulary: a trust extends them
 * (docs/highlight-rules.md).
 */
import type { CodeableConcept } from '@medplum/fhirtypes';

export type HighRiskClass = 'anticoagulant' | 'insulin' | 'opioid' | 'methotrexate';

const SNOMED = 'http://snomed.info/sct';
const DMD = 'https://dmd.nhs.uk';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

const BY_CODE: Record<HighRiskClass, Record<string, readonly string[]>> = {
  anticoagulant: {
    [SNOMED]: ['319740004', '319741000', '372756006', '1145423002', '698090000', '414462002'],
    [DMD]: ['319740004', '319741000'],
    [RXNORM]: ['855332', '855288', '855318', '1364430', '1114195', '1037045'],
  },
  insulin: {
    [SNOMED]: ['325072002', '411529005', '126212009'],
    [DMD]: ['3424311000001103', '3419211000001105'],
    [RXNORM]: ['106892', '865098', '311041', '847187', '1652644'],
  },
  opioid: {
    [SNOMED]: ['322503005', '373529000', '55452001', '387322000'],
    [DMD]: ['322503005', '36127011000001103'],
    [RXNORM]: ['1049221', '1049625', '1010600', '1728805', '856980', '1049635', '861467'],
  },
  methotrexate: {
    [SNOMED]: ['324102009', '387381009'],
    [DMD]: ['324102009'],
    [RXNORM]: ['105586', '1921591'],
  },
};

const BY_NAME: Record<HighRiskClass, RegExp> = {
  anticoagulant: /\b(warfarin|apixaban|rivaroxaban|edoxaban|dabigatran|heparin|enoxaparin|dalteparin|tinzaparin)\b/i,
  insulin: /\binsulin|humulin|humalog|novorapid|lantus|levemir\b/i,
  opioid: /\b(morphine|oxycodone|fentanyl|codeine|tramadol|buprenorphine|diamorphine|methadone|tapentadol|hydromorphone)\b/i,
  methotrexate: /\bmethotrexate\b/i,
};

export interface HighRiskMatch {
  riskClass: HighRiskClass;
  /** How it was recognised: by its code (which system), or by name only. */
  by: 'code' | 'name';
  system?: string;
}

/** Whether a medicine is high-risk, and how that was recognised. */
export function highRiskMedicine(medicine: CodeableConcept | undefined): HighRiskMatch | undefined {
  if (!medicine) return undefined;
  for (const riskClass of Object.keys(BY_CODE) as HighRiskClass[]) {
    for (const coding of medicine.coding ?? []) {
      if (coding.system && coding.code && BY_CODE[riskClass][coding.system]?.includes(coding.code)) return { riskClass, by: 'code', system: coding.system };
    }
  }
  const name = [medicine.text, ...(medicine.coding ?? []).map((c) => c.display)].filter(Boolean).join(' ');
  for (const riskClass of Object.keys(BY_NAME) as HighRiskClass[]) {
    if (BY_NAME[riskClass].test(name)) return { riskClass, by: 'name' };
  }
  return undefined;
}
