/**
 * Reading a patient's name and date of birth from a banner by structure and label, not by styling
 * classes (which EPR builds hash and change): a label element ("Name", "Born", "DOB", "Date of birth")
 * and the value beside it (dt/dd, th/td, a label and its sibling, "Label: value" in one text node), the
 * NHS CUI's `FAMILY, Given (Title)`, or an element marked as the patient's name (by a data attribute,
 * itemprop, aria label, class, id or test id: `MARKED_NAME`), or the banner's heading. Read only, and
 * bounded: at most `MAX_ELEMENTS` elements of one banner are looked at.
 */
import { notUnderstood, parseBannerDate, squash } from './banner-text';
import { shownText } from './shown-text';

const MAX_ELEMENTS = 200;
const NAME_LABEL = /^(?:patient\s+)?(?:full\s+)?name$/i;
const DOB_LABEL = /^(?:born|d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthdate)$/i;
/** A date as banners write it: 12-Mar-1950, 12 March 1950, 1950-03-12, 12/03/1950. */
const DATE = /(\d{1,2}[\s-][A-Za-z]{3,9}[\s-]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})/;
/** NHS CUI: FAMILY, Given (Title): a capitalised family name, a comma, given names. */
const CUI_NAME = /^([A-Z][A-Z'’\- ]*[A-Z],\s+[A-Z][A-Za-z'’\- ]*[A-Za-z](?:\s*\([A-Za-z]{1,10}\.?\))?)/;

/**
 * Elements that say they hold the patient's name, though no "Name" label is shown: how EPR front ends
 * mark it for their own styles and tests (`<span class="patient-name">`, `<h1 data-testid="patient-name">`,
 * `<div class="patientName">`, `aria-label="Patient name"`). Only the patient's: a class or test id
 * naming another person's name (the GP's, the user's) does not say "patient".
 */
const MARKED_NAME = [
  '[data-patient-name]',
  '[itemprop="name"]',
  '[aria-label*="patient name" i]',
  ...['class', 'id', 'data-testid', 'data-test-id', 'data-test', 'data-qa', 'data-cy'].flatMap((attr) => ['patient-name', 'patient_name', 'patientname'].map((word) => `[${attr}*="${word}" i]`)),
].join(',');

/** "Name: Ada FAKEHAM" up to the next separator or label. */
const NAME_IN_TEXT = /\bname\s*:\s*([^|·•;\d]{2,80}?)\s*(?=[|·•;]|\b(?:born|dob|d\.o\.b|date of birth|gender|sex|nhs|age)\b|$)/i;

export interface IdentityFields {
  /** The name as shown. */
  name?: string;
  /** YYYY-MM-DD. */
  birthDate?: string;
  /** A date of birth labelled but not understood, in words with the text read ("not understood (\"3rd March\")"). */
  birthDateProblem?: string;
}

/** The text of an element, without the label it starts with ("Born 12-Mar-1950" → "12-Mar-1950"). */
function afterLabel(text: string, label: RegExp): string | undefined {
  const m = new RegExp(`^(?:${label.source.replace(/^\^|\$$/g, '')})\\s*:?\\s*(.+)$`, 'i').exec(text);
  return m?.[1];
}

/** A plausible name: letters, at most a few words, no digits. */
function asName(text: string | undefined): string | undefined {
  const t = squash(text).replace(/[:\s]+$/, '');
  return t && t.length <= 100 && /\p{L}/u.test(t) && !/\d/.test(t) ? t : undefined;
}

/**
 * The name and date of birth a banner element shows, where it shows them.
 *
 * @param banner - the element holding one patient's banner
 */
export function readIdentityFields(banner: Element): IdentityFields {
  const found: IdentityFields = {};
  const elements = [...banner.querySelectorAll('*')].slice(0, MAX_ELEMENTS);

  for (const el of elements) {
    if (found.name && found.birthDate) break;
    const own = shownText(el, 400);
    if (!own || own.length > 200) continue;
    const bare = own.replace(/:$/, '');
    // A label element, its value beside it: <dt>Born</dt><dd>…</dd>, <th>DOB</th><td>…</td>, <span>DOB:</span> <span>…</span>.
    const value = () => shownText(el.nextElementSibling, 400) || undefined;
    if (!found.birthDate && DOB_LABEL.test(bare)) {
      const shown = value();
      found.birthDate = parseDate(shown);
      if (!found.birthDate && shown) found.birthDateProblem ??= notUnderstood(shown);
    }
    else if (!found.name && NAME_LABEL.test(bare)) found.name = asName(value());
    // "Born 12-Mar-1950 (76y)" or "DOB: 12/03/1950" in one element.
    else if (!found.birthDate && el.children.length === 0) {
      const rest = afterLabel(own, DOB_LABEL);
      if (rest) {
        found.birthDate = parseDate(rest);
        if (!found.birthDate) found.birthDateProblem ??= notUnderstood(rest);
      }
      const name = afterLabel(own, NAME_LABEL);
      if (!found.name && name) found.name = asName(name);
    }
  }

  // The whole banner's text, labels and values together ("Name: Ada FAKEHAM | DOB: 12/03/1950 | NHS …").
  const text = shownText(banner, 2048);
  if (!found.name) {
    // Marked as the patient's name, or the banner's heading, or "Name: …", or the CUI's FAMILY, Given (Title).
    // The first marked element showing a name (not a "Name" label marked the same way), then a heading.
    // A marked element holding the age beside the name ("Mrs Ada Fakeham (76)") is read by its first part.
    const marked = [...banner.querySelectorAll(MARKED_NAME)]
      .slice(0, MAX_ELEMENTS)
      .map((el) => asName(shownText(el, 400) || undefined) ?? asName(shownText(el.firstElementChild, 400) || undefined))
      .find((n) => n && !NAME_LABEL.test(n));
    const heading = banner.querySelector('h1, h2, h3, h4');
    found.name = marked ?? asName(shownText(heading, 400) || undefined) ?? asName(NAME_IN_TEXT.exec(text)?.[1]) ?? asName(CUI_NAME.exec(text)?.[1]);
  }
  if (!found.birthDate) {
    const m = new RegExp(`(?:\\bborn|\\bd\\.?o\\.?b\\.?|date of birth)\\s*:?\\s*${DATE.source}`, 'i').exec(text);
    if (m) found.birthDate = parseBannerDate(m[1]!);
  }
  if (found.birthDate) delete found.birthDateProblem;
  return found;
}


function parseDate(text: string | undefined): string | undefined {
  const m = text ? DATE.exec(text) : undefined;
  return m ? parseBannerDate(m[1]!) : undefined;
}
