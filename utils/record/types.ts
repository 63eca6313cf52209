/**
 * A patient's record as the record layer keeps it, and the cache it keeps it in: defined here, where
 * records are fetched, checked, normalised and synced; implemented by the storage layer
 * (utils/storage/record-store.ts), which seals them. So the record layer never reaches up to storage.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import type { NormalisedRecord, Omission, RecordSource } from '@/utils/fhir/normalised-record';

/** A patient's record as the rest of the extension sees it. */
export interface PatientRecord {
  patientKey: string;
  serverBase: string;
  patientId: string;
  patient: Patient;
  resources: Resource[];
  /** Searches that failed at the last fetch. */
  incomplete: string[];
  /** When the server last answered for this record (ms since epoch, this machine's clock: the panel's "as of"). */
  fetchedAt: number;
  /** When the last full fetch started (this machine's clock): a full fetch again after a day. */
  fullSyncedAt?: number;
  /** When the last fetch, full or of changes, started, on the server's clock: changes are asked for since then. */
  syncedAt?: number;
  /** Names of referenced Organizations, Practitioners, PractitionerRoles and Locations, read once. */
  names?: Record<string, string>;
  /** The other sources read with the record (the GP record, national pointers), as they last answered. */
  otherSources?: StoredSource[];
  /** What the last fetch noticed: resources of other patients dropped, what the caps left out, what could not be read. */
  notes?: { otherPatients: number; omitted: Omission[]; unreadable: string[] };
  /** The record in its one normalised form (utils/fhir/normalise), built in the background: what the panel draws. */
  normalised?: NormalisedRecord;
}

/** Another source's resources, kept with the record so the normalised form can be rebuilt on change. */
export interface StoredSource {
  source: RecordSource;
  idPrefix: string;
  resources: Resource[];
  /** The organisation its lines come from when no resource says (the GP practice). */
  organisation?: string;
  /** Why it could not be read this time (the last good copy is kept). */
  problem?: string;
}

/** How the last attempt to refresh a record went, for the panel's "offline" and "error" states. */
export interface SyncState {
  status: 'syncing' | 'ok' | 'offline' | 'error';
  lastAttemptAt: number;
  /** In Alongside's own words only (it is kept in the clear): never what a server said. */
  message?: string;
  /** Failed attempts in a row (offline or error), for the back-off. */
  failures?: number;
  /** After a failure: not asked again before this (ms since epoch), unless the clinician asks. */
  retryAt?: number;
}

/** Where records are kept, by their logical key (`patientKey`). */
export interface RecordCache {
  get(patientKey: string): Promise<PatientRecord | undefined>;
  /** Keeps a record (and its sync state, when given). */
  put(record: PatientRecord, state?: SyncState): Promise<void>;
  syncState(patientKey: string): Promise<SyncState | undefined>;
  setSyncState(patientKey: string, state: SyncState): Promise<void>;
}

/** The logical key of a patient's record on a server (memory only; on disk it is an HMAC). */
export function patientKey(serverBase: string, patientId: string): string {
  return `${serverBase}|${patientId}`;
}
