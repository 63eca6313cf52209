import { format } from 'date-fns';
import type { SyncStateRow } from '@/utils/cache/db';
import type { NormalisedRecord } from '@/utils/fhir/normalised-record';
import { sendMessage } from '@/utils/messaging/protocol';

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/**
 * What the record is missing, in words: sources that failed, what the caps left out, items about another
 * patient that were dropped, and what could not be read. Never silently dropped.
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

/** When the data was fetched, and whether it could be refreshed: cached data never passes for live. */
export function RecordFreshness(props: { fetchedAt: number; sync?: SyncStateRow; record: NormalisedRecord; incomplete: string[]; onRefresh(): void }) {
  const asOf = format(props.fetchedAt, 'dd-MMM-yyyy HH:mm');
  const status = props.sync?.status;
  return (
    <div class="record-freshness">
      <p>
        <span data-testid="as-of">Shared record as of {asOf}</span>{' '}
        {status === 'syncing' ? <span class="record-freshness__syncing">Updating…</span> : <button type="button" class="record-freshness__refresh" onClick={props.onRefresh}>Refresh</button>}{' '}
        <button type="button" class="record-freshness__clear" onClick={() => void sendMessage('clearCachedData', undefined).catch(() => {})}>
          Clear cached records
        </button>
      </p>
      {status === 'offline' && (
        <p class="notice notice--offline" role="alert" data-testid="offline-notice">
          Offline: the shared record cannot be reached. Showing the copy from {asOf}; it may be out of date.
        </p>
      )}
      {status === 'error' && (
        <p class="notice notice--error" role="alert" data-testid="error-notice">
          The shared record could not be refreshed ({props.sync?.message}). Showing the copy from {asOf}.
        </p>
      )}
      {recordGaps(props.record, props.incomplete).map((gap) => (
        <p key={gap} class="notice notice--error" data-testid="record-gap">
          {gap}
        </p>
      ))}
    </div>
  );
}
