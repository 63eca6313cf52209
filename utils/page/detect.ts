import { readingPass } from './shown-text';
import { requireIdentityFields, type Detection, type DetectedPatient, type NoneCode } from '@/utils/shared/detection';
import type { EprReader } from '@/utils/page/readers/reader';

/**
 * Runs the readers that understand `url` over the page and combines what they say.
 *
 * Safety first: one clear patient, or no patient. Any reader unsure (`ambiguous`), or two readers
 * naming different patients, means no patient, with the reason. A specific reader that finds no
 * patient does not silence the general reader (where the trust turned it on): a page a reader claimed
 * but could not read is read by the next. And a patient read without a name or a date of birth is not
 * a patient to show (see `requireIdentityFields`).
 *
 * @param doc - the page's document
 * @param url - the page's address
 * @param readers - the readers to consult (the trust's rules and the built-in readers it assigned)
 */
export function detectPatientInView(doc: Document, url: URL, readers: readonly EprReader[]): Detection {
  // One reading of the page: its layout is read once, however many readers look (shown-text.ts).
  return readingPass(() => detectWith(doc, url, readers));
}

function detectWith(doc: Document, url: URL, readers: readonly EprReader[]): Detection {
  const matching = readers.filter((a) => a.matches(url));
  const specific = runAll(matching.filter((a) => !a.fallback), doc, url);
  const decided = combine(specific);
  if (decided?.kind === 'ambiguous') return decided;
  const checked = decided && requireIdentityFields(decided);
  if (checked?.kind === 'patient') return checked;
  // No patient the identity check can use: the general reader (where the trust turned it on) reads too.
  const general = runAll(matching.filter((a) => a.fallback), doc, url);
  const fromGeneral = combine(general);
  if (fromGeneral?.kind === 'ambiguous') return fromGeneral;
  if (fromGeneral?.kind === 'patient') {
    // It must not contradict what a specific reader found, even without a name or date of birth.
    if (decided?.kind === 'patient' && !samePatient(decided.patient, fromGeneral.patient)) {
      return { kind: 'ambiguous', reason: 'Different parts of this page name different patients.' };
    }
    return requireIdentityFields(fromGeneral);
  }
  return mostTelling([...(checked ? [checked] : []), ...specific, ...general]);
}

function runAll(readers: readonly EprReader[], doc: Document, url: URL): Detection[] {
  return readers.map((reader) => {
    try {
      return reader.detect(doc, url);
    } catch {
      // A reader that throws on an odd page has not found a patient; the others still speak.
      return { kind: 'none', reason: `The ${reader.label} reader could not read this page.`, code: 'unreadable' } as const;
    }
  });
}

/** A patient or an ambiguity when the results give one; undefined when they name no one. */
function combine(results: Detection[]): Detection | undefined {
  const ambiguous = results.find((r) => r.kind === 'ambiguous');
  if (ambiguous) return ambiguous;
  const patients = results.flatMap((r) => (r.kind === 'patient' ? [r.patient] : []));
  const first = patients[0];
  if (!first) return undefined;
  if (!patients.every((p) => samePatient(p, first))) {
    return { kind: 'ambiguous', reason: 'Different parts of this page name different patients.' };
  }
  return { kind: 'patient', patient: first };
}

/** Of several "no patient" answers, the one that tells the clinician most. */
const TELLING: readonly NoneCode[] = ['list', 'check-digit', 'identity-unreadable', 'no-identifier', 'unreadable', 'loading', 'no-banner', 'not-patient-page'];
function mostTelling(results: Detection[]): Detection {
  const rank = (d: Detection) => (d.kind === 'none' && d.code ? TELLING.indexOf(d.code) : TELLING.length);
  const best = [...results].sort((a, b) => rank(a) - rank(b))[0];
  return best ?? { kind: 'none', reason: 'This page is not a patient record Alongside knows.', code: 'not-patient-page' };
}

function samePatient(a: DetectedPatient, b: DetectedPatient): boolean {
  if (a.nhsNumber && b.nhsNumber) return a.nhsNumber === b.nhsNumber;
  return a.identifier.system === b.identifier.system && a.identifier.value === b.identifier.value;
}

/**
 * The iframes the readers that apply at `url` read the patient from (see `EprReader.frameSelector`).
 *
 * @param url - the page's address
 * @param readers - the readers on the page
 */
export function frameSelectorFor(url: URL, readers: readonly EprReader[]): string | undefined {
  return readers.filter((a) => a.matches(url) && a.frameSelector).map((a) => a.frameSelector).join(', ') || undefined;
}

/**
 * The elements whose changes matter to the readers that apply at `url` (see `EprReader.watchSelector`),
 * or undefined when some reader could read any change.
 *
 * @param url - the page's address
 * @param readers - the readers on the page
 */
export function watchSelectorFor(url: URL, readers: readonly EprReader[]): string | undefined {
  const used = readers.filter((a) => a.matches(url));
  if (used.some((a) => a.watchSelector === undefined)) return undefined;
  return used.map((a) => a.watchSelector).join(', ') || undefined;
}
