/**
 * One contact however many records hold it: the same attendance in the shared record and the GP record
 * (the same start to the minute, and the same kind) is one contact naming both.
 */
import type { EncounterItem } from '@/utils/fhir/normalised-record';

/**
 * The contacts, each once.
 *
 * @param encounters - the contacts as each source recorded them
 */
export function mergeEncounters(encounters: readonly EncounterItem[]): EncounterItem[] {
  const byKey = new Map<string, EncounterItem>();
  const out: EncounterItem[] = [];
  for (const e of encounters) {
    const start = e.start && !Number.isNaN(Date.parse(e.start)) ? new Date(e.start).toISOString().slice(0, 16) : undefined;
    const key = start ? `${start}|${e.urgentCare ?? (e.inpatient ? 'inpatient' : 'other')}` : undefined;
    const seen = key ? byKey.get(key) : undefined;
    if (seen && seen.origin.source !== e.origin.source) {
      (seen.origins ??= [seen.origin]).push(e.origin);
      if (e.current) seen.current = true;
      seen.reason ??= e.reason;
      seen.ward ??= e.ward;
      continue;
    }
    out.push(e);
    if (key && !seen) byKey.set(key, e);
  }
  return out;
}
