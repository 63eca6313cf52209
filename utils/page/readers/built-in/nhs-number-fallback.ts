/**
 * The general reader, for EPR pages no specific reader knows: one valid NHS number in a banner-like
 * element, together with the patient's name and date of birth in that same element.
 *
 * Off unless the trust lists it for an origin (`eprSites`), since it reads any page there. An NHS number
 * alone is never enough: a team inbox or a notification strip can show a number with no patient open,
 * and with nothing to compare the identity check could not catch the wrong record. Banner-like:
 * `role="banner"`, a `header`, or an element whose class, id or label says banner or patient header.
 * Numbers in tables and lists (a worklist) are not read; several valid numbers mean several patients.
 */
import { defineReader } from '@/utils/page/readers/define-reader';
import { findNhsNumberCandidates, listedNhsNumbers } from '@/utils/page/banner-text';
import { shownText } from '@/utils/page/shown-text';
import { readIdentityFields } from '@/utils/page/identity-fields';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import type { Detection } from '@/utils/shared/detection';

const BANNER_LIKE = [
  '[role="banner"]',
  'header',
  '[class*="banner" i]',
  '[id*="banner" i]',
  '[aria-label*="banner" i]',
  '[class*="patient-header" i]',
  '[id*="patient-header" i]',
].join(',');

export default defineReader({
  id: 'nhs-number-fallback',
  label: 'NHS number in a patient banner',
  watchSelector: BANNER_LIKE,
  fallback: true,
  matches: () => true,
  detect(doc): Detection {
    // Each valid number, with the banner-like elements holding it.
    const numbers = new Map<string, Element[]>();
    let failingCheck = false;
    let listed = 0;
    for (const el of doc.querySelectorAll(BANNER_LIKE)) {
      const candidates = findNhsNumberCandidates(shownText(el, 4096));
      if (el.closest('table, ul, ol')) {
        listed += candidates.filter(isValidNhsNumber).length;
        continue;
      }
      for (const n of candidates) {
        if (!isValidNhsNumber(n)) failingCheck = true;
        else numbers.set(n, [...(numbers.get(n) ?? []), el]);
      }
    }
    if (numbers.size > 1) return { kind: 'none', code: 'list', reason: 'Several patients are on this page (more than one NHS number in its banners), so none is shown.' };
    if (numbers.size === 0) {
      if (failingCheck) return { kind: 'none', code: 'check-digit', reason: 'The NHS number shown on this page fails its check digit, so it cannot be trusted.' };
      if (listed > 1) {
        const rows = listedNhsNumbers(doc.querySelectorAll('tr, li, [role="row"]'), isValidNhsNumber);
        return { kind: 'none', code: 'list', reason: 'This page lists several patients; open one to see their record.', listed: rows.map((value) => ({ system: NHS_NUMBER_SYSTEM, value })) };
      }
      return { kind: 'none', code: 'not-patient-page', reason: 'No NHS number in a patient banner on this page.' };
    }
    const [[nhsNumber, holders]] = [...numbers] as [[string, Element[]]];
    // From the innermost element holding the number outwards, the first that also shows a name and a
    // date of birth: the banner itself, not the number's own cell, nor the page's header around it.
    const innermostFirst = [...holders].sort((a, b) => (a.contains(b) ? 1 : b.contains(a) ? -1 : 0));
    const readings = innermostFirst.map(readIdentityFields);
    const { name, birthDate, birthDateProblem } = readings.find((r) => r.name && r.birthDate) ?? readings.reduce((a, r) => ({ name: a.name ?? r.name, birthDate: a.birthDate ?? r.birthDate, birthDateProblem: a.birthDateProblem ?? r.birthDateProblem }), {});
    if (!name || !birthDate) {
      return {
        kind: 'none',
        code: 'identity-unreadable',
        reason: `This page shows an NHS number, but not ${!name && !birthDate ? 'a name and date of birth' : !name ? 'a name' : 'a date of birth'} beside it that Alongside can read${birthDateProblem ? ` (the date of birth was ${birthDateProblem})` : ''}, so it cannot be sure whose it is. Nothing is shown.`,
      };
    }
    return {
      kind: 'patient',
      patient: {
        readerId: 'nhs-number-fallback',
        source: 'NHS number, name and date of birth in a banner (general reader)',
        confidence: 'medium',
        identifier: { system: NHS_NUMBER_SYSTEM, value: nhsNumber },
        nhsNumber,
        displayName: name,
        birthDate,
      },
    };
  },
});
