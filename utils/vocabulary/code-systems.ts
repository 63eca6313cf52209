/**
 * The code systems the code lists are keyed on, and reading codes and words out of a CodeableConcept.
 *
 * A dm+d concept id is a SNOMED CT identifier (dm+d is the UK drug extension of SNOMED CT), so a code
 * under `https://dmd.nhs.uk`, `https://dmd.nhs.uk/` (trailing slash, seen in real GP Connect payloads)
 * or `http://snomed.info/sct` is looked up in the same lists.
 * https://www.nhsbsa.nhs.uk/pharmacies-gp-practices-and-appliance-contractors/dictionary-medicines-and-devices-dmd
 */
import type { CodeableConcept } from '@medplum/fhirtypes';

export const SNOMED = 'http://snomed.info/sct';
export const DMD = 'https://dmd.nhs.uk';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';

/**
 * A code system URI without trailing slashes and in lower case, so spelling variants compare equal.
 *
 * @param system - the system URI as the coding wrote it
 */
export function normaliseSystem(system: string | undefined): string {
  return (system ?? '').trim().replace(/\/+$/, '').toLowerCase();
}

const SNOMED_OR_DMD = new Set([normaliseSystem(SNOMED), normaliseSystem(DMD)]);

/**
 * Whether a coding's system is SNOMED CT or dm+d (with or without a trailing slash).
 *
 * @param system - the coding's system
 */
export function isSnomedOrDmd(system: string | undefined): boolean {
  return SNOMED_OR_DMD.has(normaliseSystem(system));
}

/**
 * Whether a coding's system is RxNorm.
 *
 * @param system - the coding's system
 */
export function isRxNorm(system: string | undefined): boolean {
  return normaliseSystem(system) === normaliseSystem(RXNORM);
}

/** A coding that was found in a list, and the system it was written under (as the record wrote it). */
export interface CodeHit {
  code: string;
  system: string;
}

/**
 * The first coding of a concept whose code is in `snomed` (under SNOMED CT or dm+d) or in `rxnorm`
 * (under RxNorm).
 * @param concept - the concept to look in
 * @param snomed - SNOMED CT / dm+d identifiers
 * @param rxnorm - RxNorm identifiers
 */
export function findCode(concept: CodeableConcept | undefined, snomed: ReadonlySet<string>, rxnorm?: ReadonlySet<string>): CodeHit | undefined {
  for (const coding of concept?.coding ?? []) {
    const code = coding.code?.trim();
    if (!code || !coding.system) continue;
    if (isSnomedOrDmd(coding.system) && snomed.has(code)) return { code, system: coding.system };
    if (rxnorm && isRxNorm(coding.system) && rxnorm.has(code)) return { code, system: coding.system };
  }
  return undefined;
}

/**
 * Every word a concept carries for a person to read: its text and each coding's display.
 *
 * @param concept - the coded concept, if there is one
 */
export function conceptWords(concept: CodeableConcept | undefined): string {
  if (!concept) return '';
  return [concept.text, ...(concept.coding ?? []).map((c) => c.display)].filter((s): s is string => !!s?.trim()).join(' | ');
}
