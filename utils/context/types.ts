/**
 * What the content script knows about the page: which patient, if any, the clinician has in view.
 * These types cross from the content script to the background, so they hold plain data only.
 */

/** A FHIR-style business identifier: the system (namespace) and the value within it. */
export interface PatientIdentifier {
  system: string;
  value: string;
}

/** How sure an adapter is. `high`: a checked identifier from the page's own patient banner or route. */
export type DetectionConfidence = 'high' | 'medium' | 'low';

/** A patient an adapter found in view. */
export interface DetectedPatient {
  /** The adapter that found it (its file name). */
  adapterId: string;
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
 * read; `not-patient-page` nothing patient-like; `no-banner` no banner where one is expected.
 */
export type NoneCode = 'list' | 'check-digit' | 'no-identifier' | 'identity-unreadable' | 'loading' | 'unreadable' | 'not-patient-page' | 'no-banner' | 'not-configured' | 'left';

/**
 * The outcome of one detection pass. Anything short of one clear patient is `none` or `ambiguous`,
 * and either way the panel shows no patient data and says why.
 */
export type Detection =
  | { kind: 'patient'; patient: DetectedPatient }
  | { kind: 'none'; reason: string; code?: NoneCode; /** On a list of patients (`code: 'list'`): who it lists, for prefetching their records. */ listed?: PatientIdentifier[] }
  | { kind: 'ambiguous'; reason: string };

/**
 * One EPR adapter: recognises an EPR's pages and reads the patient in view from them.
 * Adapters only read the page; they never change it.
 */
export interface EprAdapter {
  /** Unique, and the same as the adapter's file name. */
  id: string;
  /** The EPR's name as a clinician would say it. */
  label: string;
  /** Whether this adapter understands the page at `url`. */
  matches(url: URL): boolean;
  /** A general reader, consulted only when no specific adapter found a patient on the page. */
  fallback?: boolean;
  /** A trust's declared rule (data from outside): its running time is watched, and a slow one is switched off. */
  declared?: boolean;
  /**
   * CSS selector of the elements whose changes can change what this adapter reads; omitted means any
   * change can. Lets the page watcher skip mutations elsewhere (address changes are always checked).
   */
  watchSelector?: string;
  /**
   * CSS selector of the same-origin iframe the patient page lives in, when it is not the top page:
   * the watcher then also watches that frame's document and its loads.
   */
  frameSelector?: string;
  /**
   * Reads the page. Must be fast (it runs at most once an animation frame) and must not write to the DOM.
   *
   * @param options - what the trust says of this EPR (see `ReaderOptions`)
   */
  detect(doc: Document, url: URL, options?: ReaderOptions): Detection;
}

/** What the trust says of one EPR, for its built-in reader (`eprSites[].localIdSystem`). */
export interface ReaderOptions {
  /**
   * The FHIR identifier system under which the shared record holds this EPR's own patient ids (its
   * OpenMRS uuid, its OpenEMR public id). Without one, a page showing only its own id shows no record.
   */
  localIdSystem?: string;
}

/** A stable key for a detection: two detections with equal keys describe the same thing in view. */
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
