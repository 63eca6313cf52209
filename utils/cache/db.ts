/**
 * Alongside's cache, in IndexedDB through Dexie, in the extension's own origin only.
 * The background writes; the side panel reads with `liveQuery`, so every write redraws the panel.
 * Every `version(n)` is kept; data changes go in `.upgrade()`, each migration tested.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Patient, Resource } from '@medplum/fhirtypes';

/** One patient's cached record. */
export interface PatientRecordRow {
  /** `<FHIR base URL>|<Patient.id>`: records from different servers never mix. */
  key: string;
  serverBase: string;
  patientId: string;
  patient: Patient;
  resources: Resource[];
  /** Searches that failed at the last fetch. */
  incomplete: string[];
  /** When the server last answered for this record (ms since epoch). */
  fetchedAt: number;
}

/** Identifier → patient, so a patient opened again is found without asking the server. */
export interface IdentifierRow {
  /** `<FHIR base URL>|<system>|<value>` */
  key: string;
  patientKey: string;
  patientId: string;
  resolvedAt: number;
}

/** How the last attempt to refresh a record went, for the panel's "offline" and "error" states. */
export interface SyncStateRow {
  /** The record's key. */
  key: string;
  status: 'syncing' | 'ok' | 'offline' | 'error';
  lastAttemptAt: number;
  message?: string;
}

export class AlongsideDb extends Dexie {
  records!: EntityTable<PatientRecordRow, 'key'>;
  identifiers!: EntityTable<IdentifierRow, 'key'>;
  syncStates!: EntityTable<SyncStateRow, 'key'>;

  constructor(name = 'alongside') {
    super(name);
    this.version(1).stores({
      records: 'key, fetchedAt',
      identifiers: 'key, patientKey',
      syncStates: 'key',
    });
  }
}

/** The key of a patient's record on a server. */
export function patientKey(serverBase: string, patientId: string): string {
  return `${serverBase}|${patientId}`;
}

let shared: AlongsideDb | undefined;
/** The extension's one database connection (created on first use, never at import time). */
export function getDb(): AlongsideDb {
  shared ??= new AlongsideDb();
  return shared;
}
