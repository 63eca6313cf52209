import { readingPass } from './shown-text';
import type { Detection, DetectedPatient, EprAdapter, NoneCode } from './types';

/**
 * Runs the adapters that understand `url` over the page and combines what they say.
 *
 * Safety first: one clear patient, or no patient. Any adapter unsure (`ambiguous`), or two adapters
 * naming different patients, means no patient, with the reason. A specific adapter that finds no
 * patient does not silence the general reader (where the trust turned it on): a page a reader claimed
 * but could not read is read by the next. And a patient read without a name or a date of birth is not
 * a patient to show (see `requireIdentityFields`).
 *
 * @param doc - the page's document
 * @param url - the page's address
 * @param adapters - the adapters to consult (the trust's rules and the built-in readers it assigned)
 */
export function detectPatientInView(doc: Document, url: URL, adapters: readonly EprAdapter[]): Detection {
  // One reading of the page: its layout is read once, however many readers look (shown-text.ts).
  return readingPass(() => detectWith(doc, url, adapters));
}

function detectWith(doc: Document, url: URL, adapters: readonly EprAdapter[]): Detection {
  const matching = adapters.filter((a) => a.matches(url));
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

function runAll(adapters: readonly EprAdapter[], doc: Document, url: URL): Detection[] {
  return adapters.map((adapter) => {
    try {
      return adapter.detect(doc, url);
    } catch {
      // An adapter that throws on an odd page has not found a patient; the others still speak.
      return { kind: 'none', reason: `The ${adapter.label} reader could not read this page.`, code: 'unreadable' } as const;
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

/**
 * The identity check needs something to compare: a patient read with neither a name nor a date of
 * birth is no patient, unless the trust's rule says this EPR shows neither (then the panel says the
 * identity was not cross-checked). Applied in the content script and again in the background.
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

function samePatient(a: DetectedPatient, b: DetectedPatient): boolean {
  if (a.nhsNumber && b.nhsNumber) return a.nhsNumber === b.nhsNumber;
  return a.identifier.system === b.identifier.system && a.identifier.value === b.identifier.value;
}

/** The iframes the adapters that apply at `url` read the patient from (see `EprAdapter.frameSelector`). */
export function frameSelectorFor(url: URL, adapters: readonly EprAdapter[]): string | undefined {
  return adapters.filter((a) => a.matches(url) && a.frameSelector).map((a) => a.frameSelector).join(', ') || undefined;
}

/**
 * The elements whose changes matter to the adapters that apply at `url` (see `EprAdapter.watchSelector`),
 * or undefined when some adapter could read any change.
 */
export function watchSelectorFor(url: URL, adapters: readonly EprAdapter[]): string | undefined {
  const used = adapters.filter((a) => a.matches(url));
  if (used.some((a) => a.watchSelector === undefined)) return undefined;
  return used.map((a) => a.watchSelector).join(', ') || undefined;
}
