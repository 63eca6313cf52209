/**
 * What a record is missing, in the words of its freshness line: nothing a server sent is silently
 * dropped, and nothing missing passes for complete.
 */
import type { NormalisedRecord } from '@/utils/fhir/normalised-record';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * What the record is missing, in words: sources that failed, what the caps left out, items about another
 * patient that were dropped, and what could not be read. Never silently dropped.
 *
 * @param record - the normalised record, with what its sources failed, left out or could not read
 * @param incomplete - the resource types the shared record did not return in full
 */
export function recordGaps(record: NormalisedRecord, incomplete: readonly string[]): string[] {
  const gaps: string[] = [];
  if (incomplete.length) gaps.push(`Incomplete: the shared record did not return ${incomplete.join(', ')}.`);
  for (const s of record.sources) if (!s.ok && s.source !== 'Shared record') gaps.push(`The ${s.source === 'GP record' ? 'GP record' : 'national records'} could not be read${s.problem ? ` (${s.problem})` : ''}.`);
  if (record.omitted.length) {
    gaps.push(`Incomplete: past Alongside's limits, ${record.omitted.map((o) => `${o.atLeast ? 'at least ' : ''}${o.count.toLocaleString('en-GB')} ${o.what}`).join(', ')} were left out.`);
  }
  if (record.otherPatients) gaps.push(`${plural(record.otherPatients, 'item about another patient was', 'items about another patient were')} sent and left out.`);
  if (record.unreadable.count) gaps.push(`${plural(record.unreadable.count, 'item', 'items')} could not be read.`);
  return gaps;
}

