/**
 * Small readers for the text EPR banners show. Shared by the readers; the only DOM read here goes
 * through shown-text.ts (what is on screen).
 */
import { shownSpacedText } from './shown-text';

const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06',
  jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

/**
 * Reads a date of birth written as `12-Mar-1950` (NHS CUI), `12 Mar 1950`, `1950-03-12` or
 * `12/03/1950` (UK day-first) and returns `YYYY-MM-DD`, or `undefined` if it is not a real date.
 */
export function parseBannerDate(text: string): string | undefined {
  const t = text.trim();
  let y: string | undefined, m: string | undefined, d: string | undefined;
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})/.exec(t);
  if (isoMatch) [, y, m, d] = isoMatch;
  if (!y) {
    const named = /^(\d{1,2})[\s-]([A-Za-z]{3})[A-Za-z]*[\s-](\d{4})/.exec(t);
    if (named) {
      d = named[1];
      m = MONTHS[named[2]!.toLowerCase()];
      y = named[3];
    }
  }
  if (!y) {
    const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})/.exec(t);
    if (slashed) [, d, m, y] = slashed;
  }
  if (!y || !m || !d) return undefined;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/** What the panel says of a date of birth read but not understood: the text, cut short. */
export function notUnderstood(text: string): string {
  const t = squash(text);
  return `not understood ("${t.length > 40 ? `${t.slice(0, 39)}…` : t}")`;
}

/** Collapses runs of white space, so text from nested markup reads like the screen. */
export function squash(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** Every NHS-number-shaped run of digits in `text` ("943 476 5919", "9434765919", "943-476-5919"). */
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
