/**
 * Small readers for the text EPR banners show. Shared by the readers; the only DOM read here goes
 * through shown-text.ts (what is on screen).
 */
import { shownSpacedText } from './shown-text';

const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A month written as UK banners write it: `Apr`, `April`, `Sept` (any case, a full stop after an abbreviation allowed); else undefined. */
function monthNumber(word: string): string | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  const i = MONTH_NAMES.findIndex((full) => w === full || w === full.slice(0, 3) || (full === 'september' && w === 'sept'));
  return i < 0 ? undefined : String(i + 1).padStart(2, '0');
}

/**
 * Reads a date of birth written in one of the formats `BANNER_DATE_FORMATS` lists (utils/shared/epr-rule.ts) (`17-Apr-1938` as the NHS CUI writes it,
 * `17 Apr 1938`, `17 April 1938`, `17/04/1938` day first, `1938-04-17`) and returns `YYYY-MM-DD`, or
 * `undefined` if it is not one of them or not a real date. Text after the date (an age) is ignored.
 *
 * @param text - the date as the page shows it
 */
export function parseBannerDate(text: string): string | undefined {
  const t = text.trim();
  let y: string | undefined, m: string | undefined, d: string | undefined;
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(t);
  if (isoMatch) [, y, m, d] = isoMatch;
  if (!y) {
    const named = /^(\d{1,2})[\s-]+([A-Za-z]{3,9}\.?)[\s-]+(\d{4})(?!\d)/.exec(t);
    if (named) {
      d = named[1];
      m = monthNumber(named[2]!);
      y = named[3];
    }
  }
  if (!y) {
    const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/.exec(t);
    if (slashed) [, d, m, y] = slashed;
  }
  if (!y || !m || !d) return undefined;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/**
 * What the panel says of a date of birth read but not understood: the text, cut short.
 *
 * @param text - the date of birth as the page shows it
 */
export function notUnderstood(text: string): string {
  const t = squash(text);
  return `not understood ("${t.length > 40 ? `${t.slice(0, 39)}…` : t}")`;
}

/**
 * Collapses runs of white space, so text from nested markup reads like the screen.
 *
 * @param text - the text read from the page (null or undefined reads as empty)
 */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Every NHS-number-shaped run of digits in `text` ("943 476 5919", "9434765919", "943-476-5919").
 *
 * @param text - the text to search
 */
export function findNhsNumberCandidates(text: string): string[] {
  const found = text.match(/(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)/g) ?? [];
  return found.map((s) => s.replace(/[\s-]/g, ''));
}

/** At most this many patients of a list are read (a clinic list, a ward list: tens, not thousands). */
export const MAX_LISTED = 100;

/**
 * The valid NHS numbers a list of patients shows, one per row (a table cell, a list item, a result card):
 * the order of the page, no repeats, at most `MAX_LISTED`.
 *
 * @param rows - the list's rows, in the page's order
 * @param isValid - the Modulus 11 check (passed in, so this file needs no import)
 */
export function listedNhsNumbers(rows: Iterable<Element>, isValid: (digits: string) => boolean): string[] {
  const found = new Set<string>();
  for (const row of rows) {
    for (const n of findNhsNumberCandidates(shownSpacedText(row, 500))) if (isValid(n)) found.add(n);
    if (found.size >= MAX_LISTED) break;
  }
  return [...found];
}
