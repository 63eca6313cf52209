/**
 * The sandbox's roster: who the demo EPR pages list, and how each patient is known to each EPR.
 * The fixture builder makes it alongside the FHIR resources; the EPR pages serve it.
 */

import { LOCAL_IDENTIFIER_SYSTEMS } from '../utils/shared/local-identifiers';

/** Identifier systems the demo EPRs' local ids are recorded under on the FHIR Patient. */
export const DEMO_IDENTIFIER_SYSTEMS = LOCAL_IDENTIFIER_SYSTEMS;

export interface RosterPatient {
  /** Patient.id in the sandbox FHIR server. */
  fhirId: string;
  /** 10 digits, no spaces; from the 999 test range, valid under Modulus 11. */
  nhsNumber: string;
  /** Whether the FHIR Patient records the NHS number as verified (NHS number verification status 01). */
  nhsNumberVerified: boolean;
  family: string;
  given: string;
  /** "Mr", "Mrs", "Ms", "Miss", "Dr" ... */
  title?: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'male' | 'female' | 'other' | 'unknown';
  /** The patient's id in the OpenMRS-style EPR (route /openmrs/spa/patient/<uuid>/chart/...). */
  openmrsUuid: string;
  /** The OpenMRS ID shown in the banner, as OpenMRS makes them (`openmrsIdFor`), e.g. "100000Y". */
  openmrsId: string;
  /** OpenEMR-style internal pid (demographics.php?set_pid=N). */
  openemrPid: number;
  /** OpenEMR-style public id shown in the header (ID: ...). */
  openemrPubpid: string;
  /** Where the record came from: written by our builder, or a Synthea record from ../shared. */
  source: 'alongside' | 'synthea';
}

/** The characters of OpenMRS's Luhn mod-30 check (its idgen module's LuhnMod30IdentifierValidator). */
const MOD30 = '0123456789ACDEFGHJKLMNPRTUVWXY';

/** The n-th (from 1) OpenMRS ID, "100000Y", "100001W", …: six digits and the Luhn mod-30 check character. */
export function openmrsIdFor(n: number): string {
  const base = String(100000 + n - 1);
  let sum = 0;
  let factor = 2;
  for (let i = base.length - 1; i >= 0; i--) {
    const addend = factor * MOD30.indexOf(base[i]!);
    factor = factor === 2 ? 1 : 2;
    sum += Math.floor(addend / 30) + (addend % 30);
  }
  return base + MOD30[(30 - (sum % 30)) % 30]!;
}
