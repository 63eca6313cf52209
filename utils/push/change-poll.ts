/**
 * Incremental polling, for servers that offer no subscription: one `batch` request per cycle asks
 * for everything watched that changed since the last cycle (`_lastUpdated`), and for the clinician's
 * own tasks (owned by them or their teams).
 *
 * One request per cycle whatever the number of watched patients: the patients go into each search
 * as a comma-separated OR list (FHIR search: a comma is OR within one parameter).
 */
import type { Bundle, Patient, Resource, Task } from '@medplum/fhirtypes';
import { FhirError, type FhirClient } from '@/utils/fhir/client';
import { PENDING_TASK_STATUSES } from '@/utils/record/fetch';
import { patientIdOf } from '@/utils/fhir/text';

export interface PollRequest {
  /** Patients the clinician has open or viewed today (FHIR ids on this server). */
  patientIds: string[];
  /** The clinician and their teams, as references (`Practitioner/1`, `Organization/X`). */
  owners: string[];
  /** Changes after this time; undefined: My tasks only.*/
  since?: Date;
}

export interface PollResult {
  /** Watched patients' resources changed since `since` (all types polled). */
  changed: Resource[];
  /** The clinician's pending tasks, all of them (My tasks), with their patients where the server included them. */
  myTasks: Task[];
  patients: Patient[];
  /** Searches the server failed, in words. */
  incomplete: string[];
}

/** Patients per search: keeps URLs well under common limits (about 40 bytes per reference). */
const MAX_PATIENTS_PER_SEARCH = 50;

/**
 * The searches of one cycle.
 *
 * @param req - the patients watched, the clinician and their teams, and since when
 */
export function pollSearches(req: PollRequest): { label: string; url: string }[] {
  const searches: { label: string; url: string }[] = [];
  if (req.owners.length) {
    // All my pending tasks every cycle, so My tasks is complete and "overdue" can be seen as time passes.
    searches.push({ label: 'my tasks', url: `Task?owner=${req.owners.join(',')}&status=${PENDING_TASK_STATUSES.join(',')}&_include=Task:patient&_count=200` });
  }
  if (req.since) {
    const changed = `_lastUpdated=gt${req.since.toISOString()}`;
    for (let i = 0; i < req.patientIds.length; i += MAX_PATIENTS_PER_SEARCH) {
      const refs = req.patientIds.slice(i, i + MAX_PATIENTS_PER_SEARCH).map((id) => `Patient/${id}`).join(',');
      searches.push(
        { label: 'tasks', url: `Task?subject=${refs}&${changed}&_count=200` },
        { label: 'appointments', url: `Appointment?actor=${refs}&${changed}&_count=200` },
        { label: 'encounters', url: `Encounter?subject=${refs}&${changed}&_count=200` },
        { label: 'alerts', url: `Flag?subject=${refs}&${changed}&_count=200` },
      );
    }
  }
  return searches;
}

/**
 * Runs one cycle: one batch request. Throws FhirError when the server cannot be reached at all.
 *
 * @param client - the shared record's FHIR client
 * @param req - the patients watched, the clinician and their teams, and since when
 */
export async function pollChanges(client: FhirClient, req: PollRequest): Promise<PollResult> {
  const searches = pollSearches(req);
  const result: PollResult = { changed: [], myTasks: [], patients: [], incomplete: [] };
  if (!searches.length) return result;
  const response = await client.batch({
    resourceType: 'Bundle',
    type: 'batch',
    entry: searches.map((s) => ({ request: { method: 'GET', url: s.url } })),
  });
  searches.forEach((search, i) => {
    const entry = response.entry?.[i];
    const bundle = entry?.resource as Bundle | undefined;
    if (!entry?.response?.status?.startsWith('2') || bundle?.resourceType !== 'Bundle') {
      result.incomplete.push(search.label);
      return;
    }
    for (const e of bundle.entry ?? []) {
      const r = e.resource;
      if (!r) continue;
      if (search.label === 'my tasks') {
        if (r.resourceType === 'Task') result.myTasks.push(r);
        else if (r.resourceType === 'Patient') result.patients.push(r);
      } else {
        result.changed.push(r);
      }
    }
  });
  return result;
}

/**
 * Reads the patients My tasks names that the server did not include (a server without `_include`).
 *
 * @param client - the shared record's FHIR client
 * @param tasks - the clinician's pending tasks
 * @param known - ids of the patients already read
 */
export async function fetchMissingPatients(client: FhirClient, tasks: Task[], known: Set<string>): Promise<Patient[]> {
  const missing = [...new Set(tasks.map((t) => patientIdOf(t.for?.reference)))].filter((id): id is string => !!id && !known.has(id));
  if (!missing.length) return [];
  try {
    const bundle = await client.search('Patient', { _id: missing.join(','), _count: String(missing.length) });
    return (bundle.entry ?? []).map((e) => e.resource).filter((p): p is Patient => p?.resourceType === 'Patient');
  } catch (err) {
    if (err instanceof FhirError) return [];
    throw err;
  }
}
