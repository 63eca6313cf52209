/**
 * What Alongside fetches for one patient: everything the highlights and the task list need, in one
 * FHIR `batch` request (https://hl7.org/fhir/R4/http.html#transaction), with counts bounded and
 * paging followed where a server pages.
 *
 * Nothing a server sends is taken on trust: every resource is checked to belong to the patient
 * (others are dropped and counted), and what is kept is capped per search and per record, the record
 * saying what was left out. References without a display (usual in UK Core) are read once, in one more
 * batch, and their names kept with the record.
 */
import type { Bundle, BundleEntry, Patient, Reference, Resource } from '@medplum/fhirtypes';
import { FhirError, type FhirClient } from '@/utils/fhir/client';
import type { PatientIdentifier } from '@/utils/shared/detection';
import type { Omission } from '@/utils/fhir/normalised-record';
import { keepOwnResources, type PatientIdentity } from '@/utils/record/guards/ownership';
import { nameOfResource, referenceKey } from '@/utils/record/guards/references';
import { nhsNumberOf } from '@/utils/record/guards/nhs-number-verification';

import { PENDING_TASK_STATUSES } from '@/utils/fhir/task-statuses';

export { PENDING_TASK_STATUSES };

/** At most this many further pages are followed per search, so one huge record cannot run away. */
const MAX_EXTRA_PAGES = 4;

/**
 * How much of what a server sends is kept. A server that ignores `_count` (or sends 100,000 Tasks) gets
 * the first `entriesPerSearch` of each search kept; a record past `resourcesPerRecord` or `bytesPerRecord`
 * (JSON) keeps what matters most first (alerts, allergies, problems, medicines…) and says what it left out.
 */
export const RECORD_CAPS = {
  entriesPerSearch: 250,
  resourcesPerRecord: 2_000,
  bytesPerRecord: 1024 * 1024,
  /** References read by name per fetch. */
  referencesPerFetch: 60,
} as const;

/** What the fetch noticed about what the server sent, beside the resources themselves. */
export interface FetchNotes {
  /** Resources about another patient (or about nobody we can tell): dropped. */
  otherPatients: number;
  /** What the caps left out. */
  omitted: Omission[];
  /** What could not be read (a reference that did not resolve). */
  unreadable: string[];
}

/** The record of one patient as fetched: the Patient, and the other resources the searches found. */
export interface FetchedRecord extends FetchNotes {
  patient: Patient;
  resources: Resource[];
  /** Searches that failed: the record is shown, marked incomplete. */
  incomplete: string[];
  /** Names of referenced Organizations, Practitioners, PractitionerRoles and Locations, read once. */
  names: Record<string, string>;
  /**
   * The patient's letters (DocumentReferences and Compositions), checked to be theirs like every
   * resource, kept apart from `resources`: they are read (utils/record/sources/letters.ts), not bounded
   * with the record (an attachment inline can be larger than a whole record) nor drawn as resources.
   */
  documents: Resource[];
}

/** The kinds of resource that are letters: kept apart from the record's resources (FetchedRecord.documents). */
const LETTER_TYPES = new Set(['DocumentReference', 'Composition']);

/**
 * A patient's resources split into their letters and the rest.
 *
 * @param resources - the patient's resources
 */
export function splitLetters(resources: readonly Resource[]): { documents: Resource[]; rest: Resource[] } {
  const documents: Resource[] = [];
  const rest: Resource[] = [];
  for (const r of resources) (LETTER_TYPES.has(r.resourceType) ? documents : rest).push(r);
  return { documents, rest };
}

/** The request header asking servers to refuse what they cannot honour rather than ignore it. */
export const STRICT_HANDLING = { Prefer: 'handling=strict' } as const;

/** One search of a patient's record. */
export interface RecordSearch {
  label: string;
  url: string;
  /**
   * The same search without the `_include`s that only bring the names of the people, organisations and
   * places it refers to: asked for instead where a server refuses those (the names are then read in one
   * more request).
   */
  bare?: string;
  /**
   * The search asks for a window on purpose (the 10 most recent encounters, the latest results, recent
   * stops): what it leaves out is said as "10 most recent of 298", never as a gap.
   */
  window?: boolean;
}

/** Who a reference may name, for `_include` by target type (never a Patient or RelatedPerson). */
const PEOPLE = ['Practitioner', 'PractitionerRole', 'Organization'];

/**
 * The record's searches: what each asks for, the parameter that names the patient, the filters for a
 * first fetch (a return visit asks for everything changed instead), and the references whose targets
 * are included for their names (https://hl7.org/fhir/R4/search.html#include, by target type).
 */
const SEARCHES: { label: string; type: string; patient: string; filters: string; changeFilters?: string; names: [param: string, targets: string[]][]; window?: true }[] = [
  { label: 'alerts', type: 'Flag', patient: 'subject', filters: 'status=active&_count=20', names: [['author', PEOPLE]] },
  { label: 'allergies', type: 'AllergyIntolerance', patient: 'patient', filters: '_count=50', names: [['recorder', PEOPLE.slice(0, 2)], ['asserter', PEOPLE.slice(0, 2)]] },
  { label: 'problems', type: 'Condition', patient: 'subject', filters: 'clinical-status=active&_count=50', names: [['asserter', PEOPLE.slice(0, 2)]] },
  {
    label: 'medicines', type: 'MedicationRequest', patient: 'subject', filters: 'status=active,on-hold&_include=MedicationRequest:medication&_count=50',
    changeFilters: '_include=MedicationRequest:medication', names: [['requester', PEOPLE]],
  },
  {
    label: 'medicines taken', type: 'MedicationStatement', patient: 'subject', filters: 'status=active,intended,on-hold&_include=MedicationStatement:medication&_count=50',
    changeFilters: '_include=MedicationStatement:medication', names: [['source', PEOPLE]],
  },
  // Stopped, ended and entered-in-error medicines and problems, the most recent: read only to contest the
  // same medicine or problem held active by another source (a GP's stop against a hospital's order).
  {
    label: 'medicines stopped', type: 'MedicationRequest', patient: 'subject', filters: 'status=stopped,completed,entered-in-error&_sort=-authoredon&_count=30',
    changeFilters: '_include=MedicationRequest:medication', names: [['requester', PEOPLE]], window: true,
  },
  {
    label: 'medicines taken stopped', type: 'MedicationStatement', patient: 'subject', filters: 'status=stopped,completed,entered-in-error&_sort=-effective&_count=30',
    changeFilters: '_include=MedicationStatement:medication', names: [['source', PEOPLE]], window: true,
  },
  { label: 'problems resolved', type: 'Condition', patient: 'subject', filters: 'clinical-status=resolved,inactive,remission&_sort=-recorded-date&_count=30', names: [], window: true },
  { label: 'encounters', type: 'Encounter', patient: 'subject', filters: '_sort=-date&_count=10', names: [['service-provider', ['Organization']], ['location', ['Location']]], window: true },
  { label: 'results', type: 'Observation', patient: 'subject', filters: '_sort=-date&_count=100', names: [], window: true },
  { label: 'appointments', type: 'Appointment', patient: 'actor', filters: 'date=ge{monthAgo}&_sort=date&_count=20', names: [['location', ['Location']]] },
  { label: 'care team', type: 'CareTeam', patient: 'subject', filters: 'status=active&_count=5', names: [['participant', PEOPLE]] },
  { label: 'tasks', type: 'Task', patient: 'subject', filters: `status=${PENDING_TASK_STATUSES.join(',')}&_count=50`, names: [['owner', PEOPLE], ['requester', PEOPLE]] },
  { label: 'referrals', type: 'ServiceRequest', patient: 'subject', filters: 'status=active&_count=20', names: [['requester', PEOPLE], ['performer', PEOPLE]] },
  // Letters: discharge summaries, clinic letters (a document Bundle, PDF, text or HTML attached) and
  // Compositions, newest first; read for what they ask (utils/record/sources/letters.ts).
  { label: 'letters', type: 'DocumentReference', patient: 'subject', filters: 'status=current&_sort=-date&_count=20', names: [['author', PEOPLE], ['custodian', ['Organization']]] },
  { label: 'clinical documents', type: 'Composition', patient: 'subject', filters: 'status=final,amended&_sort=-date&_count=20', names: [['author', PEOPLE]] },
];

function withNames(search: (typeof SEARCHES)[number], url: string): Pick<RecordSearch, 'url' | 'bare'> {
  const includes = search.names.flatMap(([param, targets]) => targets.map((t) => `&_include=${search.type}:${param}:${t}`)).join('');
  return { url: url + includes, bare: url };
}

/**
 * The searches for one patient. Reference parameters carry the type prefix (`subject=Patient/123`),
 * which every server accepts and some require.
 *
 * @param patientId - the FHIR Patient.id
 * @param now - the current time, for date-bounded searches
 */
export function recordSearches(patientId: string, now: Date): RecordSearch[] {
  const ref = `Patient/${patientId}`;
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  return [
    { label: 'patient', url: ref },
    ...SEARCHES.map((s) => ({ label: s.label, ...withNames(s, `${s.type}?${s.patient}=${ref}&${s.filters.replace('{monthAgo}', monthAgo)}`), ...(s.window ? { window: true } : {}) })),
  ];
}

/**
 * The searches for what changed in a patient's record since `since` (`_lastUpdated`), for a return
 * visit. Status filters are left off, so a task completed or a flag withdrawn since comes back too and
 * replaces the cached copy; the highlights filter by status themselves.
 *
 * @param patientId - the patient's FHIR id
 * @param since - only what changed after this comes back (when the cached copy was last synced)
 */
export function changeSearches(patientId: string, since: Date): RecordSearch[] {
  const ref = `Patient/${patientId}`;
  const changed = `_lastUpdated=gt${since.toISOString()}`;
  return [
    { label: 'patient', url: `Patient?_id=${patientId}&${changed}` },
    // A window of a type searched in full already (stopped medicines) would only ask the same question twice.
    ...SEARCHES.filter((s) => !s.window || !SEARCHES.some((o) => !o.window && o.type === s.type)).map((s) => ({
      label: s.label,
      ...withNames(s, `${s.type}?${s.patient}=${ref}&${changed}${s.changeFilters ? `&${s.changeFilters}` : ''}`),
    })),
  ];
}

/** What changed since a given time: the Patient if it did, and the other resources that did. */
export interface FetchedChanges extends FetchNotes {
  patient?: Patient;
  resources: Resource[];
  incomplete: string[];
  /** Names read for references the changes brought in. */
  names: Record<string, string>;
  /** Letters changed since (any status: one superseded or entered in error since is dropped). */
  documents: Resource[];
}

/**
 * Fetches only what changed in a patient's record since `since`, in one batch request. A record
 * untouched since costs this one small request and answers with empty searchsets.
 *
 * @param client - the shared record's FHIR client
 * @param patientId - the patient's FHIR id
 * @param since - only what changed after this comes back (when the cached copy was last synced)
 * @param knownNames - names already cached with the record: those references are not read again
 * @param mustSee - which resources go first where the caps would cut (a resuscitation flag before others)
 */
export async function fetchRecordChanges(client: FhirClient, patientId: string, since: Date, knownNames: Readonly<Record<string, string>> = {}, mustSee: MustSee = nothingFirst): Promise<FetchedChanges> {
  const searches = changeSearches(patientId, since);
  const response = await client.batch(batchOf(searches), STRICT_HANDLING);
  const collected = await collectSearches(client, searches, response, mustSee);
  const patientEntry = collected.resources.find((r): r is Patient => r.resourceType === 'Patient' && r.id === patientId);
  const who: PatientIdentity = { id: patientId, baseUrl: client.baseUrl, nhsNumber: patientEntry ? nhsNumberOf(patientEntry) : undefined };
  const own = keepOwnResources(collected.resources, who);
  const { documents, rest } = splitLetters(own.kept.filter((r) => r !== patientEntry));
  const names = await resolveReferences(client, [...rest, ...documents], knownNames);
  return {
    patient: patientEntry,
    resources: [...rest, ...names.medications],
    documents,
    incomplete: collected.incomplete,
    names: names.names,
    otherPatients: own.otherPatients,
    omitted: collected.omitted,
    unreadable: [...collected.unexpected, ...names.unreadable],
  };
}

function batchOf(searches: { url: string }[]): Bundle {
  return { resourceType: 'Bundle', type: 'batch', entry: searches.map((s) => ({ request: { method: 'GET', url: s.url } })) };
}

/**
 * Each searchset's matches (and later pages), capped per search; failed searches named. Searches refused
 * with their name `_include`s are asked again without them, together in one more batch.
 */
async function collectSearches(client: FhirClient, searches: readonly RecordSearch[], response: Bundle, mustSee: MustSee = nothingFirst): Promise<{ resources: Resource[]; incomplete: string[]; omitted: Omission[]; unexpected: string[] }> {
  const resources: Resource[] = [];
  const incomplete: string[] = [];
  const omitted: Omission[] = [];
  const unexpected: string[] = [];
  const refused: RecordSearch[] = [];
  const collect = async (search: RecordSearch, entry: BundleEntry | undefined, retry: boolean) => {
    const status = Number.parseInt(entry?.response?.status ?? '', 10);
    if (!entry?.resource || !(status >= 200 && status < 300)) {
      if (retry && search.bare && status >= 400 && status < 500) refused.push(search);
      else incomplete.push(search.label);
      return;
    }
    // A direct read (the Patient) answers with the resource itself.
    if (entry.resource.resourceType !== 'Bundle') {
      resources.push(entry.resource);
      return;
    }
    try {
      const page = await collectPages(client, entry.resource, searchedType(search), mustSee);
      resources.push(...page.resources);
      if (page.leftOut) omitted.push({ what: search.label, count: page.leftOut, atLeast: page.atLeast, ...(search.window ? { window: true } : {}) });
      if (page.otherKinds) unexpected.push(`${page.otherKinds} ${page.otherKinds === 1 ? 'resource' : 'resources'} of another kind in the ${search.label} search`);
    } catch {
      incomplete.push(search.label);
    }
  };
  for (const [i, search] of searches.entries()) await collect(search, response.entry?.[i], true);
  if (refused.length) {
    let again: Bundle | undefined;
    try {
      again = await client.batch(batchOf(refused.map((s) => ({ url: s.bare! }))), STRICT_HANDLING);
    } catch {
      again = undefined;
    }
    for (const [i, search] of refused.entries()) await collect({ ...search, url: search.bare! }, again?.entry?.[i], false);
  }
  // Two searches may find the same resource (an active medicine and a stopped one of the same type): kept once.
  const seen = new Set<string>();
  const once = resources.filter((r) => {
    const key = `${r.resourceType}/${r.id}`;
    if (!r.id || !seen.has(key)) {
      seen.add(key);
      return true;
    }
    return false;
  });
  return { resources: once, incomplete, omitted, unexpected };
}

/** The resource type a search asks for: the first segment of its URL (`Flag?subject=…` → `Flag`). */
function searchedType(search: RecordSearch): string {
  return search.url.split(/[?/]/)[0]!;
}

/**
 * What a clinician must see, kept first when a search or a record is past its caps (allergies are kept
 * first by kind; within a kind, this decides: a resuscitation flag before administrative ones).
 */
export type MustSee = (resource: Resource) => boolean;
const nothingFirst: MustSee = () => false;

/**
 * Fetches a patient's record in one batch request (plus one request per extra page, where the server
 * pages, and one to read the names of references). Throws `FhirError` when the batch itself fails or
 * the Patient cannot be read.
 *
 * @param client - the shared record's FHIR client
 * @param patientId - the patient's FHIR id
 * @param now - the current time, for date-bounded searches
 * @param knownNames - names already cached with the record: those references are not read again
 * @param mustSee - which resources go first where the caps would cut (a resuscitation flag before others)
 */
export async function fetchPatientRecord(client: FhirClient, patientId: string, now = new Date(), knownNames: Readonly<Record<string, string>> = {}, mustSee: MustSee = nothingFirst): Promise<FetchedRecord> {
  const searches = recordSearches(patientId, now);
  const response = await client.batch(batchOf(searches), STRICT_HANDLING);
  const first: BundleEntry | undefined = response.entry?.[0];
  const firstStatus = Number.parseInt(first?.response?.status ?? '', 10);
  if (!first?.resource || !(firstStatus >= 200 && firstStatus < 300)) {
    throw new FhirError('http', 'The shared record could not return this patient.', firstStatus || undefined);
  }
  if (first.resource.resourceType !== 'Patient' || first.resource.id !== patientId) {
    throw new FhirError('invalid', 'The shared record returned something other than this Patient.');
  }
  const patient = first.resource;
  const collected = await collectSearches(client, searches.slice(1), { ...response, entry: response.entry?.slice(1) }, mustSee);
  const own = keepOwnResources(collected.resources, { id: patientId, baseUrl: client.baseUrl, nhsNumber: nhsNumberOf(patient) });
  const { documents, rest } = splitLetters(own.kept);
  const bounded = boundResources(rest, RECORD_CAPS, mustSee);
  const names = await resolveReferences(client, [...bounded.kept, ...documents], knownNames);
  return {
    patient,
    resources: [...bounded.kept, ...names.medications],
    documents,
    incomplete: collected.incomplete,
    names: names.names,
    otherPatients: own.otherPatients,
    omitted: [...collected.omitted, ...bounded.omitted],
    unreadable: [...collected.unexpected, ...names.unreadable],
  };
}

/** Which kinds of resource are kept first when a record is past its caps: what a clinician must see. */
const KEEP_ORDER = ['Flag', 'AllergyIntolerance', 'List', 'DocumentReference', 'Condition', 'MedicationRequest', 'MedicationStatement', 'Medication', 'Encounter', 'CareTeam', 'Task', 'Appointment', 'ServiceRequest', 'Observation'];
const TYPE_WORDS: Record<string, string> = {
  Flag: 'alerts', AllergyIntolerance: 'allergies', Condition: 'problems', MedicationRequest: 'medicines', MedicationStatement: 'medicines taken',
  Medication: 'medicine details', Encounter: 'encounters', Appointment: 'appointments', CareTeam: 'care teams', Task: 'tasks', ServiceRequest: 'referrals',
  DocumentReference: 'documents', List: 'lists', Observation: 'results',
};

/**
 * The resources a record may keep within its caps (entries and JSON bytes), most important kinds first,
 * each kind in the order the server gave; what was left out is counted by kind.
 *
 * @param resources - the record's resources, in the server's order
 * @param caps - the most resources, and JSON bytes, a record may keep
 * @param mustSee - which resources go first within their kind
 */
export function boundResources(resources: readonly Resource[], caps: { resourcesPerRecord: number; bytesPerRecord: number } = RECORD_CAPS, mustSee: MustSee = nothingFirst): { kept: Resource[]; omitted: Omission[] } {
  const rank = (r: Resource) => {
    const i = KEEP_ORDER.indexOf(r.resourceType);
    return i === -1 ? KEEP_ORDER.length : i;
  };
  // By kind (allergies and alerts first), then what must be seen within the kind, then the server's order.
  const ordered = resources.map((r, i) => ({ r, i, first: mustSee(r) })).sort((a, b) => rank(a.r) - rank(b.r) || Number(b.first) - Number(a.first) || a.i - b.i);
  const keep = new Set<Resource>();
  const left = new Map<string, number>();
  let bytes = 0;
  for (const { r } of ordered) {
    const size = JSON.stringify(r).length;
    if (keep.size < caps.resourcesPerRecord && bytes + size <= caps.bytesPerRecord) {
      keep.add(r);
      bytes += size;
    } else {
      const what = TYPE_WORDS[r.resourceType] ?? r.resourceType;
      left.set(what, (left.get(what) ?? 0) + 1);
    }
  }
  return { kept: resources.filter((r) => keep.has(r)), omitted: [...left].map(([what, count]) => ({ what, count })) };
}

/** The kinds of reference read by name, and Medication, read to know what a medicine is. */
const NAMED_TYPES = new Set(['Organization', 'Practitioner', 'PractitionerRole', 'Location', 'Medication']);

/**
 * Reads, in one batch, the Organizations, Practitioners, PractitionerRoles and Locations the record
 * names without a display (and Medications not included), skipping those already known. Bounded; what
 * cannot be read is said.
 *
 * @param client - the shared record's FHIR client
 * @param resources - the record's resources, whose references are to be named
 * @param knownNames - names already known, by reference: those are not read again
 */
export async function resolveReferences(
  client: FhirClient,
  resources: readonly Resource[],
  knownNames: Readonly<Record<string, string>>,
): Promise<{ names: Record<string, string>; medications: Resource[]; unreadable: string[] }> {
  const present = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
  const wanted = new Set<string>();
  for (const r of resources) {
    for (const ref of referencesIn(r)) {
      if (ref.display) continue;
      const key = referenceKey(ref.reference);
      if (!key || !NAMED_TYPES.has(key.split('/')[0]!) || present.has(key) || knownNames[key]) continue;
      // Only references on this server: an absolute URL elsewhere is never followed with our token.
      if (ref.reference!.includes('://') && !ref.reference!.startsWith(client.baseUrl + '/')) continue;
      wanted.add(key);
    }
  }
  const names: Record<string, string> = { ...knownNames };
  const medications: Resource[] = [];
  const unreadable: string[] = [];
  const nameOf = (ref: Reference | undefined) => ref?.display ?? names[referenceKey(ref?.reference) ?? ''];
  // Names of supporting resources that came in the record itself (included, or searched); roles last,
  // as they are named by their practitioner and organisation.
  const supporting = resources.filter((r) => r.resourceType !== 'Medication' && NAMED_TYPES.has(r.resourceType));
  for (const r of [...supporting.filter((x) => x.resourceType !== 'PractitionerRole'), ...supporting.filter((x) => x.resourceType === 'PractitionerRole')]) {
    const name = nameOfResource(r, nameOf);
    if (name) names[`${r.resourceType}/${r.id}`] = name;
  }
  let keys = [...wanted].slice(0, RECORD_CAPS.referencesPerFetch);
  // Two rounds at most: a PractitionerRole read in the first may name a Practitioner or Organization.
  const roles: Resource[] = [];
  for (let round = 0; round < 2 && keys.length; round++) {
    let response: Bundle;
    try {
      response = await client.batch(batchOf(keys.map((url) => ({ url }))), STRICT_HANDLING);
    } catch {
      unreadable.push(...keys.filter((k) => !k.startsWith('Medication/')).map((k) => `a reference that could not be read (${k})`));
      break;
    }
    const next = new Set<string>();
    keys.forEach((key, i) => {
      const r = response.entry?.[i]?.resource;
      // A Medication that cannot be read is counted where the medicine is read (normalise-record.ts).
      if (!r || `${r.resourceType}/${r.id}` !== key) {
        if (!key.startsWith('Medication/')) unreadable.push(`a reference that could not be read (${key})`);
        return;
      }
      if (r.resourceType === 'Medication') {
        medications.push(r);
        return;
      }
      if (r.resourceType === 'PractitionerRole') {
        roles.push(r);
        for (const ref of [r.practitioner, r.organization]) {
          const k = referenceKey(ref?.reference);
          if (k && !ref?.display && !names[k] && !keys.includes(k) && !ref!.reference!.includes('://')) next.add(k);
        }
      }
      const name = nameOfResource(r, nameOf);
      if (name) names[key] = name;
      else unreadable.push(`a reference with no name (${key})`);
    });
    keys = [...next].slice(0, RECORD_CAPS.referencesPerFetch);
  }
  // Roles named again now their practitioners and organisations are known.
  for (const r of roles) {
    const name = nameOfResource(r, nameOf);
    if (name) names[`${r.resourceType}/${r.id}`] = name;
  }
  return { names, medications, unreadable };
}

/** Every Reference in a resource (one level of objects and arrays down is enough for the kinds read). */
function referencesIn(value: unknown, depth = 0): Reference[] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap((v) => referencesIn(v, depth + 1));
  const obj = value as Record<string, unknown>;
  const out: Reference[] = typeof obj.reference === 'string' ? [obj as Reference] : [];
  for (const [k, v] of Object.entries(obj)) if (k !== 'contained' && typeof v === 'object') out.push(...referencesIn(v, depth + 1));
  return out;
}

/** At most this many entries of one search are read (across its pages) to choose the ones kept. */
const READ_PER_SEARCH = RECORD_CAPS.entriesPerSearch * 4;

/**
 * The matches of a searchset, following `next` links (bounded), capped in entries. Only resources of the
 * kind searched for are taken as matches, with the people, organisations, places and medicines
 * `_include`d beside them: a server that answers an allergy search with a pile of administrative flags
 * cannot push the allergies out. Within the cap, what a clinician must see comes first (`mustSee`), then
 * the server's order. What was not kept is counted: exactly from the server's `total` where it gives one,
 * else at least what was seen past the cap (and one more page left unread).
 *
 * @param searched - the resource type the search asked for
 * @param mustSee - what is kept first when a search returns more than the cap
 */
async function collectPages(client: FhirClient, first: Bundle, searched: string, mustSee: (r: Resource) => boolean): Promise<{ resources: Resource[]; leftOut: number; atLeast: boolean; otherKinds: number }> {
  const matches: Resource[] = [];
  const supporting: Resource[] = [];
  /** Everything taken, in the server's order (kept in that order). */
  const inOrder: Resource[] = [];
  let otherKinds = 0;
  let unreadPages = false;
  let page: Bundle | undefined = first;
  for (let n = 0; page; n++) {
    for (const e of page.entry ?? []) {
      const r = e.resource;
      if (!r || r.resourceType === 'OperationOutcome') continue;
      if (r.resourceType === searched) {
        matches.push(r);
        inOrder.push(r);
      } else if (NAMED_TYPES.has(r.resourceType)) {
        if (supporting.length < RECORD_CAPS.entriesPerSearch) {
          supporting.push(r);
          inOrder.push(r);
        }
      } else otherKinds++;
    }
    const next: string | undefined = page.link?.find((l) => l.relation === 'next')?.url;
    if (next && n < MAX_EXTRA_PAGES && matches.length < READ_PER_SEARCH) {
      page = await client.getUrl<Bundle>(next, STRICT_HANDLING);
    } else {
      unreadPages = !!next;
      page = undefined;
    }
  }
  const ranked = matches.map((r, i) => ({ r, i, first: mustSee(r) })).sort((a, b) => Number(b.first) - Number(a.first) || a.i - b.i);
  const kept = new Set(ranked.slice(0, RECORD_CAPS.entriesPerSearch).map((x) => x.r));
  const out = inOrder.filter((r) => kept.has(r) || r.resourceType !== searched);
  const seenBeyond = matches.length - kept.size;
  const total = first.total;
  if (total !== undefined && total > kept.size) return { resources: out, leftOut: total - kept.size, atLeast: false, otherKinds };
  return { resources: out, leftOut: seenBeyond + (unreadPages ? 1 : 0), atLeast: unreadPages, otherKinds };
}

/** The outcome of looking a patient up by identifier. Two matches is not a match: it is unsafe. */
export type PatientLookup =
  | { kind: 'found'; patient: Patient }
  | { kind: 'not-found' }
  | { kind: 'ambiguous'; count: number };

/**
 * The Patient a `Patient?identifier=` search found: one, none, or several (which is not a match: it is
 * unsafe). Throws when the server answered with someone who does not carry the identifier (a server that
 * ignored the search parameter answers with whoever it likes: nobody is taken from it).
 *
 * @param bundle - the search's answer
 * @param identifier - the identifier searched for
 */
export function patientFromSearch(bundle: Bundle, identifier: PatientIdentifier): PatientLookup {
  const matches = (bundle.entry ?? [])
    .filter((e) => e.search?.mode !== 'include' && e.resource?.resourceType === 'Patient')
    .map((e) => e.resource as Patient);
  const wanted = identifier.value.replace(/\s/g, '');
  if (matches.some((p) => !p.identifier?.some((i) => i.system === identifier.system && i.value?.replace(/\s/g, '') === wanted))) {
    throw new FhirError('invalid', 'The shared record answered the patient search with someone who does not carry this identifier, so nobody is shown.');
  }
  const distinct = new Set(matches.map((p) => p.id));
  if (distinct.size === 0) return { kind: 'not-found' };
  if (distinct.size > 1 || (bundle.total ?? 0) > 1) return { kind: 'ambiguous', count: Math.max(distinct.size, bundle.total ?? 0) };
  return { kind: 'found', patient: matches[0]! };
}

/**
 * Finds the shared record's Patient for an identifier (`Patient?identifier=system|value`).
 *
 * @param client - the shared record's FHIR client
 * @param identifier - the identifier the EPR page shows (an NHS number, a local id)
 */
export async function findPatientByIdentifier(client: FhirClient, identifier: PatientIdentifier): Promise<PatientLookup> {
  const bundle = await client.search('Patient', { identifier: `${identifier.system}|${identifier.value}`, _count: '2' }, STRICT_HANDLING);
  return patientFromSearch(bundle, identifier);
}

/**
 * The searches for a patient known only by an identifier, for one request: the Patient search, then the
 * record's searches chained on that identifier (`Flag?subject:Patient.identifier=…`, FHIR R4 search,
 * https://hl7.org/fhir/R4/search.html#chaining).
 *
 * @param identifier - the identifier the patient is known by
 * @param now - the current time, for date-bounded searches
 */
export function recordSearchesByIdentifier(identifier: PatientIdentifier, now: Date): RecordSearch[] {
  const token = encodeURIComponent(`${identifier.system}|${identifier.value}`);
  const chained = (url: string) => url.replace(/(\w+)=Patient\/__ID__/, (_m, param: string) => `${param}:Patient.identifier=${token}`);
  const byId = recordSearches('__ID__', now);
  return [
    { label: 'patient', url: `Patient?identifier=${token}&_count=2` },
    ...byId.slice(1).map((s) => ({ ...s, url: chained(s.url), bare: s.bare && chained(s.bare) })),
  ];
}

/** A patient looked up by identifier, with their record when the same request could bring it. */
export type IdentifiedRecord =
  | { kind: 'not-found' }
  | { kind: 'ambiguous'; count: number }
  /** `record` undefined: the server could not answer the chained searches for it; read it by id. */
  | { kind: 'found'; patient: Patient; record?: FetchedRecord };

/**
 * Looks patients up by identifier and fetches their records in one batch request (plus one to read the
 * names of references): the Patient searches and the record searches chained on each identifier. A
 * server that refuses chaining (strict handling), or answers a chained search with other patients'
 * resources (it ignored it), gets the patient found but no record: the caller reads it by id.
 *
 * @param client - the shared record's FHIR client
 * @param identifiers - the patients to look up, one identifier each
 * @param now - the current time, for date-bounded searches
 * @param knownNames - names already known: those references are not read again
 * @param mustSee - which resources go first where the caps would cut (a resuscitation flag before others)
 */
export async function fetchRecordsByIdentifiers(client: FhirClient, identifiers: readonly PatientIdentifier[], now = new Date(), knownNames: Readonly<Record<string, string>> = {}, mustSee: MustSee = nothingFirst): Promise<IdentifiedRecord[]> {
  const perPatient = identifiers.map((identifier) => recordSearchesByIdentifier(identifier, now));
  const response = await client.batch(batchOf(perPatient.flat()), STRICT_HANDLING);
  const entries = response.entry ?? [];
  const results: IdentifiedRecord[] = [];
  const found: { i: number; patient: Patient; kept: Resource[]; documents: Resource[]; incomplete: string[]; omitted: Omission[]; otherPatients: number; unexpected: string[] }[] = [];
  let offset = 0;
  for (const [i, searches] of perPatient.entries()) {
    const slice = entries.slice(offset, offset + searches.length);
    offset += searches.length;
    const first = slice[0];
    const status = Number.parseInt(first?.response?.status ?? '', 10);
    if (first?.resource?.resourceType !== 'Bundle' || !(status >= 200 && status < 300)) throw new FhirError('http', 'The shared record could not be searched for this patient.', status || undefined);
    const lookup = patientFromSearch(first.resource, identifiers[i]!);
    if (lookup.kind !== 'found') {
      results.push(lookup);
      continue;
    }
    const patient = lookup.patient;
    const collected = await collectSearches(client, searches.slice(1), { ...response, entry: slice.slice(1) }, mustSee);
    const own = keepOwnResources(collected.resources, { id: patient.id!, baseUrl: client.baseUrl, nhsNumber: nhsNumberOf(patient) });
    results.push({ kind: 'found', patient });
    // Refused (no chaining here) or ignored (someone else's resources came back): read by id instead.
    if (collected.incomplete.length || own.otherPatients) continue;
    const { documents, rest } = splitLetters(own.kept);
    const bounded = boundResources(rest, RECORD_CAPS, mustSee);
    found.push({ i, patient, kept: bounded.kept, documents, incomplete: [], omitted: [...collected.omitted, ...bounded.omitted], otherPatients: 0, unexpected: collected.unexpected });
  }
  if (found.length) {
    const names = await resolveReferences(client, found.flatMap((f) => [...f.kept, ...f.documents]), knownNames);
    for (const f of found) {
      const referenced = new Set([...f.kept, ...f.documents].flatMap((r) => referencesIn(r)).map((ref) => referenceKey(ref.reference)));
      results[f.i] = {
        kind: 'found',
        patient: f.patient,
        record: {
          patient: f.patient,
          resources: [...f.kept, ...names.medications.filter((m) => referenced.has(`Medication/${m.id}`))],
          documents: f.documents,
          incomplete: f.incomplete,
          names: names.names,
          otherPatients: f.otherPatients,
          omitted: f.omitted,
          unreadable: [...f.unexpected, ...names.unreadable.filter((u) => [...referenced].some((k) => k && u.includes(`(${k})`)))],
        },
      };
    }
  }
  return results;
}
