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
 */
import { parseBannerDate, squash } from '../banner-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM, normaliseNhsNumber } from '../nhs-number';
import type { Detection, EprAdapter } from '../types';

const DATE = /(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4}|\d{1,2}[\s-][A-Za-z]{3}[\s-]\d{4})/;

/** What the header shows: name, public ids and date of birth, by binding, else by the older labels. */
function readHeader(header: Element): { names: string[]; ids: string[]; dob?: string } {
  const bound = (binding: RegExp) => [...header.querySelectorAll('[data-bind]')].filter((el) => binding.test(el.getAttribute('data-bind') ?? '')).map((el) => squash(el.textContent)).filter(Boolean);
  const names = bound(/\bpname\(\)/);
  const ids = bound(/\btext:\s*pubpid\b/);
  const dobs = bound(/\bstr_dob\(\)/);
  if (names.length || ids.length || dobs.length) {
    return { names: [...new Set(names)], ids: [...new Set(ids)], dob: dobs.map((d) => DATE.exec(d)?.[1]).find(Boolean) };
  }
  const text = squash(header.textContent);
  return {
    names: [/Patient:\s*([^()]+?)\s*\(ID:/.exec(text)?.[1]].filter((n): n is string => !!n),
    ids: [...new Set([...text.matchAll(/\(ID:\s*([^)\s]+)\s*\)/g)].map((m) => m[1]!))],
    dob: /DOB:\s*(\S+)/.exec(text)?.[1],
  };
}

export const openemr: EprAdapter = {
  id: 'openemr',
  label: 'OpenEMR',
  watchSelector: '#attendantData',
  matches: (url) => /\/interface\/main\/tabs\/main\.php$/.test(url.pathname),
  detect(doc, _url, options): Detection {
    const header = doc.getElementById('attendantData');
    if (!header) return { kind: 'none', code: 'loading', reason: 'The OpenEMR page is still loading' };
    const { names, ids, dob } = readHeader(header);
    if (ids.length === 0) return { kind: 'none', code: 'not-patient-page', reason: 'No patient is selected in OpenEMR.' };
    if (ids.length > 1 || names.length > 1) return { kind: 'ambiguous', reason: 'The OpenEMR header shows more than one patient.' };
    const pubpid = ids[0]!;
    const asNhs = normaliseNhsNumber(pubpid);
    const nhsNumber = /^\d{10}$/.test(asNhs) && isValidNhsNumber(asNhs) ? asNhs : undefined;
    if (!nhsNumber && !options?.localIdSystem) {
      return { kind: 'none', code: 'no-identifier', reason: 'This OpenEMR header shows only OpenEMR’s own patient id, and your organisation has not said how the shared record knows it.' };
    }
    return {
      kind: 'patient',
      patient: {
        adapterId: 'openemr',
        source: nhsNumber ? 'OpenEMR patient header (NHS number as the public id)' : 'OpenEMR patient header (public id)',
        confidence: 'high',
        identifier: nhsNumber ? { system: NHS_NUMBER_SYSTEM, value: nhsNumber } : { system: options!.localIdSystem!, value: pubpid },
        nhsNumber,
        displayName: names[0],
        birthDate: dob ? parseBannerDate(dob) : undefined,
      },
    };
  },
};

