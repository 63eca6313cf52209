/**
 * Prefetch: when the EPR page in view lists patients (a clinic list, a ward list, a worklist), their
 * records are fetched ahead into the cache, so each opens at once when the clinician opens them.
 *
 * Prefetch is a query, not a view: nothing fetched ahead is shown, badged, watched or notified about until
 * its patient is opened (and then that view is audited as any other); each prefetch batch is audited as a
 * query naming the patients by id. Records fetched ahead follow every cache rule (sealed, session keys,
 * age limit, wipes). The newest list wins: a list opened replaces what is still waiting of an older one.
 * At most `prefetchMaxPatients` of a list, at most one batch every few seconds, each batch looking
 * patients up and fetching their records in one request where the server answers chained searches.
 */
import { patientKey } from '@/utils/record/types';
import type { RecordStore } from '@/utils/storage/record-store';
import { openRecordsByIdentifiers, syncPatientRecord } from '@/utils/record/sync';
import { getKnownIdentifier, putKnownIdentifier } from '@/utils/context/identifier-index';
import type { PatientIdentifier } from '@/utils/shared/detection';
import type { FhirClient } from '@/utils/fhir/client';
import type { Settings } from '@/utils/settings/settings';

import { PREFETCH_BATCH_PATIENTS, PREFETCH_INTERVAL_MS } from './limits';

export interface PrefetchDeps {
  getStore(): Promise<RecordStore>;
  getClient(): Promise<FhirClient>;
  getSettings(): Promise<Pick<Settings, 'prefetchMaxPatients' | 'prefetchOrigins' | 'staleAfterSeconds'>>;
  /** Audits one prefetch batch: the patients fetched ahead, by shared-record id. */
  audit(patientIds: string[], eprOrigin: string): Promise<void>;
  /** True while the server must not be asked (sign-in required, nobody signed in). */
  paused?(): Promise<boolean>;
  now?: () => number;
  /** The wait between batches; tests shorten it. */
  intervalMs?: number;
  /** Told after each batch (tests, the bench). */
  onBatch?(result: { asked: number; fetched: number }): void;
}

/**
 * Fetches ahead the records of the patients a page lists, a batch at a time (see the top of this file).
 *
 * @param deps - where to get the record store, FHIR client and settings, and how to audit each batch
 */
export function createPrefetchService(deps: PrefetchDeps) {
  const now = deps.now ?? Date.now;
  const interval = deps.intervalMs ?? PREFETCH_INTERVAL_MS;
  let waiting: { origin: string; identifiers: PatientIdentifier[] } | undefined;
  let running: Promise<void> | undefined;
  let lastBatchAt = -Infinity;
  // Bumped by a wipe: a batch under way then writes nothing more after it.
  let generation = 0;

  /** The identifiers whose records are not already cached fresh (known mapping, record young enough). */
  async function notFresh(client: FhirClient, store: RecordStore, identifiers: readonly PatientIdentifier[], staleMs: number): Promise<PatientIdentifier[]> {
    const out: PatientIdentifier[] = [];
    for (const id of identifiers) {
      const known = await getKnownIdentifier(`${client.baseUrl}|${id.system}|${id.value}`);
      const record = known ? await store.get(patientKey(client.baseUrl, known.patientId)) : undefined;
      if (!record?.normalised || now() - record.fetchedAt >= staleMs) out.push(id);
    }
    return out;
  }

  async function drain(): Promise<void> {
    while (waiting?.identifiers.length) {
      const wait = lastBatchAt + interval - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!waiting?.identifiers.length) return;
      if (await deps.paused?.()) return;
      const started = generation;
      const { origin } = waiting;
      const [client, store, settings] = await Promise.all([deps.getClient(), deps.getStore(), deps.getSettings()]);
      const staleMs = settings.staleAfterSeconds * 1000;
      const chunk: PatientIdentifier[] = [];
      while (chunk.length < PREFETCH_BATCH_PATIENTS && waiting?.identifiers.length) {
        const next = waiting.identifiers.splice(0, PREFETCH_BATCH_PATIENTS - chunk.length);
        chunk.push(...(await notFresh(client, store, next, staleMs)));
      }
      if (!chunk.length) continue;
      lastBatchAt = now();
      let opened;
      try {
        opened = await openRecordsByIdentifiers(store, client, chunk, { now, stillWanted: () => generation === started });
      } catch {
        // Offline or refused: prefetch is a nicety; the patient is fetched when opened.
        return;
      }
      if (generation !== started) return;
      const fetchedIds: string[] = [];
      for (const [i, o] of opened.entries()) {
        if (o.kind !== 'found' || !o.patient.id) continue;
        const id = chunk[i]!;
        await putKnownIdentifier(`${client.baseUrl}|${id.system}|${id.value}`, { patientId: o.patient.id, resolvedAt: now() });
        // A server that cannot chain searches: the record is read by id (one more request each).
        if (!o.stored) await syncPatientRecord(store, client, o.patient.id, { staleAfterMs: staleMs, now, stillWanted: () => generation === started });
        fetchedIds.push(o.patient.id);
      }
      if (fetchedIds.length) await deps.audit(fetchedIds, origin);
      deps.onBatch?.({ asked: chunk.length, fetched: fetchedIds.length });
    }
  }

  return {
    /**
     * A page on `origin` lists these patients: fetch their records ahead (where the trust allows it).
     * Resolves when what was asked has been fetched, or replaced by a newer list.
     */
    async onList(origin: string, identifiers: readonly PatientIdentifier[]): Promise<void> {
      const settings = await deps.getSettings();
      if (settings.prefetchMaxPatients <= 0) return;
      if (settings.prefetchOrigins.length && !settings.prefetchOrigins.some((o) => o.replace(/\/$/, '') === origin)) return;
      const seen = new Set<string>();
      const unique = identifiers.filter((id) => !seen.has(`${id.system}|${id.value}`) && seen.add(`${id.system}|${id.value}`));
      waiting = { origin, identifiers: unique.slice(0, settings.prefetchMaxPatients) };
      running ??= drain().finally(() => (running = undefined));
      await running;
    },

    /** Everything cached was wiped: forget what was waiting, and write nothing from a batch under way. */
    clear(): void {
      generation++;
      waiting = undefined;
    },
  };
}
