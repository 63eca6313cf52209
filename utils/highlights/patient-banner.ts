/**
 * The patient banner in the NHS common user interface (CUI) format:
 * `FAMILY, Given (Title)`, `Born 12-Mar-1950 (76y)`, `Gender Female`, `NHS No. 943 476 5919`;
 * an unknown value reads "Not Known". Built from the normalised record's patient summary (the NHS
 * number's verification read in the background, in every form NHS systems send it).
 */
import { formatNhsNumber } from '@/utils/shared/nhs-number';
import type { PatientSummary } from '@/utils/fhir/normalised-record';
import { date } from '@/utils/fhir/dates';

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
  /** For a patient who has died, the full-width line above everything: "Died 04-Dec-2026". */
  died?: string;
}

/**
 * Builds the CUI banner for a patient.
 *
 * @param patient - what is known of the patient from the record
 * @param now - today, for the age shown
 */
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
    ...(patient.deceased ? { died: diedText(patient) } : {}),
  };
}

/** "Died 04-Dec-2026", with how it is known where a death notification says ("informal notice"). */
function diedText(patient: PatientSummary): string {
  const when = patient.deceasedDate ? `Died ${date(patient.deceasedDate)}` : 'Died (date not recorded)';
  return patient.deathNotification ? `${when} (${patient.deathNotification})` : when;
}

/**
 * `12-Mar-1950 (76y)`; under two years old, months (`(14m)`). Counted by hand, not with date-fns: its
 * formatter would add some 5 KB to the side panel, which has a size budget (README, bench).
 *
 * @param birthDate - the FHIR birth date (a full date, else "not known")
 * @param now - today, for the age
 */
export function bornText(birthDate: string | undefined, now: Date): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate ?? '');
  if (!m) return NOT_KNOWN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Whole months lived, less one if this month's day has not come yet.
  const months = (now.getFullYear() - y) * 12 + (now.getMonth() + 1 - mo) - (now.getDate() < d ? 1 : 0);
  const years = Math.floor(months / 12);
  return `${date(birthDate)} (${years >= 2 ? `${years}y` : `${months}m`})`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
