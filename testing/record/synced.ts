/**
 * A record as the background keeps it: fetched from fake servers by the real sync (ownership checks,
 * caps, other sources, normalisation, sealing), then read back from the cache and ranked as the panel
 * does. Tests only; never bundled.
 */
import 'fake-indexeddb/auto';
import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import { AlongsideDb } from '../../utils/storage/db';
import { patientKey } from '../../utils/record/types';
import { RecordStore } from '../../utils/storage/record-store';
import { type PatientRecord } from '../../utils/record/types';
import { syncPatientRecord } from '../../utils/record/sync';
import { ensureSessionSecrets } from '../../utils/storage/session-crypto';
import { rankHighlights, type RankResult } from '../../utils/highlights/rank';
import { patientBanner, type BannerModel } from '../../utils/highlights/patient-banner';
import { recordGaps } from '../../utils/highlights/record-gaps';
import { FhirClient } from '../../utils/fhir/client';
import { fakeGpConnect, fakeNationalRecords, fakeSharedRecord } from './fake-servers';

export const SHARED_BASE = 'https://shared-record.test/fhir/R4';
export const GP_BASE = 'https://gp-proxy.test/gpconnect/structured/fhir';
export const NRL_BASE = 'https://nrl.test/FHIR/R4';
let n = 0;

export interface Synced {
  record: PatientRecord;
  ranked: RankResult;
  banner: BannerModel;
  gaps: string[];
  /** Each first-screen line as "rule | text | sources". */
  lines: string[];
  shared: ReturnType<typeof fakeSharedRecord>;
}

/** Syncs a patient from fake servers into a fresh cache and reads it back as the panel would. */
export async function syncedRecord(opts: { patient: Patient; resources?: Resource[]; gp?: Bundle; nationalRecords?: Resource[]; lenient?: boolean; anyType?: boolean; honourCount?: boolean; now: Date }): Promise<Synced> {
  const store = new RecordStore(new AlongsideDb(`record-layer-${n++}`), await ensureSessionSecrets());
  const shared = fakeSharedRecord(opts.patient, opts.resources ?? [], { baseUrl: SHARED_BASE, lenient: opts.lenient, anyType: opts.anyType, honourCount: opts.honourCount });
  const client = new FhirClient({ baseUrl: SHARED_BASE, fetch: shared.fetch });
  const sources = {
    gpConnect: opts.gp ? new FhirClient({ baseUrl: GP_BASE, fetch: fakeGpConnect(opts.gp).fetch }) : undefined,
    nationalRecords: opts.nationalRecords ? new FhirClient({ baseUrl: NRL_BASE, fetch: fakeNationalRecords(opts.nationalRecords).fetch }) : undefined,
  };
  const outcome = await syncPatientRecord(store, client, opts.patient.id!, { staleAfterMs: 0, now: () => opts.now.getTime(), sources });
  if (outcome !== 'fetched') throw new Error(`sync was ${outcome}: ${(await store.syncState(patientKey(SHARED_BASE, opts.patient.id!)))?.message}`);
  const record = (await store.get(patientKey(SHARED_BASE, opts.patient.id!)))!;
  const ranked = rankHighlights(record.normalised!, record.resources, { now: opts.now });
  return {
    record,
    ranked,
    banner: patientBanner(record.normalised!.patient, opts.now),
    gaps: recordGaps(record.normalised!, record.incomplete),
    lines: ranked.firstScreen.map((l) => `${l.ruleId} | ${l.text} | ${(l.source.sources ?? []).join(' + ')}`),
    shared,
  };
}
