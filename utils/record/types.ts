/**
 * A patient's record as the record layer keeps it, and the cache it keeps it in: defined here, where
 * records are fetched, checked, normalised and synced; implemented by the storage layer
 * (utils/storage/record-store.ts), which seals them. So the record layer never reaches up to storage.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import type { NormalisedRecord, Omission, RecordSource } from '@/utils/fhir/normalised-record';
import type { LetterReading, MedicineChangeKind } from './letters/types';

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
  /**
   * The patient's letters on the shared record (DocumentReferences and Compositions) and what was read
   * from each (utils/record/sources/letters.ts): sealed with the record like the rest of it.
   */
  letters?: StoredLetter[];
}

/**
 * One medicine change a letter records, in the shape the record's medicines can take it in: which
 * medicine, what changed, when, by which organisation, and in which letter. (A medicine stopped at
 * discharge is then not "current" from an older source: the conflict rules read these.)
 */
export interface LetterMedicineChange {
  /** The medicine, as the letter names it. */
  medicine: string;
  change: MedicineChangeKind;
  /** When it changed: the change's own date where the letter gives one, else the letter's date. */
  date?: string;
  /** The organisation whose letter says so (its author's, else its custodian). */
  organisation?: string;
  /** The letter it is from, as `DocumentReference/id` or `Composition/id` on the shared record. */
  document: string;
  /** The letter's type in words ("Discharge summary"). */
  documentType?: string;
  /** What was amended. */
  details?: string;
  dose?: string;
  reason?: string;
}

/** A letter on the shared record, as kept with the patient's record. Plain text only, drawn as text. */
export interface StoredLetter {
  /** `DocumentReference/id` or `Composition/id` on the shared record: a Task's `focus`. */
  id: string;
  /** Which version was read: a letter whose resource is unchanged is not fetched or read again. */
  version: string;
  /** The letter's type in words ("Discharge summary"): the reading's, else the DocumentReference's. */
  documentType?: string;
  /** The organisation that wrote it (the author's, else the custodian). */
  authorOrganisation?: string;
  /** That organisation as a reference on the shared record, where the record gives one (Task.requester). */
  authorReference?: string;
  /** When it was written (FHIR date or dateTime). */
  date?: string;
  title?: string;
  /** When it reached the shared record (`meta.lastUpdated`): for "new since you last looked". */
  updated?: string;
  /** What the letter is known by (its resource, its identifiers, its Composition's): what a later one replaces. */
  identifiers: string[];
  /** What it replaces (references and identifiers). */
  replaces: string[];
  /** The later letter that replaces this one: then only that one's actions count. */
  replacedBy?: string;
  /** What was read, when it could be read (its medicine changes also below, in the record's shape). */
  reading?: LetterReading;
  medicineChanges: LetterMedicineChange[];
  /** Why it was not read, in Alongside's words, ending in what to do ("too large to read here: open it"). */
  problem?: string;
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
  /** The cache as seen by work that begins now: its writes are dropped once the cache is cleared (RecordStore). */
  session?(): RecordCache;
}

/**
 * The logical key of a patient's record on a server (memory only; on disk it is an HMAC).
 *
 * @param serverBase - the FHIR server's base URL
 * @param patientId - the patient's FHIR id on that server
 */
export function patientKey(serverBase: string, patientId: string): string {
  return `${serverBase}|${patientId}`;
}
