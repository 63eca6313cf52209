/**
 * FHIR dates and times as the NHS common user interface writes them (`12-Mar-2026`, `14:05`), in local
 * time. Formatted by hand rather than with date-fns: ranking formats thousands of them and must stay
 * inside one frame on a long record (bench: rank-10k-ms).
 */
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * A FHIR date or dateTime as a local Date; a date-only value is that local day.
 *
 * @param s - the FHIR date or dateTime
 */
export function parseDate(s: string): Date | undefined {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = dateOnly ? new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])) : new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * A FHIR instant as milliseconds since the epoch (0 when absent or not a date).
 *
 * @param s - the FHIR instant, if there is one
 */
export function time(s: string | undefined): number {
  return s ? new Date(s).getTime() || 0 : 0;
}

/**
 * `12-Mar-2026`, the CUI's date format.
 *
 * @param s - the FHIR date or dateTime; one that does not parse is returned as it is
 */
export function date(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = parseDate(s);
  return d ? `${pad(d.getDate())}-${MONTHS[d.getMonth()]}-${d.getFullYear()}` : s;
}

/**
 * `14:05` (or `14:05:09` with seconds) in local time, for a time in ms.
 *
 * @param ms - the time, in ms since the epoch
 * @param seconds - show the seconds too
 */
export function clockTime(ms: number, seconds = false): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

/**
 * `12-Mar-2026 14:05`, in local time.
 *
 * @param s - the FHIR dateTime; one that does not parse is returned as it is
 */
export function dateTime(s: string): string {
  const d = parseDate(s);
  return d ? `${pad(d.getDate())}-${MONTHS[d.getMonth()]}-${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}` : s;
}
