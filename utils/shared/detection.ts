/**
 * What the content script knows about the page: which patient, if any, the clinician has in view.
 * These types cross from the content script to the background, so they hold plain data only.
 */

/** A FHIR-style business identifier: the system (namespace) and the value within it. */
export interface PatientIdentifier {
  system: string;
  value: string;
}

/** How sure a reader is. `high`: a checked identifier from the page's own patient banner or route. */
export type DetectionConfidence = 'high' | 'medium' | 'low';

/** A patient a reader found in view. */
export interface DetectedPatient {
  /** The reader that found it (its file name). */
  readerId: string;
  /** Where on the page it was read, in words a clinician or a safety officer understands. */
  source: string;
  confidence: DetectionConfidence;
  /** The identifier the shared record is searched by: the NHS number when the page shows one. */
  identifier: PatientIdentifier;
  /** The NHS number (10 digits, checked) when the page shows one. */
  nhsNumber?: string;
  /** The name as the EPR shows it, for the identity check and the "finding…" message. */
  displayName?: string;
  /** The date of birth the EPR shows, as YYYY-MM-DD, when it could be read. */
  birthDate?: string;
  /**
   * Why no date of birth was read, when the page showed something that could have been one: "not
   * understood (\"12.3.50\")", "shown twice, differently". Never silently dropped: the panel says the
   * record was only partly checked, and why.
   */
  birthDateProblem?: string;
  /**
   * Set only by a trust's rule for an EPR whose pages show neither name nor date of birth: the record is
   * then shown marked "identity not cross-checked". Otherwise a patient with neither is never shown.
   */
  identityNotShown?: boolean;
}

/**
 * Why no patient is shown, for the panel's wording: `list` several patients listed; `check-digit` an NHS
 * number failing Modulus 11; `no-identifier` a banner without an identifier; `identity-unreadable` an
 * identifier without a name or date of birth to check the record against; `loading` the EPR is still
 * drawing its patient banner (for a limited time); `unreadable` a page a reader claimed but could not
 * read; `not-patient-page` nothing patient-like; `no-banner` no banner where one is expected; `needs-reload` a
 * page of a configured EPR origin opened before Alongside could read it (no content script there yet).
 */
export type NoneCode = 'list' | 'check-digit' | 'no-identifier' | 'identity-unreadable' | 'loading' | 'unreadable' | 'not-patient-page' | 'no-banner' | 'not-configured' | 'left' | 'needs-reload';

/**
 * The outcome of one detection pass. Anything short of one clear patient is `none` or `ambiguous`,
 * and either way the panel shows no patient data and says why.
 */
export type Detection =
  | { kind: 'patient'; patient: DetectedPatient }
  | { kind: 'none'; reason: string; code?: NoneCode; /** On a list of patients (`code: 'list'`): who it lists, for prefetching their records. */ listed?: PatientIdentifier[] }
  | { kind: 'ambiguous'; reason: string };

/** What the trust says of one EPR, for its built-in reader (`eprSites[].localIdSystem`). */
export interface ReaderOptions {
  /**
   * The FHIR identifier system under which the shared record holds this EPR's own patient ids (its
   * OpenMRS uuid, its OpenEMR public id). Without one, a page showing only its own id shows no record.
   */
  localIdSystem?: string;
}

/**
 * A stable key for a detection: two detections with equal keys describe the same thing in view.
 *
 * @param d - what a reader found on the page
 */
export function detectionKey(d: Detection): string {
  switch (d.kind) {
    case 'patient': {
      const p = d.patient;
      return ['patient', p.identifier.system, p.identifier.value, p.displayName ?? '', p.birthDate ?? '', p.birthDateProblem ?? '', p.identityNotShown ? 'unchecked' : ''].join('|');
    }
    case 'none':
    case 'ambiguous':
      return `${d.kind}|${d.reason}`;
  }
}

/**
 * The identity check needs something to compare: a patient read with neither a name nor a date of
 * birth is no patient, unless the trust's rule says this EPR shows neither (then the panel says the
 * identity was not cross-checked). Applied in the content script and again in the background.
 *
 * @param d - what a reader found on the page
 */
export function requireIdentityFields(d: Detection): Detection {
  if (d.kind !== 'patient') return d;
  const p = d.patient;
  if (p.displayName?.trim() || p.birthDate || p.identityNotShown) return d;
  return {
    kind: 'none',
    code: 'identity-unreadable',
    reason: `The page shows ${p.nhsNumber ? 'an NHS number' : 'a patient identifier'} but Alongside could not read the patient's name or date of birth beside it, so it cannot check the shared record is the same person. Nothing is shown.`,
  };
}
