import type { SyncStateRow } from '@/utils/storage/db';
import { dateTime } from '@/utils/fhir/dates';
import type { NormalisedRecord } from '@/utils/fhir/normalised-record';
import { recordGaps } from '@/utils/highlights/record-gaps';
import { sendMessage } from '@/utils/messaging/protocol';
import { useAnnouncement } from './LiveAnnouncer';

/**
 * When the data was fetched, and whether it could be refreshed: cached data never passes for live. Going
 * offline, or a refresh failing, is announced once (not on every redraw while it lasts).
 */
export function RecordFreshness(props: { patientKey: string; fetchedAt: number; sync?: SyncStateRow; record: NormalisedRecord; incomplete: string[]; onRefresh(): void }) {
  const asOf = dateTime(new Date(props.fetchedAt).toISOString());
  const status = props.sync?.status;
  const offline = `Offline: the shared record cannot be reached. Showing the copy from ${asOf}; it may be out of date.`;
  const failed = `Problem: the shared record could not be refreshed (${props.sync?.message ?? 'no reason given'}). Showing the copy from ${asOf}.`;
  useAnnouncement('notice', status === 'offline' || status === 'error' ? `${status}|${props.patientKey}|${props.fetchedAt}` : undefined, status === 'offline' ? offline : failed);
  return (
    <div class="record-freshness">
      <p class="record-freshness__row">
        <span data-testid="as-of">Shared record as of {asOf}</span>
        {status === 'syncing' ? (
          <span class="record-freshness__syncing">Updating…</span>
        ) : (
          <button type="button" class="record-freshness__refresh" onClick={props.onRefresh}>
            Refresh<span class="visually-hidden"> the shared record</span>
          </button>
        )}
        <button type="button" class="record-freshness__clear" onClick={() => void sendMessage('clearCachedData', undefined).catch(() => {})}>
          Clear cached records
        </button>
      </p>
      {status === 'offline' && (
        <p class="notice notice--offline" data-testid="offline-notice">
          {offline}
        </p>
      )}
      {status === 'error' && (
        <p class="notice notice--error" data-testid="error-notice">
          {failed}
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
