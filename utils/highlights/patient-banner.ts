/**
 * The patient banner in the NHS common user interface (CUI) format:
 * `FAMILY, Given (Title)`, `Born 12-Mar-1950 (76y)`, `Gender Female`, `NHS No. 943 476 5919`;
 * an unknown value reads "Not Known".
 */
import type { Extension, Patient } from '@medplum/fhirtypes';
import { differenceInMonths, differenceInYears, format, parseISO } from 'date-fns';
import { formatNhsNumber, NHS_NUMBER_SYSTEM } from '../context/nhs-number';
import { officialName } from '../fhir/text';

export const NOT_KNOWN = 'Not Known';

/** UK Core extension carrying the NHS number's verification status. */
const VERIFICATION_EXTENSION = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus';

export interface BannerModel {
  name: string;
  born: string;
  gender: string;
  nhsNumber: string;
  /** The verification status as the record gives it ("Number present and verified"), if it does. */
  nhsNumberStatus?: string;
  /** True only for status 01, number present and verified. */
  nhsNumberVerified: boolean;
  deceased: boolean;
}

/** Builds the CUI banner for a Patient. */
export function patientBanner(patient: Patient, now: Date): BannerModel {
  const name = officialName(patient.name);
  const family = name?.family?.toUpperCase();
  const given = name?.given?.join(' ');
  const title = name?.prefix?.[0];
  const nameText = family || given ? `${family ?? NOT_KNOWN}, ${given ?? NOT_KNOWN}${title ? ` (${title})` : ''}` : NOT_KNOWN;

  const nhs = patient.identifier?.find((i) => i.system === NHS_NUMBER_SYSTEM && i.value);
  const status = nhs?.extension?.find((e) => e.url === VERIFICATION_EXTENSION);
  const statusCoding = statusCodingOf(status);

  return {
    name: nameText,
    born: bornText(patient.birthDate, now),
    gender: patient.gender && patient.gender !== 'unknown' ? capitalise(patient.gender) : NOT_KNOWN,
    nhsNumber: nhs?.value ? formatNhsNumber(nhs.value) : NOT_KNOWN,
    nhsNumberStatus: statusCoding?.display ?? statusCoding?.code,
    nhsNumberVerified: statusCoding?.code === '01',
    deceased: Boolean(patient.deceasedBoolean || patient.deceasedDateTime),
  };
}

function statusCodingOf(ext: Extension | undefined) {
  return ext?.valueCodeableConcept?.coding?.[0] ?? ext?.extension?.find((e) => e.valueCodeableConcept)?.valueCodeableConcept?.coding?.[0];
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
