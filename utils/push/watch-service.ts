/**
 * Keeps watched data fresh without the clinician asking: patients open in tabs, patients viewed
 * today, and My tasks. Each cycle is one request (see change-poll.ts); what changed goes into the
 * cached records, My tasks is replaced, and new events are handed to the notifier.
 *
 * Its state lives in `storage.session`: it survives the service worker stopping, and nothing of it
 * outlives the browser session. The first cycle of a session is a baseline: what is already true
 * then (a task overdue since yesterday) is not news.
 */
import type { Patient, Resource, Task } from '@medplum/fhirtypes';
import { patientKey } from '@/utils/record/types';
import type { RecordStore } from '@/utils/storage/record-store';
import { mergeChanges, ofThisSession, prepareRecord } from '@/utils/record/sync';
import { loadVocabulary } from '@/utils/vocabulary';
import { allTabContexts } from '@/utils/context/tab-contexts';
import { retryAfterOf, type FhirClient } from '@/utils/fhir/client';
import { BACKOFF, retryDelayMs } from '@/utils/fhir/retry';
import { nameText, officialName, patientIdOf } from '@/utils/fhir/text';
import { isRestricted, withholdingFor, withoutRestrictedContacts } from '@/utils/record/guards/restricted';
import { myTasks, watchState } from '@/utils/shared/state';
import { RESTRICTED_NAME, type MyTasks } from './my-tasks';
import { pendingTasks } from '@/utils/tasks/pending-tasks';
import { detectEvents, type CareEvent } from './care-events';
import { fetchMissingPatients, pollChanges } from './change-poll';

export { RESTRICTED_NAME, type MyTasks } from './my-tasks';

/** Cycles overlap by this much, so a change stamped just as a cycle ran is not missed. */
const OVERLAP_MS = 60_000;
const MAX_REMEMBERED_EVENTS = 2_000;

export interface WatchState {
  serverBase?: string;
  /** When the last cycle started, on the server's clock (see `FhirClient.onServerClock`). */
  lastPollAt?: number;
  notified: string[];
  viewedToday: { patientId: string; at: number }[];
  patientNames: Record<string, string>;
  /** Cycles failed in a row, and when the next may run (ms since epoch). */
  failures?: number;
  retryAt?: number;
  /**
   * Events remembered in `notified` but not yet handed to the notifier: written in the same write as
   * `notified`, and handed over before anything else at the next cycle, so a worker stopped between the
   * two loses none (the notifier keeps one notice per event, so none is told twice).
   */
  owed?: CareEvent[];
}


export interface WatchServiceDeps {
  getClient(): Promise<FhirClient>;
  getStore(): Promise<RecordStore>;
  /** The clinician and their teams, as references. */
  getOwners(): Promise<string[]>;
  notify(events: CareEvent[]): Promise<void>;
  /**
   * Signed out where sign-in is required: no cycle runs. Asked after the wipe generation is taken, so a
   * cycle either sees the clinician gone or is wiped with them: none writes for nobody.
   */
  paused?(): Promise<boolean>;
  now?: () => number;
  /** A number in [0, 1) for the back-off's jitter; tests inject their own. */
  random?: () => number;
}

export interface CycleResult {
  requests: number;
  events: CareEvent[];
  watched: number;
  baseline: boolean;
}

export type WatchService = ReturnType<typeof createWatchService>;

/**
 * Makes the watch service, which runs the cycles described at the top of this file, one at a time.
 *
 * @param deps - the FHIR client, the cache, the owners, where to send new events; `now` and `random` for tests
 */
export function createWatchService(deps: WatchServiceDeps) {
  const now = deps.now ?? Date.now;
  let running: Promise<CycleResult | undefined> | undefined;
  // Bumped by every wipe: a cycle that started before it writes nothing after it (its answers are
  // what the last clinician could see).
  let generation = 0;

  async function readState(serverBase: string): Promise<WatchState> {
    const state = await watchState.getValue();
    // Another server is another world: start again.
    if (!state || state.serverBase !== serverBase) return { serverBase, notified: [], viewedToday: [], patientNames: {} };
    return state;
  }

  async function writeState(state: WatchState): Promise<void> {
    await watchState.setValue(state);
  }

  /**
   * Remembers a patient the clinician viewed, for the rest of the day.
   *
   * @param serverBase - the shared record's base URL (or the promise of it)
   * @param since - the wipe generation when the view was seen (`epoch()`, taken as it arrived): a view
   *   seen before a wipe is the last clinician's, and is never written after it
   */
  async function noteViewed(serverBase: string | Promise<string>, patientId: string, since = generation): Promise<void> {
    const started = since;
    if (generation !== started) return;
    const state = await readState(await serverBase);
    // A wipe while the state was read: the view was the last clinician's, and is forgotten with the rest.
    if (generation !== started) return;
    state.viewedToday = [...state.viewedToday.filter((v) => v.patientId !== patientId), { patientId, at: now() }];
    await writeState(state);
  }

  async function watchedPatients(serverBase: string, state: WatchState): Promise<string[]> {
    const startOfDay = new Date(now());
    startOfDay.setHours(0, 0, 0, 0);
    state.viewedToday = state.viewedToday.filter((v) => v.at >= startOfDay.getTime());
    const open = (await allTabContexts()).flatMap((c) => (c.resolution.status === 'found' && c.resolution.patientKey === patientKey(serverBase, c.resolution.patientId) ? [c.resolution.patientId] : []));
    return [...new Set([...open, ...state.viewedToday.map((v) => v.patientId)])].sort();
  }

  /** One cycle. One at a time; a cycle asked for while one runs shares its result (a forced one waits for it and runs). */
  function cycle(opts: { force?: boolean } = {}): Promise<CycleResult | undefined> {
    // "Check now" during a cycle that may be backing off: its own cycle runs after it.
    if (opts.force && running) return running.catch(() => undefined).then(() => cycle(opts));
    running ??= runCycle(opts.force ?? false).finally(() => (running = undefined));
    return running;
  }

  /** @param force - the clinician asked ("Check now"): asked at once, whatever the back-off says */
  async function runCycle(force: boolean): Promise<CycleResult | undefined> {
    const started = generation;
    const wiped = () => generation !== started;
    // The tokens went before this cycle began (a wipe may still be under way): nothing to ask, nothing
    // to write. Gone after it began: the wipe that follows bumps the generation, and nothing is written.
    if (await deps.paused?.()) return undefined;
    const [client, cache, owners] = await Promise.all([deps.getClient(), deps.getStore(), deps.getOwners()]);
    // Bound before `wiped()` is next asked: a wipe after that drops this cycle's record writes too.
    const store = ofThisSession(cache);
    const state = await readState(client.baseUrl);
    // What a stopped worker remembered but never told: told first, whatever the back-off says. A notifier
    // failing holds nothing up: what is owed stays owed, and the cycle goes on.
    await handOver(state, wiped).catch(() => {});
    const watched = await watchedPatients(client.baseUrl, state);
    const startedAt = now();
    // Backing off after a failure (the server down or busy): nothing is asked, and the alarm comes round
    // again; jittered, so a trust's browsers come back spread out, not in the same second.
    if (!force && state.retryAt !== undefined && state.retryAt > startedAt) return undefined;
    // The baseline asks for recent changes too, so that what changed just before it is not news after it.
    // Asked in the server's time (its last answer's Date): a machine clock 10 minutes fast would
    // otherwise ask for changes from the server's future, and never see one.
    const since = new Date((state.lastPollAt ?? client.onServerClock(startedAt)) - OVERLAP_MS);
    let requests = 1;
    let result: Awaited<ReturnType<typeof pollChanges>>;
    try {
      result = await pollChanges(client, { patientIds: watched, owners, since });
    } catch (err) {
      if (!wiped()) {
        state.failures = (state.failures ?? 0) + 1;
        state.retryAt = now() + retryDelayMs(state.failures, BACKOFF.poll, retryAfterOf(err), deps.random);
        await writeState(state);
      }
      throw err;
    }
    state.failures = undefined;
    state.retryAt = undefined;

    // Names for My tasks: included by the server, remembered, or read once (a server without _include).
    const names = state.patientNames;
    // A restricted (sensitive) patient is never named outside their own record: My tasks says so instead.
    const remember = (patients: Patient[]) => patients.forEach((p) => p.id && (names[p.id] = isRestricted(p) ? RESTRICTED_NAME : nameText(officialName(p.name)) || 'Name not recorded'));
    remember(result.patients);
    const missing = await fetchMissingPatients(client, result.myTasks, new Set(Object.keys(names)));
    if (missing.length) requests++;
    remember(missing);
    if (wiped()) return undefined;
    await saveMyTasks(client.baseUrl, result.myTasks, names, [...result.patients, ...missing]);

    // Keep the watched patients' cached records fresh with what changed.
    const byPatient = new Map<string, typeof result.changed>();
    for (const r of result.changed) {
      const id = patientOfResource(r);
      if (id) byPatient.set(id, [...(byPatient.get(id) ?? []), r]);
    }
    // Normalised again with the code lists (loaded once per worker).
    if (byPatient.size) await loadVocabulary();
    for (const [id, changed] of byPatient) {
      if (wiped()) return undefined;
      const record = await store.get(patientKey(client.baseUrl, id));
      // Normalised again, so the panel draws what changed.
      if (record) await store.put(prepareRecord({ ...record, resources: mergeChanges(record.resources, changed), fetchedAt: now() }, new Date(now())));
    }

    const baseline = state.lastPollAt === undefined;
    const events = detectEvents({ changed: result.changed, myTasks: result.myTasks, owners, watched: new Set(watched), now: new Date(startedAt) });
    const known = new Set(state.notified);
    const fresh = events.filter((e) => !known.has(e.key));
    for (const e of fresh) known.add(e.key);
    state.notified = [...known].slice(-MAX_REMEMBERED_EVENTS);
    state.lastPollAt = client.onServerClock(startedAt);
    // Remembered and owed in one write (see `owed`).
    if (!baseline && fresh.length) state.owed = [...(state.owed ?? []), ...fresh];
    if (wiped()) return undefined;
    await writeState(state);
    await handOver(state, wiped);
    return { requests, events: baseline ? [] : fresh, watched: watched.length, baseline };
  }

  /** Hands the events owed to the notifier, then writes that they were. Nothing after a wipe. */
  async function handOver(state: WatchState, wiped: () => boolean): Promise<void> {
    if (!state.owed?.length || wiped()) return;
    await deps.notify(state.owed);
    if (wiped()) return;
    state.owed = undefined;
    await writeState(state);
  }

  async function saveMyTasks(serverBase: string, tasks: Task[], names: Record<string, string>, patients: readonly Patient[]): Promise<void> {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const lines = pendingTasks(withheldWhereabouts(tasks, names, patients), new Date(now())).map((line) => {
      const patientId = patientIdOf(byId.get(line.id)?.for?.reference);
      return { ...line, patientId, patientName: patientId ? names[patientId] : undefined };
    });
    const mine: MyTasks = { fetchedAt: now(), serverBase, lines };
    await myTasks.setValue(mine);
  }

  /** The patients watched now (open in tabs, or viewed today) on this server. */
  async function watchedNow(serverBase: string): Promise<string[]> {
    return watchedPatients(serverBase, await readState(serverBase));
  }

  /** Forgets everything (sign-out, wipe). */
  async function clear(): Promise<void> {
    generation++;
    await Promise.all([watchState.removeValue(), myTasks.removeValue()]);
  }

  /** The wipe generation now: a caller takes it as an event arrives, and passes it to `noteViewed`. */
  const epoch = () => generation;

  return { cycle, noteViewed, clear, watchedNow, epoch };
}

/**
 * The tasks as My tasks may keep them: a restricted patient's, or one whose patient could not be read
 * (fail closed), without an address, postcode, telephone number or email in any text, as their record
 * keeps them (utils/record/guards/restricted.ts), with the patient's own address lines where this cycle
 * read the Patient.
 */
function withheldWhereabouts(tasks: readonly Task[], names: Readonly<Record<string, string>>, patients: readonly Patient[]): Task[] {
  return tasks.map((t) => {
    const patientId = patientIdOf(t.for?.reference);
    if (!patientId || (names[patientId] !== undefined && names[patientId] !== RESTRICTED_NAME)) return t;
    const own = patients.filter((p) => p.id === patientId);
    return withoutRestrictedContacts([t], true, withholdingFor(own, []))[0] as Task;
  });
}

/** The patient a polled resource is about (the kinds polled: Task, Appointment, Encounter, Flag). */
function patientOfResource(r: Resource): string | undefined {
  if (r.resourceType === 'Appointment') return r.participant?.map((p) => patientIdOf(p.actor?.reference)).find(Boolean);
  if (r.resourceType === 'Task') return patientIdOf(r.for?.reference);
  if (r.resourceType === 'Encounter' || r.resourceType === 'Flag') return patientIdOf(r.subject?.reference);
  return undefined;
}
