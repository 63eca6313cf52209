/**
 * OpenEMR (checked against the 7.0.3 main page, `interface/main/tabs/templates/patient_data_template.php`,
 * fixtures/real-epr).
 *
 * The top page's address never changes (`…/interface/main/tabs/main.php`, at the web root or under a
 * prefix such as `/openemr/`); patients open in frames, and the top frame's header `#attendantData` is
 * filled by Knockout bindings, read by those bindings rather than by styling: the name
 * (`data-bind="text: pname()"`), the public id (`data-bind="text: pubpid"`) and the date of birth
 * (`data-bind="text:patient().str_dob()"`, "DOB: 1950-03-12 Age: 76", the date in the site's format).
 * Older OpenEMR headers wrote "Patient: Family, Given (ID: <public id>) … DOB: …": read too.
 *
 * The public id: a UK site often keeps the NHS number there, so one that passes the NHS number's check
 * is read as the NHS number; any other is looked up under the identifier system the trust names for this
 * EPR (`localIdSystem`), and without one no record is shown.
 *
 * With no patient set, the Patient Finder tab (iframe `fin`, `interface/main/finder/dynamic_finder.php`),
 * when it is the tab in front, lists patients in `table#pt_table`, one DataTables row (`tr#pid_<pid>`) per
 * patient: the NHS numbers its rows show (as the public id, at a UK site) are the list in view, fetched
 * ahead. A finder tab behind another (Knockout's `visible` binding: `display: none`) is not in view.
 */
import { defineReader } from '@/utils/page/readers/define-reader';
import { listedNhsNumbers, MAX_LISTED, parseBannerDate } from '@/utils/page/banner-text';
import { shownFrameDocument, shownText } from '@/utils/page/shown-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM, normaliseNhsNumber } from '@/utils/shared/nhs-number';
import type { Detection, PatientIdentifier } from '@/utils/shared/detection';

const DATE = /(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}[\s-][A-Za-z]{3}[\s-]\d{4})/;

/** What the header shows: name, public ids and date of birth, by binding, else by the older labels. */
function readHeader(header: Element): { names: string[]; ids: string[]; dob?: string } {
  const bound = (binding: RegExp) => [...header.querySelectorAll('[data-bind]')].filter((el) => binding.test(el.getAttribute('data-bind') ?? '')).map((el) => shownText(el, 300)).filter(Boolean);
  const names = bound(/\bpname\(\)/);
  const ids = bound(/\btext:\s*pubpid\b/);
  const dobs = bound(/\bstr_dob\(\)/);
  if (names.length || ids.length || dobs.length) {
    return { names: [...new Set(names)], ids: [...new Set(ids)], dob: dobs.map((d) => DATE.exec(d)?.[1]).find(Boolean) };
  }
  const text = shownText(header);
  return {
    names: [/Patient:\s*([^()]+?)\s*\(ID:/.exec(text)?.[1]].filter((n): n is string => !!n),
    ids: [...new Set([...text.matchAll(/\(ID:\s*([^)\s]+)\s*\)/g)].map((m) => m[1]!))],
    dob: /DOB:\s*(\S+)/.exec(text)?.[1],
  };
}

const FINDER_FRAME = 'iframe[name="fin"]';

/**
 * Who the Patient Finder lists, when its tab is the one in front; no one otherwise. Each row's public id
 * (the "External ID" column) is read as the header would read it once that patient is opened: so a
 * listed patient, fetched ahead, is the same cached record as the patient opened. A finder without that
 * column: the NHS numbers its rows show.
 */
function finderList(doc: Document, localIdSystem: string | undefined): PatientIdentifier[] {
  // A finder tab behind another is not on screen, so not in view.
  const table = shownFrameDocument(doc.querySelector(FINDER_FRAME))?.getElementById('pt_table');
  if (!table) return [];
  const rows = table.querySelectorAll('tbody tr');
  const column = [...table.querySelectorAll('thead tr:last-child th')].findIndex((th) => /^external id$/i.test(shownText(th, 100)));
  if (column < 0) return listedNhsNumbers(rows, isValidNhsNumber).map((value) => ({ system: NHS_NUMBER_SYSTEM, value }));
  const listed = new Map<string, PatientIdentifier>();
  for (const row of rows) {
    const id = publicId(shownText(row.children[column], 100), localIdSystem);
    if (id) listed.set(`${id.system}|${id.value}`, id);
    if (listed.size >= MAX_LISTED) break;
  }
  return [...listed.values()];
}

/** A public id as the shared record knows it: the NHS number it is, or the trust's local id; else none. */
function publicId(pubpid: string, localIdSystem: string | undefined): PatientIdentifier | undefined {
  if (!pubpid) return undefined;
  const asNhs = normaliseNhsNumber(pubpid);
  if (/^\d{10}$/.test(asNhs) && isValidNhsNumber(asNhs)) return { system: NHS_NUMBER_SYSTEM, value: asNhs };
  return localIdSystem ? { system: localIdSystem, value: pubpid } : undefined;
}

export default defineReader({
  id: 'openemr',
  label: 'OpenEMR',
  // The header; the tabs, as they open and close (the finder's own rows are watched in its frame).
  watchSelector: '#attendantData, #framesDisplay',
  frameSelector: FINDER_FRAME,
  matches: (url) => /\/interface\/main\/tabs\/main\.php$/.test(url.pathname),
  detect(doc, _url, options): Detection {
    const header = doc.getElementById('attendantData');
    if (!header) return { kind: 'none', code: 'loading', reason: 'The OpenEMR page is still loading' };
    const { names, ids, dob } = readHeader(header);
    if (ids.length === 0) {
      const listed = finderList(doc, options?.localIdSystem);
      return listed.length > 1
        ? { kind: 'none', code: 'list', reason: 'This page lists several patients; open one to see their record.', listed }
        : { kind: 'none', code: 'not-patient-page', reason: 'No patient is selected in OpenEMR.' };
    }
    if (ids.length > 1 || names.length > 1) return { kind: 'ambiguous', reason: 'The OpenEMR header shows more than one patient.' };
    const identifier = publicId(ids[0]!, options?.localIdSystem);
    if (!identifier) {
      return { kind: 'none', code: 'no-identifier', reason: 'This OpenEMR header shows only OpenEMR’s own patient id, and your organisation has not said how the shared record knows it.' };
    }
    const nhsNumber = identifier.system === NHS_NUMBER_SYSTEM ? identifier.value : undefined;
    return {
      kind: 'patient',
      patient: {
        readerId: 'openemr',
        source: nhsNumber ? 'OpenEMR patient header (NHS number as the public id)' : 'OpenEMR patient header (public id)',
        confidence: 'high',
        identifier,
        nhsNumber,
        displayName: names[0],
        birthDate: dob ? parseBannerDate(dob) : undefined,
      },
    };
  },
});

