/**
 * The sandbox's roster: who the demo EPR pages list, and how each patient is known to each EPR.
 * The fixture builder makes it alongside the FHIR resources; the EPR pages serve it.
 */

import { LOCAL_IDENTIFIER_SYSTEMS } from '../utils/context/adapters/local-identifiers';

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
  /** OpenMRS-style human identifier shown in the banner, e.g. "100-0007". */
  openmrsId: string;
  /** OpenEMR-style internal pid (demographics.php?set_pid=N). */
  openemrPid: number;
  /** OpenEMR-style public id shown in the header (ID: ...). */
  openemrPubpid: string;
  /** Where the record came from: written by our builder, or a Synthea record from ../shared. */
  source: 'alongside' | 'synthea';
}
