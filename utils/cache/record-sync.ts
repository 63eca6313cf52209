/**
 * Keeps a patient's cached record fresh: shows what is cached at once and refreshes it when stale.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import { fetchPatientRecord, fetchRecordChanges } from '../fhir/patient-record';
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
  /**
   * Asked of the Patient as fetched, before anything is written: false (the page shows someone else)
   * means the fetch is not kept, and the outcome is `rejected`.
   */
  accept?: (patient: Patient) => boolean;
}

export type SyncOutcome = 'fresh' | 'fetched' | 'changes' | 'dropped' | 'rejected' | 'offline' | 'error';

/** Changes are asked for from a little before the last sync, in case the server's clock is behind ours. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A full fetch at least this often: `_lastUpdated` cannot see a resource deleted on the server. */
const FULL_SYNC_EVERY_MS = 24 * 3_600_000;

/** The cached resources with the changed ones put in place of their old versions (by type and id). */
export function mergeChanges(cached: readonly Resource[], changed: readonly Resource[]): Resource[] {
  const byKey = new Map(cached.map((r) => [`${r.resourceType}/${r.id}`, r]));
  for (const r of changed) byKey.set(`${r.resourceType}/${r.id}`, r);
  return [...byKey.values()];
}

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
  const startedAt = now();
  const dropped = async () => {
    await store.setSyncState(key, { status: cached ? 'ok' : 'error', lastAttemptAt: now(), message: cached ? undefined : 'Fetch abandoned.' });
    return 'dropped' as const;
  };
  const rejected = async () => {
    await store.setSyncState(key, { status: 'error', lastAttemptAt: now(), message: 'The shared record names a different person from the page.' });
    return 'rejected' as const;
  };
  try {
    // Coming back to a record fetched whole recently: ask only for what changed since.
    if (!opts.force && cached?.syncedAt !== undefined && cached.fullSyncedAt !== undefined && startedAt - cached.fullSyncedAt < FULL_SYNC_EVERY_MS) {
      const changes = await fetchRecordChanges(client, patientId, new Date(cached.syncedAt - CLOCK_SKEW_MS));
      if (opts.stillWanted && !(await opts.stillWanted())) return await dropped();
      if (opts.accept && !opts.accept(changes.patient ?? cached.patient)) return await rejected();
      await store.put(
        {
          ...cached,
          patient: changes.patient ?? cached.patient,
          resources: mergeChanges(cached.resources, changes.resources),
          incomplete: changes.incomplete,
          fetchedAt: now(),
          syncedAt: startedAt,
        },
        { status: 'ok', lastAttemptAt: now() },
      );
      return 'changes';
    }
    const record = await fetchPatientRecord(client, patientId, new Date(startedAt));
    if (opts.stillWanted && !(await opts.stillWanted())) return await dropped();
    if (opts.accept && !opts.accept(record.patient)) return await rejected();
    await store.put(
      {
        patientKey: key,
        serverBase: client.baseUrl,
        patientId,
        patient: record.patient,
        resources: record.resources,
        incomplete: record.incomplete,
        fetchedAt: now(),
        fullSyncedAt: startedAt,
        syncedAt: startedAt,
      },
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
