/**
 * NHS common user interface (CUI) patient banner.
 *
 * Name as `FAMILY, Given (Title)`, then labels without colons: `Born 12-Mar-1950 (76y)`,
 * `Gender Female`, `NHS No. 943 476 5919`; an unknown value reads "Not Known".
 * See the NHS CUI guidance for the patient banner (ISB 1500 / Patient Banner design guide).
 */
import { defineReader } from '@/utils/page/readers/define-reader';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import { listedNhsNumbers, notUnderstood, parseBannerDate } from '@/utils/page/banner-text';
import { shownElements, shownText } from '@/utils/page/shown-text';
import type { Detection } from '@/utils/shared/detection';

const BANNER_SELECTOR = '[aria-label="patient banner" i], .nhsuk-patient-banner, .patient-banner';

export default defineReader({
  id: 'nhs-cui-banner',
  label: 'NHS CUI patient banner',
  // The banner, and the lists of patients read when there is none (they may draw after the page loads).
  watchSelector: `${BANNER_SELECTOR}, table, [role="table"], [role="grid"], ul, ol`,
  // A national convention, not one product's pages: it reads wherever the trust assigns it (eprSites).
  matches: () => true,
  detect(doc): Detection {
    // An element inside another match is the same banner, not a second one.
    const banners = shownElements(doc, BANNER_SELECTOR).filter(
      (el, _i, all) => !all.some((other) => other !== el && other.contains(el)),
    );
    if (banners.length === 0) {
      // No banner: a list of patients (a clinic list, a ward list) shows their NHS numbers row by row.
      const listed = listedNhsNumbers(doc.querySelectorAll('tr, li, [role="row"]'), isValidNhsNumber);
      return listed.length > 1
        ? { kind: 'none', code: 'list', reason: 'This page lists several patients; open one to see their record.', listed: listed.map((value) => ({ system: NHS_NUMBER_SYSTEM, value })) }
        : { kind: 'none', code: 'no-banner', reason: 'No patient banner on this page.' };
    }

    const readings = banners.map((el) => {
      const text = shownText(el);
      const nhs = /NHS\s*No\.?\s*([\d\s-]{10,13}\d|Not Known)/i.exec(text)?.[1];
      const born = /Born\s+(\d{1,2}-[A-Za-z]{3}-\d{4})/.exec(text)?.[1];
      const bornShown = born ? undefined : /Born\s+(?!Not Known)(\S+(?:\s\S+){0,2})/i.exec(text)?.[1];
      const nameEl = el.querySelector('[data-patient-name], .nhsuk-patient-banner__name, h1, h2');
      return { nhs: nhs?.replace(/[\s-]/g, ''), born, bornShown, name: shownText(nameEl) || undefined };
    });
    const numbers = new Set(readings.map((r) => r.nhs));
    if (numbers.size > 1) {
      return { kind: 'ambiguous', reason: 'More than one patient banner is on this page, for different patients.' };
    }
    const reading = readings[0]!;
    if (!reading.nhs || /not\s*known/i.test(reading.nhs)) {
      return { kind: 'none', code: 'no-identifier', reason: 'The patient banner shows no NHS number.' };
    }
    if (!isValidNhsNumber(reading.nhs)) {
      return { kind: 'none', code: 'check-digit', reason: 'The NHS number on the banner fails its check digit, so it cannot be trusted.' };
    }
    return {
      kind: 'patient',
      patient: {
        readerId: 'nhs-cui-banner',
        source: 'NHS patient banner (NHS number)',
        confidence: 'high',
        identifier: { system: NHS_NUMBER_SYSTEM, value: reading.nhs },
        nhsNumber: reading.nhs,
        displayName: reading.name,
        birthDate: reading.born ? parseBannerDate(reading.born) : undefined,
        birthDateProblem: reading.born && !parseBannerDate(reading.born) ? notUnderstood(reading.born) : reading.bornShown ? notUnderstood(reading.bornShown) : undefined,
      },
    };
  },
});
