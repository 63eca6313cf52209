/**
 * Alongside's cache, in IndexedDB through Dexie, in the extension's own origin only.
 * The background writes; the side panel reads with `liveQuery`, so every write redraws the panel.
 * Every `version(n)` is kept; data changes go in `.upgrade()`, each migration tested.
 *
 * Nothing here is readable without the session's keys (see session-crypto.ts): row keys are HMACs and
 * record contents are sealed.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { AuditEvent } from '@medplum/fhirtypes';
import type { SyncState } from '@/utils/record/types';
import type { Sealed } from './session-crypto';

/** One patient's cached record, sealed. */
export interface PatientRecordRow {
  /** HMAC of `<FHIR base URL>|<Patient.id>`: records from different servers never mix. */
  key: string;
  /** When the server last answered for this record (ms since epoch); kept clear for expiry. */
  fetchedAt: number;
  sealed: Sealed;
}

/** How the last attempt to refresh a record went (utils/record/types.ts), by the record's row key. */
export interface SyncStateRow extends SyncState {
  /** The record's row key. */
  key: string;
}

/** When this browser's clinician last viewed a patient's record, for "new since you last looked". */
export interface ViewRow {
  /** The record's row key (an HMAC). */
  key: string;
  lastViewedAt: number;
}

/** A record-view AuditEvent waiting to be accepted by the audit endpoint (no identifying details). */
export interface AuditOutboxRow {
  /** One per viewed context. */
  key: string;
  event: AuditEvent;
  queuedAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
}

/**
 * A task write the clinician made, waiting for the server (the task outbox, utils/tasks/task-outbox.ts).
 * Only its state and timing are in the clear; what it says, and about whom, is sealed.
 */
export interface TaskWriteRow {
  writeId: string;
  /** Order made: writes to one task go to the server in this order. */
  seq: number;
  /**
   * `waiting`: will be sent (now or after a backoff); `conflict` and `refused`: need the clinician;
   * `held`: made by another clinician or for another server than the one signed in now, so not sent.
   */
  state: 'waiting' | 'conflict' | 'refused' | 'held';
  attempts: number;
  nextAttemptAt: number;
  madeAt: number;
  sealed: Sealed;
}

/** Keys kept across browser sessions (the task outbox's); CryptoKeys stored non-extractable. */
export interface KeyRow {
  name: string;
  key: CryptoKey;
}

/**
 * The extension's database. Each table has one writer, in the background worker; the extension's pages
 * only read (docs/architecture.md). The wipe (utils/background/lifecycle.ts) clears every table.
 */
export class AlongsideDb extends Dexie {
  /** Written by the record's sync (utils/record/sync.ts, through utils/storage/record-store.ts). */
  records!: EntityTable<PatientRecordRow, 'key'>;
  /** Written by the record's sync, beside `records`. */
  syncStates!: EntityTable<SyncStateRow, 'key'>;
  /** Written when the panel says a record was viewed (utils/background/record-views.ts). */
  views!: EntityTable<ViewRow, 'key'>;
  /** Written by the audit (utils/audit/audit-queue.ts). */
  auditOutbox!: EntityTable<AuditOutboxRow, 'key'>;
  /** Written by the task writes (utils/tasks/task-outbox.ts). */
  taskOutbox!: EntityTable<TaskWriteRow, 'writeId'>;
  /** Written once, by the task outbox's key (utils/tasks/task-outbox.ts). */
  keys!: EntityTable<KeyRow, 'name'>;

  constructor(name = 'alongside') {
    super(name);
    // v1: records in the clear, keyed by server|id, and an identifier index on disk.
    this.version(1).stores({
      records: 'key, fetchedAt',
      identifiers: 'key, patientKey',
      syncStates: 'key',
    });
    // v2: records sealed under session keys; the identifier index moves to session storage (memory).
    // Cleartext data from v1 is deleted, not converted: it should never have been on disk.
    this.version(2)
      .stores({ records: 'key, fetchedAt', identifiers: null, syncStates: 'key' })
      .upgrade(async (tx) => {
        await tx.table('records').clear();
        await tx.table('syncStates').clear();
      });
    // v3: when each patient was last viewed (a time only, keyed like the records).
    this.version(3).stores({ records: 'key, fetchedAt', syncStates: 'key', views: 'key' });
    // v4: the audit outbox.
    this.version(4).stores({ records: 'key, fetchedAt', syncStates: 'key', views: 'key', auditOutbox: 'key, nextAttemptAt' });
    // v5: the task outbox, and the key that seals it (which must outlive the session, see task-outbox.ts).
    this.version(5).stores({
      records: 'key, fetchedAt',
      syncStates: 'key',
      views: 'key',
      auditOutbox: 'key, nextAttemptAt',
      taskOutbox: 'writeId, seq, state',
      keys: 'name',
    });
  }
}

let shared: AlongsideDb | undefined;
/** The extension's one database connection (created on first use, never at import time). */
export function getDb(): AlongsideDb {
  shared ??= new AlongsideDb();
  return shared;
}
