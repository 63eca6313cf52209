/**
 * OpenMRS 3 (O3) single-page app.
 *
 * The route names the patient: `…/patient/<uuid>/chart/<view>`, changed by `history.pushState`. The
 * patient banner is `<header role="banner" aria-label="patient banner">`; its class names are hashed by
 * each build, so it is read by structure and label only (checked on pages rendered by the published
 * @openmrs/esm-patient-banner-app, fixtures/real-epr):
 * - the name: the banner's first name-like text outside the avatar, buttons and menus (what the banner
 *   shows; the avatar's label is not on screen, and only what is on screen is read);
 * - the birth date: the one date the banner shows (`30-Aug-1962`), unlabelled beside the age;
 * - identifiers: by their label, the identifier type's name as the site calls it ("NHS Number", "NHS
 *   number", "NHS No."), in every form O3's banner has drawn them: a tag or a form label holding
 *   `<span>NHS Number: </span><span>999 000 1030</span>` (today's), a tag holding only the type's name
 *   with the value beside it as bare text (earlier releases: `<div class="cds--tag">NHS Number</div>
 *   9990001030`), both in one text ("NHS Number: 9990001030"), or a list's term and its value. So the
 *   label and the value are read as the text nodes the screen shows, not as elements.
 * The NHS number wins when shown; otherwise the route's uuid is looked up under the identifier system the
 * trust names for this EPR (`localIdSystem`), and without one no record is shown.
 */
import { defineReader } from '@/utils/page/readers/define-reader';
import { findNhsNumberCandidates, listedNhsNumbers, parseBannerDate, squash } from '@/utils/page/banner-text';
import { shownElements, shownText, shownTextNodes } from '@/utils/page/shown-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM, normaliseNhsNumber } from '@/utils/shared/nhs-number';
import type { Detection } from '@/utils/shared/detection';

const PATIENT_ROUTE = /\/patient\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/chart(?:\/|$)/i;
const BANNER = 'header[role="banner"][aria-label="patient banner" i]';
/** The NHS number's label, and what follows it in the same text ("NHS Number: 9990001030"), if anything. */
const NHS_LABEL = /^NHS\s*(?:Number|No\.?)(?![A-Za-z])\s*:?\s*(.*)$/i;
const DATE = /^\d{1,2}[\s-][A-Za-z]{3,9}[\s-]\d{4}$|^\d{4}-\d{2}-\d{2}$|^\d{1,2}\/\d{1,2}\/\d{4}$/;

/**
 * The NHS numbers the banner shows by their label: the value in the label's own text, else the next text
 * shown after it (normalised, not yet checked: a label beside something that is no NHS number is reported
 * as failing its check, never skipped).
 */
function labelledNhsNumbers(banner: Element): string[] {
  const texts = shownTextNodes(banner, 4096)
    .map((node) => squash(node.data))
    .filter(Boolean);
  const found = texts.flatMap((text, i) => {
    const label = NHS_LABEL.exec(text);
    if (!label) return [];
    const value = label[1] || texts[i + 1] || '';
    return [findNhsNumberCandidates(value)[0] ?? normaliseNhsNumber(value)];
  });
  return [...new Set(found)];
}

/** The banner's leaf elements (no element children), with their text. */
function leaves(banner: Element): { el: Element; text: string }[] {
  return [...banner.querySelectorAll('*')].filter((el) => el.children.length === 0).slice(0, 300).map((el) => ({ el, text: shownText(el, 200) })).filter((l) => l.text);
}

export default defineReader({
  id: 'openmrs',
  label: 'OpenMRS',
  // The banner, and the search results and worklists a list of patients is read from (they draw after
  // the page loads: a change there must be seen).
  watchSelector: `${BANNER}, [role="banner"], main table`,
  matches: (url) => url.pathname.includes('/spa/') || PATIENT_ROUTE.test(url.pathname),
  detect(doc, url, options): Detection {
    const uuid = PATIENT_ROUTE.exec(url.pathname)?.[1]?.toLowerCase();
    const banners = shownElements(doc, BANNER);
    if (!uuid) {
      // The patient search lists each result in a banner-like box, the home page's worklists in tables:
      // several patients, none open.
      const cards = shownElements(doc, '[role="banner"]');
      const listed = listedNhsNumbers(doc.querySelectorAll('[role="banner"], main tr'), isValidNhsNumber);
      return cards.length > 1 || listed.length > 1
        ? { kind: 'none', code: 'list', reason: 'OpenMRS is showing a list of patients; open one to see their record.', listed: listed.map((value) => ({ system: NHS_NUMBER_SYSTEM, value })) }
        : { kind: 'none', code: 'not-patient-page', reason: 'No patient chart is open in OpenMRS.' };
    }
    if (banners.length > 1) return { kind: 'ambiguous', reason: 'OpenMRS shows more than one patient banner.' };
    const banner = banners[0];
    // The route names a patient but the chart has not drawn its banner yet: wait (for a limited time).
    if (!banner) return { kind: 'none', code: 'loading', reason: 'The OpenMRS patient chart is still loading' };

    const items = leaves(banner);
    const nhsShown = labelledNhsNumbers(banner);
    if (nhsShown.length > 1) return { kind: 'ambiguous', reason: 'The OpenMRS banner shows more than one NHS number.' };
    const nhsNumber = nhsShown[0];
    if (nhsNumber !== undefined && !isValidNhsNumber(nhsNumber)) {
      return { kind: 'none', code: 'check-digit', reason: 'The NHS number on the OpenMRS banner fails its check digit, so it cannot be trusted.' };
    }

    const firstName = items.find((l) => /\p{L}{2}/u.test(l.text) && !/\d|:/.test(l.text) && !l.el.closest('[aria-label^="Avatar" i], button, [role="menu"]'))?.text;
    const dates = [...new Set(items.filter((l) => DATE.test(l.text)).map((l) => l.text))];
    const birthDate = dates.length === 1 ? parseBannerDate(dates[0]!) : undefined;
    // A date shown twice differently, or one not understood, is said, never silently dropped.
    const birthDateProblem = dates.length > 1 ? `shown more than once, differently (${dates.join(', ')})` : dates.length === 1 && !birthDate ? `not understood ("${dates[0]}")` : undefined;

    if (!nhsNumber && !options?.localIdSystem) {
      return { kind: 'none', code: 'no-identifier', reason: 'This OpenMRS banner shows no NHS number, and your organisation has not said how the shared record knows OpenMRS’s own patient ids.' };
    }
    return {
      kind: 'patient',
      patient: {
        readerId: 'openmrs',
        source: nhsNumber ? 'OpenMRS patient banner (NHS number)' : 'OpenMRS patient chart address',
        confidence: 'high',
        identifier: nhsNumber ? { system: NHS_NUMBER_SYSTEM, value: nhsNumber } : { system: options!.localIdSystem!, value: uuid },
        nhsNumber,
        displayName: firstName,
        birthDate,
        birthDateProblem,
      },
    };
  },
});
