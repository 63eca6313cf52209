/**
 * Cost at trust scale: N clinicians (100 by default, `TRUST_CLINICIANS`), each watching 10 patients
 * (every patient watched by two clinicians, say a GP and a community nurse), against the sandbox FHIR
 * server while changes arrive on the shared record. Measured twice: a server without Subscriptions
 * (every clinician polls each minute, the default `pollIntervalMinutes`) and one with R4 websocket
 * Subscriptions (a ping, then a check; a full check every 15 minutes). Then clinicians open their 10
 * patients, without and with prefetch from the clinic list.
 *
 * Each clinician uses the extension's own code for everything that reaches the server:
 * `pollChanges` and `fetchMissingPatients` (one watch cycle, as watch-service.ts runs them),
 * `SubscriptionChannel` with `subscriptionCriteria` (push-service.ts), and `fetchRecordsByIdentifiers`
 * (a patient opened; a prefetch batch of up to PREFETCH_BATCH_PATIENTS). What stays in the browser
 * (the cache, notifications) costs the server nothing and is left out. Time runs on a simulated clock
 * with real requests: polling for 10 minutes, pushes for 30 (every minute of polling costs the same;
 * pushes need two full checks to show); 20 of the clinicians then open their patients (the cost per
 * clinician is the same for all). The model and its figures: docs/sizing.md.
 */
import type { Appointment, Condition, Encounter, Patient, Resource, Task } from '@medplum/fhirtypes';
import { startFhirSandbox, type FhirSandbox } from '../sandbox/fhir-server/server';
import { buildSandboxData } from '../sandbox/seed';
import { testNhsNumber } from '../sandbox/seed/nhs-numbers';
import { SeededRandom } from '../sandbox/seed/random';
import { triggerSandboxEvent, type SandboxEventKind } from '../sandbox/events';
import { NHS_NUMBER_SYSTEM } from '../utils/shared/nhs-number';
import { FhirClient } from '../utils/fhir/client';
import { fetchRecordsByIdentifiers } from '../utils/record/fetch';
import { fetchMissingPatients, pollChanges } from '../utils/push/change-poll';
import { FULL_CHECK_MS } from '../utils/push/push-service';
import { SubscriptionChannel, subscriptionCriteria, type StoredSubscriptions } from '../utils/push/subscriptions';
import { PREFETCH_BATCH_PATIENTS } from '../utils/prefetch/limits';

type Report = (name: string, value: number | string) => void;

const WATCHED = 10;
const WATCHERS_PER_PATIENT = 2;
/** Simulated time: polling costs the same every minute, so 10 minutes show it; pushes need 30 (two full checks). */
const SIMULATED_MINUTES = { polling: 10, subscription: 30 } as const;
/** Clinicians who then open their patients (the cost per clinician is the same for all; fewer keep the bench short). */
const OPENING_CLINICIANS = 20;
/** Changes on the shared record (an admission, a missed appointment, a flag, a task…) per patient per hour. */
const EVENTS_PER_PATIENT_HOUR = 0.25;
/** Watch cycles run at once against the server (clinicians' cycles are spread over the minute). */
const CONCURRENCY = 8;
const MINUTE = 60_000;
/** The default `pollIntervalMinutes` (utils/policy/settings.ts, which plain Node cannot import: it reads the build mode). */
const POLL_MINUTES = 1;

interface Clinician {
  client: FhirClient;
  patients: Patient[];
  owners: string[];
  names: Set<string>;
  lastCheckAt: number;
  channel?: SubscriptionChannel;
}

const percentile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : 0;
};

/** A patient of the simulated trust, with a small record: two problems, a medicine, an encounter, an appointment. */
function simPatient(i: number, nhs: string): Resource[] {
  const id = `sim-p-${i}`;
  const subject = { reference: `Patient/${id}` };
  const at = new Date().toISOString();
  return [
    { resourceType: 'Patient', id, identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhs }], name: [{ family: `Simulated${i}`, given: ['Pat'] }], birthDate: '1950-01-01' } satisfies Patient,
    ...['Hypertension', 'Type 2 diabetes'].map((text, k): Condition => ({ resourceType: 'Condition', id: `${id}-c${k}`, subject, code: { text }, clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] } })),
    { resourceType: 'MedicationRequest', id: `${id}-m`, status: 'active', intent: 'order', subject, medicationCodeableConcept: { text: 'Metformin 500mg tablets' } },
    { resourceType: 'Encounter', id: `${id}-e`, status: 'finished', class: { code: 'AMB' }, subject, period: { start: at, end: at } } satisfies Encounter,
    { resourceType: 'Appointment', id: `${id}-a`, status: 'booked', start: at, end: at, participant: [{ actor: subject, status: 'accepted' }] } satisfies Appointment,
  ];
}

async function startTrust(clinicians: number, subscriptions: boolean) {
  const random = new SeededRandom(7);
  const used = new Set<string>();
  const patientCount = (clinicians * WATCHED) / WATCHERS_PER_PATIENT;
  const resources = Array.from({ length: patientCount }, (_, i) => simPatient(i, testNhsNumber(random, used))).flat();
  const fhir = await startFhirSandbox({ port: 0, resources: [...buildSandboxData({ syntheaDir: null }).resources, ...resources], subscriptions });
  const patients = resources.filter((r): r is Patient => r.resourceType === 'Patient');
  // Clinician c watches patients 5c … 5c+9: each patient has two watchers; each ten clinicians a team.
  const people: Clinician[] = Array.from({ length: clinicians }, (_, c) => ({
    client: new FhirClient({ baseUrl: fhir.baseUrl }),
    patients: Array.from({ length: WATCHED }, (_, k) => patients[(c * (WATCHED / WATCHERS_PER_PATIENT) + k) % patientCount]!),
    owners: [`Practitioner/sim-c-${c}`, `Organization/sim-team-${Math.floor(c / 10)}`],
    names: new Set<string>(),
    lastCheckAt: -Infinity,
  }));
  return { fhir, patients, people, random };
}

/** One watch cycle's requests, as watch-service.ts makes them: the poll batch, then any patients My tasks names that were not included. */
async function cycle(who: Clinician, since: Date, timings: number[]): Promise<void> {
  const started = performance.now();
  const result = await pollChanges(who.client, { patientIds: who.patients.map((p) => p.id!), owners: who.owners, since });
  timings.push(performance.now() - started);
  for (const p of result.patients) if (p.id) who.names.add(p.id);
  for (const p of await fetchMissingPatients(who.client, result.myTasks, who.names)) if (p.id) who.names.add(p.id);
}

async function inBatches<T>(items: T[], n: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += n) await Promise.all(items.slice(i, i + n).map(run));
}

/** This simulated minute's changes on the shared record, spread over the trust's patients. */
function makeEvents(trust: Awaited<ReturnType<typeof startTrust>>, carry: { due: number }) {
  const kinds: (SandboxEventKind | 'task')[] = ['admission', 'appointment-missed', 'safeguarding-flag', 'discharge', 'task'];
  carry.due += (trust.patients.length * EVENTS_PER_PATIENT_HOUR) / 60;
  const events: Promise<unknown>[] = [];
  for (; carry.due >= 1; carry.due--) {
    const patient = trust.random.pick(trust.patients);
    const kind = trust.random.pick(kinds);
    if (kind !== 'task') {
      events.push(triggerSandboxEvent(trust.fhir.repo, kind, patient.id!));
      continue;
    }
    // A task for a team looking after this patient.
    const watcher = trust.people.find((c) => c.patients.includes(patient))!;
    const task: Task = { resourceType: 'Task', status: 'requested', intent: 'order', for: { reference: `Patient/${patient.id}` }, owner: { reference: watcher.owners[1]! }, description: 'Review after discharge', authoredOn: new Date().toISOString() };
    events.push(trust.fhir.repo.createResource(task));
  }
  return Promise.all(events).then((e) => e.length);
}

const readsOf = (fhir: FhirSandbox, from: number) => fhir.requestLog.slice(from).length;

async function simulate(clinicians: number, subscriptions: boolean) {
  const minutes = SIMULATED_MINUTES[subscriptions ? 'subscription' : 'polling'];
  const trust = await startTrust(clinicians, subscriptions);
  const { fhir, people } = trust;
  const timings: number[] = [];
  let setupRequests = 0;
  let events = 0;
  let pings = 0;
  let lastActivity = Date.now();
  let inFlight = 0;
  let simNow = 0;
  try {
    const since = () => new Date(Date.now() - 60_000);
    const check = async (who: Clinician) => {
      inFlight++;
      try {
        await cycle(who, since(), timings);
        who.lastCheckAt = simNow;
      } finally {
        inFlight--;
        lastActivity = Date.now();
      }
    };
    if (subscriptions) {
      const from = fhir.requestLog.length;
      await inBatches(people, CONCURRENCY, async (who) => {
        let kept: StoredSubscriptions | null = null;
        const store = {
          getValue: async () => kept,
          setValue: async (value: StoredSubscriptions | null) => void (kept = value),
          removeValue: async () => void (kept = null),
        };
        who.channel = new SubscriptionChannel({
          store,
          onPing: () => {
            pings++;
            void check(who);
          },
        });
        await who.channel.sync(who.client, subscriptionCriteria(who.patients.map((p) => p.id!), who.owners));
      });
      setupRequests = readsOf(fhir, from);
    }
    // The first check of the day (the baseline), not counted: it is the same whichever way news arrives.
    await inBatches(people, CONCURRENCY, check);
    const from = fhir.requestLog.length;
    const carry = { due: 0 };
    for (let minute = 1; minute <= minutes; minute++) {
      simNow = minute * MINUTE;
      events += await makeEvents(trust, carry);
      if (!subscriptions) {
        // Every clinician's alarm, every minute (pollIntervalMinutes).
        if (minute % POLL_MINUTES === 0) await inBatches(people, CONCURRENCY, check);
        continue;
      }
      // Pushes arrive; the alarm only keeps Subscriptions in step, with a full check every 15 minutes.
      lastActivity = Date.now();
      while (inFlight > 0 || Date.now() - lastActivity < 250) await new Promise((r) => setTimeout(r, 25));
      await inBatches(people, CONCURRENCY, async (who) => {
        if (who.channel!.live && simNow - who.lastCheckAt < FULL_CHECK_MS) await who.channel!.sync(who.client, subscriptionCriteria(who.patients.map((p) => p.id!), who.owners));
        else await check(who);
      });
    }
    const watchRequests = readsOf(fhir, from);

    // A patient newly viewed joins what is watched: the Subscriptions are made again to match.
    let perWatchChange = 0;
    if (subscriptions) {
      const changing = people.slice(0, OPENING_CLINICIANS);
      const changeFrom = fhir.requestLog.length;
      await inBatches(changing, CONCURRENCY, async (who) => {
        const next = trust.patients[(trust.patients.indexOf(who.patients.at(-1)!) + 1) % trust.patients.length]!;
        await who.channel!.sync(who.client, subscriptionCriteria([...who.patients, next].map((p) => p.id!), who.owners));
      });
      perWatchChange = readsOf(fhir, changeFrom) / changing.length;
    }

    // Opening the 10 patients: one by one as the clinician opens them, or fetched ahead from the list.
    let openRequests = 0;
    let prefetchRequests = 0;
    if (!subscriptions) {
      const opening = people.slice(0, OPENING_CLINICIANS);
      const identifiers = (who: Clinician) => who.patients.map((p) => ({ system: NHS_NUMBER_SYSTEM, value: p.identifier![0]!.value! }));
      const openFrom = fhir.requestLog.length;
      await inBatches(opening, CONCURRENCY, async (who) => {
        for (const id of identifiers(who)) await fetchRecordsByIdentifiers(who.client, [id]);
      });
      openRequests = readsOf(fhir, openFrom) / opening.length;
      const prefetchFrom = fhir.requestLog.length;
      await inBatches(opening, CONCURRENCY, async (who) => {
        const ids = identifiers(who);
        for (let i = 0; i < ids.length; i += PREFETCH_BATCH_PATIENTS) await fetchRecordsByIdentifiers(who.client, ids.slice(i, i + PREFETCH_BATCH_PATIENTS));
      });
      prefetchRequests = readsOf(fhir, prefetchFrom) / opening.length;
    }
    return { minutes, events, pings, setupRequests, perWatchChange, watchRequests, openRequests, prefetchRequests, timings, patients: trust.patients.length };
  } finally {
    for (const who of people) who.channel?.close();
    await fhir.close();
  }
}

export async function benchTrustScale(report: Report): Promise<void> {
  const clinicians = Number(process.env.TRUST_CLINICIANS ?? 100);
  report('trust-sim-clinicians', clinicians);
  report('trust-sim-patients-watched-per-clinician', WATCHED);
  const results = { polling: await simulate(clinicians, false), subscription: await simulate(clinicians, true) };
  report('trust-sim-patients', results.polling.patients);
  report('trust-sim-events-per-hour', Math.round((results.subscription.events * 60) / results.subscription.minutes));
  // Opening a clinic of 10 patients an hour, measured once (it is the same whichever way news arrives).
  const { openRequests, prefetchRequests } = results.polling;
  report('trust-open-requests-per-clinic (no prefetch)', Math.round(openRequests * 10) / 10);
  report('trust-open-requests-per-clinic (prefetch)', Math.round(prefetchRequests * 10) / 10);
  // Every view is audited (one AuditEvent each), and so is each prefetch batch.
  const viewAudits = WATCHED;
  const prefetchAudits = Math.ceil(WATCHED / PREFETCH_BATCH_PATIENTS);
  const perSecond = (perClinicianHour: number) => Math.round(((perClinicianHour * 1000) / 3600) * 10) / 10;
  for (const [mode, r] of Object.entries(results)) {
    // What watching asks, and under pushes the Subscriptions made again for each patient newly viewed.
    const watchPerClinicianHour = ((r.watchRequests / clinicians) * 60) / r.minutes + WATCHED * r.perWatchChange;
    report(`trust-watch-requests-per-clinician-hour (${mode})`, Math.round(watchPerClinicianHour * 10) / 10);
    report(`trust-sim-requests-per-second-${clinicians}-clinicians (${mode})`, Math.round((r.watchRequests / (r.minutes * 60)) * 100) / 100);
    report(`trust-poll-batch-ms (${mode})`, Math.round(percentile(r.timings, 0.5)));
    report(`trust-poll-batch-p95-ms (${mode})`, Math.round(percentile(r.timings, 0.95)));
    if (mode === 'subscription') {
      report('trust-subscription-setup-requests-per-clinician', Math.round((r.setupRequests / clinicians) * 10) / 10);
      report('trust-subscription-requests-per-patient-newly-watched', Math.round(r.perWatchChange * 10) / 10);
      report('trust-pings-per-clinician-hour', Math.round(((r.pings / clinicians) * 60 * 10) / r.minutes) / 10);
    }
    report(`server-requests-per-second-1000-clinicians (${mode})`, perSecond(watchPerClinicianHour + openRequests + viewAudits));
    report(`server-requests-per-second-1000-clinicians (${mode}, prefetch)`, perSecond(watchPerClinicianHour + prefetchRequests + prefetchAudits + viewAudits));
  }
}
