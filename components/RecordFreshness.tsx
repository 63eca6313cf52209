import type { SyncStateRow } from '@/utils/cache/db';
import { dateTime } from '@/utils/highlights/rules/rule';
import type { NormalisedRecord } from '@/utils/fhir/normalised-record';
import { recordGaps } from '@/utils/highlights/record-gaps';
import { sendMessage } from '@/utils/messaging/protocol';

/** When the data was fetched, and whether it could be refreshed: cached data never passes for live. */
export function RecordFreshness(props: { fetchedAt: number; sync?: SyncStateRow; record: NormalisedRecord; incomplete: string[]; onRefresh(): void }) {
  const asOf = dateTime(new Date(props.fetchedAt).toISOString());
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
