/**
 * Keeps a patient's cached record fresh: shows what is cached at once and refreshes it when stale.
 */
import { fetchPatientRecord } from '../fhir/patient-record';
import { FhirError, type FhirClient } from '../fhir/client';
import { patientKey } from './db';
import type { RecordStore } from './record-store';

export interface SyncOptions {
  /** A record fetched more recently than this is not fetched again (unless forced). */
  staleAfterMs: number;
  /** Fetch even if fresh (the clinician pressed refresh). */
  force?: boolean;
  now?: () => number;
  /** Asked just before writing: false means the context this fetch was for has gone, so drop it. */
  stillWanted?: () => Promise<boolean> | boolean;
}

export type SyncOutcome = 'fresh' | 'fetched' | 'dropped' | 'offline' | 'error';

/**
 * Refreshes the record of `patientId` if it is stale. Never throws: failures are written as the
 * record's sync state so the panel can show the cached copy with an offline or error notice.
 */
export async function syncPatientRecord(store: RecordStore, client: FhirClient, patientId: string, opts: SyncOptions): Promise<SyncOutcome> {
  const now = opts.now ?? Date.now;
  const key = patientKey(client.baseUrl, patientId);
  const cached = await store.get(key);
  if (!opts.force && cached && now() - cached.fetchedAt < opts.staleAfterMs) {
    const state = await store.syncState(key);
    if (state?.status !== 'ok') await store.setSyncState(key, { status: 'ok', lastAttemptAt: cached.fetchedAt });
    return 'fresh';
  }

  await store.setSyncState(key, { status: 'syncing', lastAttemptAt: now() });
  try {
    const record = await fetchPatientRecord(client, patientId, new Date(now()));
    if (opts.stillWanted && !(await opts.stillWanted())) {
      await store.setSyncState(key, { status: cached ? 'ok' : 'error', lastAttemptAt: now(), message: cached ? undefined : 'Fetch abandoned.' });
      return 'dropped';
    }
    await store.put(
      { patientKey: key, serverBase: client.baseUrl, patientId, patient: record.patient, resources: record.resources, incomplete: record.incomplete, fetchedAt: now() },
      { status: 'ok', lastAttemptAt: now() },
    );
    return 'fetched';
  } catch (err) {
    const offline = err instanceof FhirError && err.isOffline;
    const message = err instanceof Error ? err.message : 'The shared record could not be read.';
    await store.setSyncState(key, { status: offline ? 'offline' : 'error', lastAttemptAt: now(), message });
    return offline ? 'offline' : 'error';
  }
}
