/**
 * Keeps a patient's cached record fresh: shows what is cached at once and refreshes it when stale.
 * Every record is stored with its normalised form (utils/fhir/normalise), built here in the background
 * from the shared record and the other sources the trust configures (the GP record, national pointers).
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import { boundResources, fetchPatientRecord, fetchRecordChanges, fetchRecordsByIdentifiers, RECORD_CAPS, type FetchedRecord, type FetchNotes } from './fetch';
import type { PatientIdentifier } from '@/utils/shared/detection';
import { errorInOwnWords, FhirError, FhirClient, retryAfterOf } from '@/utils/fhir/client';
import { BACKOFF, retryDelayMs } from '@/utils/fhir/retry';
import { fetchGpRecord } from '@/utils/record/sources/gp-connect';
import { fetchNationalRecords } from '@/utils/record/sources/national-records';
import { readRecordLetters, type LetterReader, type LettersRead } from '@/utils/record/sources/letters';
import { pageLetterReader } from '@/utils/record/sources/letter-reader-page';
import type { NormalisedRecord, Omission } from '@/utils/fhir/normalised-record';
import { normaliseRecord, type RecordPart } from '@/utils/record/normalise/normalise-record';
import { withLetterMedicineChanges } from '@/utils/record/normalise/letter-medicines';
import { isRestricted, PRACTICE_WITHHELD, withheldNames, withholdingFor, withoutRestrictedContacts } from '@/utils/record/guards/restricted';
import { nhsNumberOf } from '@/utils/record/guards/nhs-number-verification';
import { classifyMedicine, flagMeaning, loadVocabulary, significantCondition } from '@/utils/vocabulary';
import { loadSettings } from '@/utils/settings/settings';
import { getAccessTokenFor } from '@/utils/fhir/smart-auth';
import { patientKey, type PatientRecord, type RecordCache, type StoredSource } from './types';

/**
 * The other sources a record is read from beside the shared record, where the trust configures them.
 * They never get the sign-in token: it is bound to the shared record's server.
 */
export interface RecordSources {
  gpConnect?: FhirClient;
  nationalRecords?: FhirClient;
}

/**
 * The other sources the settings name (none in a build nobody configured). With sign-in on, the GP
 * Connect proxy gets a token of its own, issued for it (its audience) to the signed-in clinician, so
 * it can check who asks and name them to GP Connect; never the shared record's token.
 */
export async function recordSourcesFromSettings(): Promise<RecordSources> {
  const s = await loadSettings();
  const auth = s.authIssuer ? { issuer: s.authIssuer, clientId: s.authClientId, scope: s.authScope, fhirBaseUrl: s.fhirBaseUrl } : undefined;
  return {
    gpConnect: s.gpConnectEndpoint
      ? new FhirClient({ baseUrl: s.gpConnectEndpoint, getAccessToken: auth ? () => getAccessTokenFor(auth, s.gpConnectEndpoint) : undefined })
      : undefined,
    nationalRecords: s.nationalRecordsEndpoint ? new FhirClient({ baseUrl: s.nationalRecordsEndpoint }) : undefined,
  };
}

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
  /** The other sources to read; default: those the settings name. */
  sources?: RecordSources;
  /** Where the patient's letters are read; default: the letter reader page (letter-reader-page.ts). */
  letters?: LetterReader;
  /** A number in [0, 1) for the back-off's jitter; tests inject their own. */
  random?: () => number;
}

export type SyncOutcome = 'fresh' | 'fetched' | 'changes' | 'dropped' | 'rejected' | 'offline' | 'error';

/**
 * Changes are asked for from a little before the last sync (kept on the server's clock, see
 * `FhirClient.onServerClock`), for a change stamped as the last sync ran, and the second the `Date` header rounds to.
 */
const CLOCK_SKEW_MS = 5 * 60_000;
/** A full fetch at least this often: `_lastUpdated` cannot see a resource deleted on the server. */
const FULL_SYNC_EVERY_MS = 24 * 3_600_000;

/**
 * What is kept first when a search or a record is past its caps: alerts that must be seen (resuscitation,
 * safeguarding), high-risk medicines and always-show conditions, before the rest of their kind.
 *
 * @param r - the resource to rank
 */
export function mustSeeFirst(r: Resource): boolean {
  if (r.resourceType === 'Flag') return flagMeaning(r).mustSee;
  if (r.resourceType === 'MedicationRequest' || r.resourceType === 'MedicationStatement') return !!classifyMedicine(r.medicationCodeableConcept, {}, new Date());
  if (r.resourceType === 'Condition') return !!significantCondition(r.code);
  return false;
}

/**
 * The cached resources with the changed ones put in place of their old versions (by type and id).
 *
 * @param cached - the resources in the cache
 * @param changed - the resources changed since, which win
 */
export function mergeChanges(cached: readonly Resource[], changed: readonly Resource[]): Resource[] {
  const byKey = new Map(cached.map((r) => [`${r.resourceType}/${r.id}`, r]));
  for (const r of changed) byKey.set(`${r.resourceType}/${r.id}`, r);
  return [...byKey.values()];
}

/**
 * A record as stored: its Patient without a restricted patient's contacts, its resources bounded, and
 * normalised. The whole record (raw resources, other sources and normalised form together) is kept
 * within `RECORD_CAPS.bytesPerRecord`: past it, fewer resources are kept (the most important kinds
 * first) until it fits, and the record says what was left out.
 *
 * @param record - the record as fetched, not yet normalised
 * @param now - today, for what is current
 */
export function prepareRecord(record: Omit<PatientRecord, 'normalised'>, now: Date): PatientRecord {
  // Restricted if any source says so: then no copy of the patient's whereabouts is kept, from any source:
  // contact details removed, free text redacted (their own address lines, postcodes, numbers, emails, the
  // practice they are registered with), each withholding said in its place.
  const patients = [record.patient, ...(record.otherSources ?? []).flatMap((o) => o.resources.filter((r): r is Patient => r.resourceType === 'Patient'))];
  const restricted = patients.some((p) => isRestricted(p));
  const withholding = !restricted ? undefined : withholdingFor(patients, [...record.resources, ...(record.otherSources ?? []).flatMap((o) => o.resources)], record.names, (record.otherSources ?? []).map((o) => o.organisation));
  const patient = withoutRestrictedContacts([record.patient], restricted, withholding)[0] as Patient;
  const names = withholding ? withheldNames(record.names, restricted, withholding) : record.names;
  const sources = (record.otherSources ?? []).map((o) => (restricted ? { ...o, organisation: o.organisation && PRACTICE_WITHHELD } : o));
  const notes = record.notes ?? { otherPatients: 0, omitted: [], unreadable: [] };
  let budget = RECORD_CAPS.bytesPerRecord;
  for (let attempt = 0; ; attempt++) {
    const caps = { resourcesPerRecord: RECORD_CAPS.resourcesPerRecord, bytesPerRecord: budget };
    const shared = boundResources(withoutRestrictedContacts(record.resources, restricted, withholding), caps, mustSeeFirst);
    const others = sources.map((o) => ({ source: o, bounded: boundResources(withoutRestrictedContacts(o.resources, restricted, withholding), caps, mustSeeFirst) }));
    const omitted = mergeOmissions(notes.omitted, [...shared.omitted, ...others.flatMap((o) => o.bounded.omitted.map((x) => ({ ...x, what: `${o.source.source} ${x.what}` })))]);
    const otherSources = others.map((o) => ({ ...o.source, resources: o.bounded.kept }));
    const parts: RecordPart[] = [
      { source: 'Shared record', resources: shared.kept, names },
      ...otherSources.map((o) => ({ source: o.source, resources: o.resources, idPrefix: o.idPrefix, organisation: o.organisation })),
    ];
    const normalised: NormalisedRecord = normaliseRecord({
      patient,
      parts,
      now,
      otherPatients: notes.otherPatients,
      omitted,
      unreadable: notes.unreadable,
      sources: [
        { source: 'Shared record', ok: record.incomplete.length === 0, problem: record.incomplete.length ? `did not return ${record.incomplete.join(', ')}` : undefined },
        ...otherSources.map((o) => ({ source: o.source, ok: !o.problem, problem: o.problem })),
      ],
    });
    // What the letters stopped or put on hold since is not current from an older source (issue 22).
    normalised.medicines = withLetterMedicineChanges(normalised.medicines, record.letters);
    const prepared: PatientRecord = { ...record, patient, resources: shared.kept, names, otherSources, notes: { ...notes, omitted }, normalised };
    // The letters are bounded where they are read (LETTER_CAPS), not at the cost of the record's resources.
    if (attempt >= 6 || JSON.stringify({ ...prepared, letters: undefined }).length <= RECORD_CAPS.bytesPerRecord) return prepared;
    budget = Math.floor(budget / 2);
  }
}

function mergeOmissions(a: readonly Omission[], b: readonly Omission[]): Omission[] {
  const byWhat = new Map<string, Omission>();
  for (const o of [...a, ...b]) {
    const seen = byWhat.get(o.what);
    byWhat.set(o.what, seen ? { what: o.what, count: seen.count + o.count, atLeast: seen.atLeast || o.atLeast, ...(seen.window && o.window ? { window: true } : {}) } : o);
  }
  return [...byWhat.values()];
}

/**
 * Reads the other sources for a patient. A source that fails keeps its last good copy, marked with the
 * problem; nothing from a source is kept unless it is this patient's (checked by NHS number).
 */
async function readOtherSources(sources: RecordSources, patient: Patient, cached: readonly StoredSource[] | undefined): Promise<{ stored: StoredSource[]; notes: FetchNotes }> {
  const nhsNumber = nhsNumberOf(patient);
  const stored: StoredSource[] = [];
  const notes: FetchNotes = { otherPatients: 0, omitted: [], unreadable: [] };
  const previous = (source: StoredSource['source']) => cached?.find((c) => c.source === source);
  const failed = (source: StoredSource['source'], idPrefix: string, err: unknown) => {
    const last = previous(source);
    stored.push({ source, idPrefix, resources: last?.resources ?? [], organisation: last?.organisation, problem: err instanceof Error ? err.message : 'could not be read' });
  };
  if (sources.gpConnect) {
    if (!nhsNumber) failed('GP record', 'gp:', new Error('no NHS number to ask the GP record with'));
    else {
      try {
        const gp = await fetchGpRecord(sources.gpConnect, nhsNumber);
        stored.push({ source: 'GP record', idPrefix: 'gp:', resources: gp.resources, organisation: gp.practice });
        notes.otherPatients += gp.otherPatients;
        notes.omitted.push(...gp.omitted);
      } catch (err) {
        failed('GP record', 'gp:', err);
      }
    }
  }
  if (sources.nationalRecords) {
    if (!nhsNumber) failed('National records', 'nrl:', new Error('no NHS number to search national records with'));
    else {
      try {
        const nrl = await fetchNationalRecords(sources.nationalRecords, nhsNumber);
        stored.push({ source: 'National records', idPrefix: 'nrl:', resources: nrl.resources });
        notes.otherPatients += nrl.otherPatients;
        if (nrl.leftOut) notes.omitted.push({ what: 'national record pointers', count: nrl.leftOut });
      } catch (err) {
        failed('National records', 'nrl:', err);
      }
    }
  }
  return { stored, notes };
}

/** Stores a record fetched whole (with what the other sources said, and its letters), prepared and normalised. */
async function storeWholeRecord(store: RecordCache, client: FhirClient, record: FetchedRecord, others: { stored: StoredSource[]; notes: FetchNotes }, letters: LettersRead, at: { startedAt: number; now: () => number }): Promise<void> {
  const patientId = record.patient.id!;
  await store.put(
    prepareRecord(
      {
        patientKey: patientKey(client.baseUrl, patientId),
        serverBase: client.baseUrl,
        patientId,
        patient: record.patient,
        resources: record.resources,
        incomplete: record.incomplete,
        names: record.names,
        otherSources: others.stored,
        letters: letters.letters,
        notes: {
          otherPatients: record.otherPatients + others.notes.otherPatients + letters.otherPatients,
          omitted: mergeOmissions(record.omitted, others.notes.omitted),
          unreadable: record.unreadable,
        },
        fetchedAt: at.now(),
        fullSyncedAt: at.startedAt,
        // On the server's clock (its answer just told us): the next `_lastUpdated` is asked in its time.
        syncedAt: client.onServerClock(at.startedAt),
      },
      new Date(at.startedAt),
    ),
    { status: 'ok', lastAttemptAt: at.now() },
  );
}

/** What looking a patient up by identifier came to, and whether their record is now cached. */
export type OpenedByIdentifier =
  | { kind: 'not-found' }
  | { kind: 'ambiguous'; count: number }
  /** `stored`: the record came with the lookup and is cached (false: not accepted, or to be read by id). */
  | { kind: 'found'; patient: Patient; stored: boolean };

/**
 * Looks patients up by identifier and caches their records, in one request where the server answers
 * chained searches (else the record is left to be read by id). For a patient opened cold, and for the
 * patients of a list (prefetch). Each record is kept only if `accept` takes its Patient.
 *
 * @param store - the cache the records are written to
 * @param client - the FHIR client for the configured server
 * @param identifiers - the patients to look up, as the EPR page shows them
 * @param opts - `accept` and `stillWanted` say whether to keep what was found; the record's other sources and
 *   letters; `now` for tests
 */
export async function openRecordsByIdentifiers(
  cache: RecordCache,
  client: FhirClient,
  identifiers: readonly PatientIdentifier[],
  opts: { now?: () => number; accept?: (patient: Patient) => boolean; stillWanted?: () => Promise<boolean> | boolean; sources?: RecordSources; letters?: LetterReader },
): Promise<OpenedByIdentifier[]> {
  // Bound before anything is awaited: a wipe from here on drops every write (letters are read between the check and the write).
  const store = ofThisSession(cache);
  const now = opts.now ?? Date.now;
  // The code lists rank what a cap keeps and normalise the record: loaded first (once per worker).
  await loadVocabulary();
  const startedAt = now();
  const fetched = await fetchRecordsByIdentifiers(client, identifiers, new Date(startedAt), {}, mustSeeFirst);
  // Asked for someone the clinician has left: nothing is written for them.
  if (opts.stillWanted && !(await opts.stillWanted())) return fetched.map((f) => (f.kind === 'found' ? { kind: 'found', patient: f.patient, stored: false } : f));
  const sources = opts.sources ?? (await recordSourcesFromSettings());
  const out: OpenedByIdentifier[] = [];
  for (const f of fetched) {
    if (f.kind !== 'found') {
      out.push(f);
      continue;
    }
    const take = !!f.record && (!opts.accept || opts.accept(f.patient));
    if (take) {
      const others = await readOtherSources(sources, f.patient, undefined);
      const letters = await readRecordLetters({ client, patient: f.patient, documents: f.record!.documents, complete: true, incomplete: f.record!.incomplete, names: f.record!.names, reader: opts.letters ?? pageLetterReader });
      await storeWholeRecord(store, client, f.record!, others, letters, { startedAt, now });
    }
    out.push({ kind: 'found', patient: f.patient, stored: take });
  }
  return out;
}

/**
 * The cache as seen by work beginning now (`RecordCache.session`): its writes are dropped after a wipe.
 *
 * @param cache - the record cache
 */
export function ofThisSession(cache: RecordCache): RecordCache {
  return cache.session?.() ?? cache;
}

/**
 * Refreshes the record of `patientId` if it is stale. Never throws: failures are written as the
 * record's sync state so the panel can show the cached copy with an offline or error notice.
 *
 * @param store - the cache the record is read from and written to
 * @param client - the FHIR client for the configured server
 * @param patientId - the Patient's id on that server
 * @param opts - when a record is stale, whether to fetch anyway, and whether to keep what comes back
 */
export async function syncPatientRecord(cache: RecordCache, client: FhirClient, patientId: string, opts: SyncOptions): Promise<SyncOutcome> {
  // Bound before anything is awaited: a wipe from here on drops every write of this sync.
  const store = ofThisSession(cache);
  const now = opts.now ?? Date.now;
  const key = patientKey(client.baseUrl, patientId);
  const cached = await store.get(key);
  // A record cached without its normalised form (an older version's) is never served: it is fetched again.
  if (!opts.force && cached?.normalised && now() - cached.fetchedAt < opts.staleAfterMs) {
    const state = await store.syncState(key);
    if (state?.status !== 'ok') await store.setSyncState(key, { status: 'ok', lastAttemptAt: cached.fetchedAt });
    return 'fresh';
  }

  const previous = await store.syncState(key);
  // Failed lately and still backing off (jittered, or the server's Retry-After): the last outcome stands
  // and the server is not asked, but by the clinician's Refresh. A clinician coming back to the same
  // patient in an outage, or a list's prefetch, does not hammer a server that is down or busy.
  if (!opts.force && previous?.retryAt !== undefined && previous.retryAt > now() && (previous.status === 'offline' || previous.status === 'error')) return previous.status;
  await store.setSyncState(key, { status: 'syncing', lastAttemptAt: now(), failures: previous?.failures });
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
    // The code lists rank what a cap keeps and normalise the record: loaded first (once per worker).
    await loadVocabulary();
    const sources = opts.sources ?? (await recordSourcesFromSettings());
    // Coming back to a record fetched whole recently: ask only for what changed since.
    // (A record cached before letters were read has none: it is fetched whole, letters and all.)
    if (!opts.force && cached?.normalised && cached.letters && cached.syncedAt !== undefined && cached.fullSyncedAt !== undefined && startedAt - cached.fullSyncedAt < FULL_SYNC_EVERY_MS) {
      const changes = await fetchRecordChanges(client, patientId, new Date(cached.syncedAt - CLOCK_SKEW_MS), cached.names, mustSeeFirst);
      if (opts.stillWanted && !(await opts.stillWanted())) return await dropped();
      const patient = changes.patient ?? cached.patient;
      if (opts.accept && !opts.accept(patient)) return await rejected();
      const others = await readOtherSources(sources, patient, cached.otherSources);
      const letters = await readRecordLetters({ client, patient, documents: changes.documents, cached: cached.letters, complete: false, names: changes.names, reader: opts.letters ?? pageLetterReader });
      if (opts.stillWanted && !(await opts.stillWanted())) return await dropped();
      await store.put(
        prepareRecord(
          {
            ...cached,
            patient,
            resources: mergeChanges(cached.resources, changes.resources),
            incomplete: changes.incomplete,
            names: changes.names,
            otherSources: others.stored,
            letters: letters.letters,
            notes: {
              otherPatients: (cached.notes?.otherPatients ?? 0) + changes.otherPatients + others.notes.otherPatients + letters.otherPatients,
              // The windows of the last full fetch still hold: a return visit asks only for what changed.
              omitted: mergeOmissions([...(cached.notes?.omitted ?? []).filter((o) => o.window), ...changes.omitted], others.notes.omitted),
              unreadable: changes.unreadable,
            },
            fetchedAt: now(),
            syncedAt: client.onServerClock(startedAt),
          },
          new Date(startedAt),
        ),
        { status: 'ok', lastAttemptAt: now() },
      );
      return 'changes';
    }
    const record = await fetchPatientRecord(client, patientId, new Date(startedAt), cached?.names, mustSeeFirst);
    if (opts.stillWanted && !(await opts.stillWanted())) return await dropped();
    if (opts.accept && !opts.accept(record.patient)) return await rejected();
    const others = await readOtherSources(sources, record.patient, cached?.otherSources);
    const letters = await readRecordLetters({ client, patient: record.patient, documents: record.documents, cached: cached?.letters, complete: true, incomplete: record.incomplete, names: record.names, reader: opts.letters ?? pageLetterReader });
    if (opts.stillWanted && !(await opts.stillWanted())) return await dropped();
    await storeWholeRecord(store, client, record, others, letters, { startedAt, now });
    return 'fetched';
  } catch (err) {
    const offline = err instanceof FhirError && err.isOffline;
    // Stored in the clear (the panel reads it): Alongside's words only, never the server's.
    const message = errorInOwnWords(err, 'The shared record could not be read.');
    const failures = (previous?.failures ?? 0) + 1;
    const retryAt = now() + retryDelayMs(failures, BACKOFF.sync, retryAfterOf(err), opts.random);
    await store.setSyncState(key, { status: offline ? 'offline' : 'error', lastAttemptAt: now(), message, failures, retryAt });
    return offline ? 'offline' : 'error';
  }
}
