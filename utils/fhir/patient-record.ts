/**
 * What Alongside fetches for one patient: everything the highlights and the task list need, in one
 * FHIR `batch` request (https://hl7.org/fhir/R4/http.html#transaction), with counts bounded and
 * paging followed where a server pages.
 */
import type { Bundle, BundleEntry, Patient, Resource } from '@medplum/fhirtypes';
import { FhirError, type FhirClient } from './client';
import type { PatientIdentifier } from '../context/types';

/** Task statuses that mean work is still waiting for someone (https://hl7.org/fhir/R4/valueset-task-status.html). */
export const PENDING_TASK_STATUSES = ['draft', 'requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold'] as const;

/** At most this many further pages are followed per search, so one huge record cannot run away. */
const MAX_EXTRA_PAGES = 4;

/** The record of one patient as fetched: the Patient, and the other resources the searches found. */
export interface FetchedRecord {
  patient: Patient;
  resources: Resource[];
  /** Searches that failed: the record is shown, marked incomplete. */
  incomplete: string[];
}

/**
 * The searches for one patient. Reference parameters carry the type prefix (`subject=Patient/123`),
 * which every server accepts and some require.
 *
 * @param patientId - the FHIR Patient.id
 * @param now - the current time, for date-bounded searches
 */
export function recordSearches(patientId: string, now: Date): { label: string; url: string }[] {
  const ref = `Patient/${patientId}`;
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  return [
    { label: 'patient', url: ref },
    { label: 'alerts', url: `Flag?subject=${ref}&status=active&_count=20` },
    { label: 'allergies', url: `AllergyIntolerance?patient=${ref}&_count=50` },
    { label: 'problems', url: `Condition?subject=${ref}&clinical-status=active&_count=50` },
    { label: 'medicines', url: `MedicationRequest?subject=${ref}&status=active&_count=50` },
    { label: 'encounters', url: `Encounter?subject=${ref}&_sort=-date&_count=10` },
    { label: 'appointments', url: `Appointment?actor=${ref}&date=ge${monthAgo}&_sort=date&_count=20` },
    { label: 'care team', url: `CareTeam?subject=${ref}&status=active&_count=5` },
    { label: 'tasks', url: `Task?subject=${ref}&status=${PENDING_TASK_STATUSES.join(',')}&_count=50` },
    { label: 'referrals', url: `ServiceRequest?subject=${ref}&status=active&_count=20` },
  ];
}

/**
 * The searches for what changed in a patient's record since `since` (`_lastUpdated`), for a return
 * visit. Status filters are left off, so a task completed or a flag withdrawn since comes back too and
 * replaces the cached copy; the highlights filter by status themselves.
 */
export function changeSearches(patientId: string, since: Date): { label: string; url: string }[] {
  const ref = `Patient/${patientId}`;
  const changed = `_lastUpdated=gt${since.toISOString()}`;
  return [
    { label: 'patient', url: `Patient?_id=${patientId}&${changed}` },
    { label: 'alerts', url: `Flag?subject=${ref}&${changed}` },
    { label: 'allergies', url: `AllergyIntolerance?patient=${ref}&${changed}` },
    { label: 'problems', url: `Condition?subject=${ref}&${changed}` },
    { label: 'medicines', url: `MedicationRequest?subject=${ref}&${changed}` },
    { label: 'encounters', url: `Encounter?subject=${ref}&${changed}` },
    { label: 'appointments', url: `Appointment?actor=${ref}&${changed}` },
    { label: 'care team', url: `CareTeam?subject=${ref}&${changed}` },
    { label: 'tasks', url: `Task?subject=${ref}&${changed}` },
    { label: 'referrals', url: `ServiceRequest?subject=${ref}&${changed}` },
  ];
}

/** What changed since a given time: the Patient if it did, and the other resources that did. */
export interface FetchedChanges {
  patient?: Patient;
  resources: Resource[];
  incomplete: string[];
}

/**
 * Fetches only what changed in a patient's record since `since`, in one batch request. A record
 * untouched since costs this one small request and answers with empty searchsets.
 */
export async function fetchRecordChanges(client: FhirClient, patientId: string, since: Date): Promise<FetchedChanges> {
  const { resources, incomplete } = await runSearches(client, changeSearches(patientId, since));
  const patient = resources.find((r): r is Patient => r.resourceType === 'Patient' && r.id === patientId);
  return { patient, resources: resources.filter((r) => r !== patient), incomplete };
}

/** Runs searches as one batch; each searchset's matches (and later pages) are collected. */
async function runSearches(client: FhirClient, searches: { label: string; url: string }[]): Promise<{ resources: Resource[]; incomplete: string[] }> {
  const response = await client.batch({ resourceType: 'Bundle', type: 'batch', entry: searches.map((s) => ({ request: { method: 'GET', url: s.url } })) });
  const resources: Resource[] = [];
  const incomplete: string[] = [];
  for (const [i, search] of searches.entries()) {
    const entry = response.entry?.[i];
    const status = Number.parseInt(entry?.response?.status ?? '', 10);
    if (entry?.resource?.resourceType !== 'Bundle' || !(status >= 200 && status < 300)) {
      incomplete.push(search.label);
      continue;
    }
    try {
      resources.push(...(await collectPages(client, entry.resource)));
    } catch {
      incomplete.push(search.label);
    }
  }
  return { resources, incomplete };
}

/**
 * Fetches a patient's record in one batch request (plus one request per extra page, where the server
 * pages). Throws `FhirError` when the batch itself fails or the Patient cannot be read.
 */
export async function fetchPatientRecord(client: FhirClient, patientId: string, now = new Date()): Promise<FetchedRecord> {
  const searches = recordSearches(patientId, now);
  const request: Bundle = {
    resourceType: 'Bundle',
    type: 'batch',
    entry: searches.map((s) => ({ request: { method: 'GET', url: s.url } })),
  };
  const response = await client.batch(request);
  const entries = response.entry ?? [];

  let patient: Patient | undefined;
  const resources: Resource[] = [];
  const incomplete: string[] = [];
  for (const [i, search] of searches.entries()) {
    const entry: BundleEntry | undefined = entries[i];
    const status = Number.parseInt(entry?.response?.status ?? '', 10);
    if (!entry?.resource || !(status >= 200 && status < 300)) {
      if (i === 0) throw new FhirError('http', 'The shared record could not return this patient.', status || undefined);
      incomplete.push(search.label);
      continue;
    }
    if (i === 0) {
      if (entry.resource.resourceType !== 'Patient') throw new FhirError('invalid', 'The shared record returned something other than a Patient.');
      patient = entry.resource;
      continue;
    }
    const bundle = entry.resource;
    if (bundle.resourceType !== 'Bundle') {
      incomplete.push(search.label);
      continue;
    }
    try {
      resources.push(...(await collectPages(client, bundle)));
    } catch {
      incomplete.push(search.label);
    }
  }
  if (!patient) throw new FhirError('invalid', 'The shared record returned no Patient.');
  return { patient, resources, incomplete };
}

/** The matches of a searchset, following `next` links (bounded). `_include`d resources are kept too. */
async function collectPages(client: FhirClient, first: Bundle): Promise<Resource[]> {
  const out: Resource[] = [];
  let page: Bundle | undefined = first;
  for (let n = 0; page && n <= MAX_EXTRA_PAGES; n++) {
    for (const e of page.entry ?? []) {
      if (e.resource && e.resource.resourceType !== 'OperationOutcome') out.push(e.resource);
    }
    const next: string | undefined = page.link?.find((l) => l.relation === 'next')?.url;
    page = next && n < MAX_EXTRA_PAGES ? await client.getUrl<Bundle>(next) : undefined;
  }
  return out;
}

/** The outcome of looking a patient up by identifier. Two matches is not a match: it is unsafe. */
export type PatientLookup =
  | { kind: 'found'; patient: Patient }
  | { kind: 'not-found' }
  | { kind: 'ambiguous'; count: number };

/** Finds the shared record's Patient for an identifier (`Patient?identifier=system|value`). */
export async function findPatientByIdentifier(client: FhirClient, identifier: PatientIdentifier): Promise<PatientLookup> {
  const bundle = await client.search('Patient', { identifier: `${identifier.system}|${identifier.value}`, _count: '2' });
  const matches = (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'include' && e.resource?.resourceType === 'Patient')
    .map((e) => e.resource as Patient);
  const distinct = new Set(matches.map((p) => p.id));
  if (distinct.size === 0) return { kind: 'not-found' };
  if (distinct.size > 1 || (bundle.total ?? 0) > 1) return { kind: 'ambiguous', count: Math.max(distinct.size, bundle.total ?? 0) };
  return { kind: 'found', patient: matches[0]! };
}
