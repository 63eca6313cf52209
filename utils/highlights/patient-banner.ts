/**
 * The patient banner in the NHS common user interface (CUI) format:
 * `FAMILY, Given (Title)`, `Born 12-Mar-1950 (76y)`, `Gender Female`, `NHS No. 943 476 5919`;
 * an unknown value reads "Not Known". Built from the normalised record's patient summary (the NHS
 * number's verification read in the background, in every form NHS systems send it).
 */
import { differenceInMonths, differenceInYears, format, parseISO } from 'date-fns';
import { formatNhsNumber } from '../context/nhs-number';
import type { PatientSummary } from '../fhir/normalised-record';

export const NOT_KNOWN = 'Not Known';

export interface BannerModel {
  name: string;
  born: string;
  gender: string;
  nhsNumber: string;
  /** The verification status in the CUI's words ("Number present and verified"), or why it is not known. */
  nhsNumberStatus: string;
  /** True only for status 01, number present and verified; anything else is a visible warning. */
  nhsNumberVerified: boolean;
  /** A restricted (sensitive) record: marked, and its address and contacts never shown. */
  restricted: boolean;
  deceased: boolean;
}

/** Builds the CUI banner for a patient. */
export function patientBanner(patient: PatientSummary, now: Date): BannerModel {
  const family = patient.family?.toUpperCase();
  const given = patient.given;
  const nameText = family || given ? `${family ?? NOT_KNOWN}, ${given ?? NOT_KNOWN}${patient.title ? ` (${patient.title})` : ''}` : NOT_KNOWN;
  return {
    name: nameText,
    born: bornText(patient.birthDate, now),
    gender: patient.gender && patient.gender !== 'unknown' ? capitalise(patient.gender) : NOT_KNOWN,
    nhsNumber: patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : NOT_KNOWN,
    nhsNumberStatus: patient.verification.wording,
    nhsNumberVerified: patient.verification.verified,
    restricted: patient.restricted,
    deceased: patient.deceased,
  };
}

/** `12-Mar-1950 (76y)`; under two years old, months (`(14m)`). */
export function bornText(birthDate: string | undefined, now: Date): string {
  if (!birthDate || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return NOT_KNOWN;
  const born = parseISO(birthDate);
  const years = differenceInYears(now, born);
  const age = years >= 2 ? `${years}y` : `${differenceInMonths(now, born)}m`;
  return `${format(born, 'dd-MMM-yyyy')} (${age})`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
