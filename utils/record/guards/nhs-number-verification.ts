/**
 * The NHS number and its verification (trace) status, read in every form NHS systems send it:
 * - UK Core R4: extension `Extension-UKCore-NHSNumberVerificationStatus`, codes 01–08 from the England
 *   code system, the Wales code system, or the retired `UKCore-NHSNumberVerificationStatus` system that
 *   the Personal Demographics Service still sends;
 * - STU3 CareConnect (GP Connect): `Extension-CareConnect-GPC-NHSNumberVerificationStatus-1` and
 *   `Extension-CareConnect-NHSNumberVerificationStatus-1`;
 * - word codes some older systems send instead of 01–08 (`number-present-and-verified`).
 * Shown in the NHS CUI's wording; anything but 01 (verified) is a visible warning in the banner.
 * https://simplifier.net/hl7fhirukcorer4/ukcore-nhsnumberverificationstatusengland
 */
import type { Extension, Identifier, Patient } from '@medplum/fhirtypes';

/** NHS number systems: today's, and the one old GP Connect (0.x) sent. */
export const NHS_NUMBER_SYSTEMS = ['https://fhir.nhs.uk/Id/nhs-number', 'http://fhir.nhs.net/Id/nhs-number'] as const;

const EXTENSION_URLS = new Set([
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
  'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-CareConnect-GPC-NHSNumberVerificationStatus-1',
  'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-NHSNumberVerificationStatus-1',
]);

/** The NHS CUI wording of each status (NHS Data Dictionary: NHS number status indicator code). */
export const VERIFICATION_WORDING: Readonly<Record<string, string>> = {
  '01': 'Number present and verified',
  '02': 'Number present but not traced',
  '03': 'Trace required',
  '04': 'Trace attempted - No match or multiple match found',
  '05': 'Trace needs to be resolved - (NHS number or patient detail conflict)',
  '06': 'Trace in progress',
  '07': 'Number not present and trace not required',
  '08': 'Trace postponed (baby under six weeks old)',
};

/** Word codes as some systems send them, to the numeric code (each wording, lower-case, hyphenated). */
const WORD_CODES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(VERIFICATION_WORDING).map(([code, words]) => [slug(words.replace(/\s*-\s*\(.*\)$|\s*\(.*\)$/, '')), code]),
);

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/**
 * The patient's NHS number identifier (today's system first).
 *
 * @param patient - the Patient whose identifiers are searched
 */
export function nhsNumberIdentifier(patient: Pick<Patient, 'identifier'>): Identifier | undefined {
  for (const system of NHS_NUMBER_SYSTEMS) {
    const found = patient.identifier?.find((i) => i.system === system && i.value);
    if (found) return found;
  }
  return undefined;
}

/**
 * The NHS number, digits only.
 *
 * @param patient - the Patient whose identifiers are searched
 */
export function nhsNumberOf(patient: Pick<Patient, 'identifier'>): string | undefined {
  return nhsNumberIdentifier(patient)?.value?.replace(/\s/g, '');
}

export interface Verification {
  /** `01`…`08` when read; undefined when the record says nothing readable. */
  code?: string;
  /** The CUI wording, or what the record said, or "not known". */
  wording: string;
  /** True only for 01, number present and verified. */
  verified: boolean;
}

/**
 * The verification status of the patient's NHS number, in the CUI's words.
 *
 * @param patient - the Patient whose NHS number identifier carries the status
 */
export function nhsNumberVerification(patient: Pick<Patient, 'identifier'>): Verification {
  const identifier = nhsNumberIdentifier(patient);
  if (!identifier) return { wording: 'No NHS number', verified: false };
  const ext = identifier.extension?.find((e) => EXTENSION_URLS.has(e.url));
  const coding = codingOf(ext);
  if (!coding?.code) return { wording: 'Verification status not known', verified: false };
  const raw = coding.code.trim();
  const code = /^0[1-8]$/.test(raw) ? raw : WORD_CODES[slug(raw)] ?? Object.entries(WORD_CODES).find(([words]) => slug(raw).startsWith(words))?.[1];
  if (!code) {
    // A code we cannot read (the Wales `nn`, a null flavour): shown as recorded, never as verified.
    return { wording: `Verification status ${coding.display ?? raw} (not verified)`, verified: false };
  }
  return { code, wording: VERIFICATION_WORDING[code]!, verified: code === '01' };
}

function codingOf(ext: Extension | undefined) {
  return ext?.valueCodeableConcept?.coding?.find((c) => c.code) ?? ext?.valueCoding ?? ext?.extension?.find((e) => e.valueCodeableConcept)?.valueCodeableConcept?.coding?.[0];
}
