import type { Detection, DetectedPatient, EprAdapter } from './types';

/**
 * Runs every adapter that understands `url` over the page and combines what they say.
 *
 * Safety first: one clear patient, or no patient. Any adapter unsure (`ambiguous`), or two adapters
 * naming different patients, means no patient, with the reason.
 *
 * @param doc - the page's document
 * @param url - the page's address
 * @param adapters - the adapters to consult (built-in ones and those a trust declares)
 */
export function detectPatientInView(doc: Document, url: URL, adapters: readonly EprAdapter[]): Detection {
  const results: Detection[] = [];
  const matching = adapters.filter((a) => a.matches(url));
  const specific = matching.filter((a) => !a.fallback);
  for (const adapter of specific.length > 0 ? specific : matching) {
    try {
      results.push(adapter.detect(doc, url));
    } catch {
      // An adapter that throws on an odd page has not found a patient; the others still speak.
      results.push({ kind: 'none', reason: `The ${adapter.label} reader could not read this page.` });
    }
  }
  if (results.length === 0) return { kind: 'none', reason: 'This page is not a patient record Alongside knows.' };

  const ambiguous = results.find((r) => r.kind === 'ambiguous');
  if (ambiguous) return ambiguous;

  const patients = results.flatMap((r) => (r.kind === 'patient' ? [r.patient] : []));
  const first = patients[0];
  if (!first) return results[0]!;
  if (!patients.every((p) => samePatient(p, first))) {
    return { kind: 'ambiguous', reason: 'Different parts of this page name different patients.' };
  }
  return { kind: 'patient', patient: first };
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
  const matching = adapters.filter((a) => a.matches(url));
  const specific = matching.filter((a) => !a.fallback);
  const used = specific.length > 0 ? specific : matching;
  if (used.some((a) => a.watchSelector === undefined)) return undefined;
  return used.map((a) => a.watchSelector).join(', ') || undefined;
}
