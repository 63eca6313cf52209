/**
 * Highlights and sync figures: ranking time on a 10,000-resource record, words on the first screen
 * against words in the record, and requests and bytes per first open and per return visit against
 * fetching each resource type with its own request as a typical SMART app does (50 ms added latency).
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import { rankHighlights } from '../utils/highlights/rank';
import { normalisedRecord } from '../testing/scenarios/build';
import { FhirClient } from '../utils/fhir/client';
import { fetchPatientRecord, fetchRecordChanges, findPatientByIdentifier, recordSearches } from '../utils/record/fetch';
import { NHS_NUMBER_SYSTEM } from '../utils/shared/nhs-number';
import { startSandbox } from '../sandbox/index';
import { loadVocabulary } from '../utils/vocabulary';
import { readVocabularyFromDisk } from '../testing/vocabulary-from-disk';

type Report = (name: string, value: number) => void;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** A deterministic record of `n` resources, shaped like a long-lived patient's. */
export function bigRecord(n: number): Resource[] {
  const out: Resource[] = [];
  const P = { reference: 'Patient/p' };
  const day = (i: number) => new Date(Date.UTC(2010, 0, 1) + (i % 6000) * 86_400_000).toISOString();
  for (let i = 0; out.length < n; i++) {
    switch (i % 8) {
      case 0: out.push({ resourceType: 'Observation', id: `o${i}`, status: 'final', code: { text: 'Blood pressure' }, subject: P, effectiveDateTime: day(i) }); break;
      case 1: out.push({ resourceType: 'Encounter', id: `e${i}`, status: 'finished', class: { code: 'AMB' }, subject: P, period: { start: day(i) }, type: [{ text: 'Consultation' }] }); break;
      case 2: out.push({ resourceType: 'Condition', id: `c${i}`, subject: P, code: { text: `Problem ${i}` }, clinicalStatus: { coding: [{ code: i % 16 === 2 ? 'active' : 'resolved' }] }, onsetDateTime: day(i) }); break;
      case 3: out.push({ resourceType: 'MedicationRequest', id: `m${i}`, status: i % 24 === 3 ? 'active' : 'stopped', intent: 'order', subject: P, medicationCodeableConcept: { text: i % 48 === 3 ? 'Warfarin 1mg' : `Medicine ${i}` } }); break;
      case 4: out.push({ resourceType: 'Task', id: `t${i}`, status: i % 40 === 4 ? 'requested' : 'completed', intent: 'order', for: P, description: `Task ${i}`, restriction: { period: { end: day(i).slice(0, 10) } } }); break;
      case 5: out.push({ resourceType: 'Appointment', id: `a${i}`, status: 'fulfilled', start: day(i), participant: [] }); break;
      case 6: out.push({ resourceType: 'Immunization', id: `i${i}`, status: 'completed', vaccineCode: { text: 'Influenza' }, patient: P, occurrenceDateTime: day(i) }); break;
      default: out.push({ resourceType: 'DiagnosticReport', id: `d${i}`, status: 'final', code: { text: 'Full blood count' }, subject: P });
    }
  }
  return out;
}

const TEXT_KEYS = new Set(['text', 'display', 'description', 'family', 'given', 'prefix', 'comment', 'name', 'title']);
/** Words a clinician would have to read: the human-readable strings of the record. */
function recordWords(value: unknown, key = ''): number {
  if (typeof value === 'string') return TEXT_KEYS.has(key) ? value.split(/\s+/).filter(Boolean).length : 0;
  if (Array.isArray(value)) return value.reduce<number>((n, v) => n + recordWords(v, key), 0);
  if (value && typeof value === 'object') return Object.entries(value).reduce((n, [k, v]) => n + recordWords(v, k === 'div' ? 'text' : k), 0);
  return 0;
}

export async function benchHighlightsAndSync(report: Report): Promise<void> {
  // As the background does before it first normalises a record (from its package there, from disk here).
  await loadVocabulary(readVocabularyFromDisk);
  const record = bigRecord(10_000);
  const now = new Date('2026-11-24T10:00:00Z');
  // Normalising runs once per fetch, in the background; ranking runs at every draw, in the panel.
  const normaliseTimes: number[] = [];
  let normalised = normalisedRecord(record, { now });
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    normalised = normalisedRecord(record, { now });
    normaliseTimes.push(performance.now() - t);
  }
  report('normalise-10k-ms', Number(median(normaliseTimes).toFixed(2)));
  rankHighlights(normalised, record, { now });
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    rankHighlights(normalised, record, { now });
    times.push(performance.now() - t);
  }
  report('rank-10k-ms', Number(median(times).toFixed(2)));

  const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0 });
  try {
    // The largest synthetic patient: words on the first screen against words in the whole record.
    const byPatient = new Map<string, number>();
    for (const r of sandbox.data.resources) {
      const ref = JSON.stringify(r).match(/"Patient\/([^"]+)"/)?.[1];
      if (ref) byPatient.set(ref, (byPatient.get(ref) ?? 0) + 1);
    }
    const [largest] = [...byPatient.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const whole = sandbox.data.resources.filter((r) => r.id === largest || JSON.stringify(r).includes(`"Patient/${largest}"`));
    const patient = whole.find((r) => r.resourceType === 'Patient' && r.id === largest) as Patient | undefined;
    const first = rankHighlights(normalisedRecord(whole, { now: new Date(), patient }), whole, { now: new Date() }).firstScreen;
    report('first-screen-words', first.reduce((n, l) => n + l.text.split(/\s+/).length, 0));
    report('record-words', recordWords(whole));
    report('record-resources', whole.length);

    // Requests and bytes, with 50 ms added to every answer.
    sandbox.fhir.setFaults({ delayMs: [50, 50] });
    let requests = 0;
    let bytes = 0;
    const counting: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      requests++;
      bytes += body.byteLength;
      return new Response(body, { status: res.status, headers: res.headers });
    };
    const client = new FhirClient({ baseUrl: sandbox.fhir.baseUrl, fetch: counting });
    const p = sandbox.data.roster[0]!;
    const measure = async (work: () => Promise<unknown>) => {
      requests = 0;
      bytes = 0;
      const t = performance.now();
      await work();
      return { ms: performance.now() - t, requests, bytes };
    };
    const batch = await measure(async () => {
      const found = await findPatientByIdentifier(client, { system: NHS_NUMBER_SYSTEM, value: p.nhsNumber });
      if (found.kind === 'found') await fetchPatientRecord(client, found.patient.id!);
    });
    const since = new Date();
    const ret = await measure(() => fetchRecordChanges(client, p.fhirId, since));
    // A typical SMART app: the patient search, then one request per resource type, six at a time (a
    // browser's connections per host).
    const perType = await measure(async () => {
      const found = await findPatientByIdentifier(client, { system: NHS_NUMBER_SYSTEM, value: p.nhsNumber });
      if (found.kind !== 'found') return;
      const urls = recordSearches(found.patient.id!, new Date()).map((s) => s.url);
      for (let i = 0; i < urls.length; i += 6) await Promise.all(urls.slice(i, i + 6).map((u) => client.request('GET', u)));
    });
    report('first-open-requests', batch.requests);
    report('first-open-bytes', batch.bytes);
    report('first-open-ms', Math.round(batch.ms));
    report('return-visit-requests', ret.requests);
    report('return-visit-bytes', ret.bytes);
    report('per-type-requests', perType.requests);
    report('per-type-bytes', perType.bytes);
    report('per-type-ms', Math.round(perType.ms));
    report('per-type-vs-batch-ratio', Number((perType.ms / batch.ms).toFixed(2)));
    report('per-type-vs-batch-requests-ratio', Number((perType.requests / batch.requests).toFixed(2)));
  } finally {
    await sandbox.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchHighlightsAndSync((name, value) => console.log(`${name}: ${value}`));
}
