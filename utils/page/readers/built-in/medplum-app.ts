/**
 * Medplum's app, and apps built on Medplum's React components (checked on pages rendered by the
 * published @medplum/react, fixtures/real-epr).
 *
 * Routes name the patient by FHIR id: `/Patient/<id>/timeline`, `/Patient/<id>/details`, …, at the root
 * of the app's origin or under a prefix. Read by structure and label:
 * - `PatientHeader`: entries of a key and a value (`Name`, `DoB`, `Gender`, then one per identifier keyed
 *   by its system, the NHS number under `https://fhir.nhs.uk/Id/nhs-number`);
 * - `PatientSummary` (Medplum's Provider app): no identifier; the name beside the avatar (the line after
 *   the initials, which must be that name's), the birth date as Medplum writes it with an age
 *   (`1950-03-12 (076Y)`).
 * An NHS number shown wins, then an identifier under the system the trust names for this EPR
 * (`localIdSystem`); otherwise the route's id is the shared record's Patient id, which is right
 * only where the app runs on the shared record itself (the identity check guards the rest). The history
 * on the Timeline repeats identifiers in description lists: never read.
 */
import { defineReader } from '@/utils/page/readers/define-reader';
import { listedNhsNumbers, parseBannerDate } from '@/utils/page/banner-text';
import { shownText } from '@/utils/page/shown-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM, normaliseNhsNumber } from '@/utils/shared/nhs-number';
import type { Detection } from '@/utils/shared/detection';
import { FHIR_PATIENT_ID_SYSTEM } from '@/utils/shared/local-identifiers';

const ROUTE = /\/Patient\/([A-Za-z0-9\-.]{1,64})(?:\/|$)/;
const LIST_ROUTE = /\/Patient\/?$/;
/** Medplum writes a birth date with the age beside it: `1950-03-12 (076Y)`. */
const DOB_WITH_AGE = /^(\d{4}-\d{2}-\d{2}) \(\d{3}[YMD]\)$/;

/** Key-value entries: an element holding exactly two elements, a short key and its value. */
function entries(doc: Document): { root: Element; fields: Map<string, string> }[] {
  const roots = new Map<Element, Map<string, string>>();
  const scope = doc.querySelector('main') ?? doc.body;
  if (!scope) return [];
  for (const key of scope.querySelectorAll('div > div:first-child:nth-last-child(2)')) {
    const keyText = shownText(key, 300);
    if (!/^(Name|DoB|https?:\/\/\S+|urn:\S+)$/.test(keyText)) continue;
    const entry = key.parentElement!;
    const root = entry.parentElement;
    if (!root || key.closest('dl, table')) continue;
    const fields = roots.get(root) ?? new Map<string, string>();
    fields.set(keyText.toLowerCase(), shownText(key.nextElementSibling, 300));
    roots.set(root, fields);
  }
  return [...roots].filter(([, f]) => f.has('name')).map(([root, fields]) => ({ root, fields }));
}

/** An avatar showing initials, and beside it the name those initials are of: that name. */
function avatarName(scope: ParentNode): string | undefined {
  for (const el of scope.querySelectorAll('span, div')) {
    if (el.children.length) continue;
    const initials = shownText(el, 8);
    if (!/^\p{Lu}{2}$/u.test(initials)) continue;
    const name = shownText(el.parentElement?.nextElementSibling?.firstElementChild, 200);
    const words = name.split(' ').filter((w) => /^\p{L}/u.test(w));
    if (words.length >= 2 && `${words[0]![0]}${words.at(-1)![0]}`.toUpperCase() === initials) return name;
  }
  return undefined;
}

export default defineReader({
  id: 'medplum-app',
  label: 'Medplum',
  matches: (url) => ROUTE.test(url.pathname) || LIST_ROUTE.test(url.pathname),
  detect(doc, url, options): Detection {
    const id = ROUTE.exec(url.pathname)?.[1];
    if (!id) {
      const listed = listedNhsNumbers((doc.querySelector('main') ?? doc).querySelectorAll('tr'), isValidNhsNumber);
      return listed.length > 1
        ? { kind: 'none', code: 'list', reason: 'Medplum is showing a list of patients; open one to see their record.', listed: listed.map((value) => ({ system: NHS_NUMBER_SYSTEM, value })) }
        : { kind: 'none', code: 'not-patient-page', reason: 'No patient is open in Medplum.' };
    }
    const headers = entries(doc);
    const nhsShown = new Set(headers.map((h) => h.fields.get(NHS_NUMBER_SYSTEM.toLowerCase())).filter((v): v is string => !!v).map(normaliseNhsNumber));
    if (headers.length > 1 && (nhsShown.size > 1 || new Set(headers.map((h) => h.fields.get('name'))).size > 1)) {
      return { kind: 'ambiguous', reason: 'Medplum shows more than one patient header.' };
    }
    const header = headers[0];
    const nhsNumber = [...nhsShown][0];
    // The header keys each identifier by its system: the trust's own (`localIdSystem`) is used when shown.
    const localId = options?.localIdSystem ? header?.fields.get(options.localIdSystem.toLowerCase()) : undefined;
    if (nhsNumber && !isValidNhsNumber(nhsNumber)) {
      return { kind: 'none', code: 'check-digit', reason: 'The NHS number in the Medplum header fails its check digit, so it cannot be trusted.' };
    }
    let name = header?.fields.get('name');
    let dob = header?.fields.get('dob');
    if (!header) {
      // No header: the Provider app's PatientSummary, if it has drawn.
      const main = doc.querySelector('main') ?? doc;
      name = avatarName(main);
      dob = [...main.querySelectorAll('p, span, div')].map((el) => (el.children.length === 0 ? DOB_WITH_AGE.exec(shownText(el, 100))?.[1] : undefined)).find(Boolean);
      if (!name && !dob) return { kind: 'none', code: 'loading', reason: 'The Medplum patient page is still loading' };
    }
    const identifier = nhsNumber ? { system: NHS_NUMBER_SYSTEM, value: nhsNumber } : localId ? { system: options!.localIdSystem!, value: localId } : { system: FHIR_PATIENT_ID_SYSTEM, value: id };
    return {
      kind: 'patient',
      patient: {
        readerId: 'medplum-app',
        source: nhsNumber ? 'Medplum patient header (NHS number)' : localId ? 'Medplum patient header (local identifier)' : 'Medplum patient address (FHIR id)',
        confidence: nhsNumber || localId ? 'high' : 'medium',
        identifier,
        nhsNumber,
        displayName: name || undefined,
        birthDate: dob ? parseBannerDate(dob) : undefined,
      },
    };
  },
});
