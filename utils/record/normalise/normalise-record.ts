/**
 * From what the servers sent to the one normalised record the panel draws (normalised-record.ts).
 * Runs in the background, where the record is fetched and cached: the code lists stay out of the side
 * panel's bundle, and their verdicts are stored with the record.
 *
 * One reader per resource type (resources/) gathers what each resource says, current or not; the merges
 * (merge/) then make one item per fact across sources, with the conflicts between them (a medicine
 * stopped in one record and active in another, an allergy against "no known allergies", a condition
 * resolved in one record), the contradictions between allergies and medicines, safeguarding read by
 * meaning wherever it is recorded, and the results that matter. What cannot be read is counted, never
 * silently dropped; what no source holds current never reaches the record as current.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import type { NormalisedRecord, Omission, ProblemItem, RecordWindow } from '@/utils/fhir/normalised-record';
import { NORMALISED_RECORD_VERSION } from '@/utils/fhir/normalised-record';
import { PartContext, unique, type RecordPart } from './context';
import { emptyCollection, type MedicineEvidence, type ReadingContext, type ResourceReader } from './collected';
import { readAllergy } from './resources/allergy-intolerance';
import { readAppointment } from './resources/appointment';
import { readCareTeam } from './resources/care-team';
import { readCondition } from './resources/condition';
import { readDocumentReference } from './resources/document-reference';
import { readEncounter } from './resources/encounter';
import { readFlag } from './resources/flag';
import { readList } from './resources/list';
import { readMedicine } from './resources/medication';
import { readObservation } from './resources/observation';
import { readServiceRequest } from './resources/service-request';
import { allergyState } from './merge/allergies';
import { markContradictions } from './merge/contradictions';
import { mergeEncounters } from './merge/encounters';
import { mergeFacts } from './merge/facts';
import { mergeMedicines } from './merge/medicines';
import { resultsThatMatter } from './merge/results';
import { safeguardingAlerts, wasNotBrought } from './merge/safeguarding';
import { patientSummary } from './patient';

export { type RecordPart } from './context';
export type { MedicineEvidence } from './collected';
export { patientSummary } from './patient';

export interface NormaliseInput {
  patient: Patient;
  parts: readonly RecordPart[];
  now: Date;
  /** Resources about another patient that were dropped. */
  otherPatients?: number;
  /** What the caps left out, and the windows searched on purpose (`window`). */
  omitted?: readonly Omission[];
  /** Each source asked, and whether it answered. */
  sources?: NormalisedRecord['sources'];
  /** Things the fetch itself could not read (a reference that did not resolve). */
  unreadable?: readonly string[];
  /**
   * Statements about medicines from elsewhere than the parts' resources (a letter's "stopped at
   * discharge by Northshire Hospital on 12-Nov"): merged with the records' own, so a stop they record
   * contests what a record still holds active.
   */
  medicineEvidence?: readonly MedicineEvidence[];
}

/** The reader of each resource type the record reads; other types are supporting or not read. */
const READERS: Readonly<Record<string, ResourceReader>> = {
  Flag: readFlag,
  AllergyIntolerance: readAllergy,
  List: readList,
  Condition: readCondition,
  MedicationRequest: readMedicine,
  MedicationStatement: readMedicine,
  Encounter: readEncounter,
  Appointment: readAppointment,
  CareTeam: readCareTeam,
  ServiceRequest: readServiceRequest,
  DocumentReference: readDocumentReference,
  Observation: readObservation,
};

const MAX_UNREADABLE_EXAMPLES = 5;

/**
 * Builds the normalised record. Pure: same input, same output.
 *
 * @param input - the patient, the record's parts from each source, the current time and what was left out
 */
export function normaliseRecord(input: NormaliseInput): NormalisedRecord {
  const into = emptyCollection();
  into.unreadable.push(...(input.unreadable ?? []));
  const patient = { gender: input.patient.gender, birthDate: input.patient.birthDate };
  const otherPatients: Patient[] = [];
  for (const part of input.parts) {
    const ctx = new PartContext(part);
    const reading: ReadingContext = { part: ctx, now: input.now, patient, into, cantRead: (what) => into.unreadable.push(what) };
    for (const resource of ctx.all) {
      const r = resource as Resource & Record<string, unknown>;
      if (typeof r.resourceType !== 'string') {
        reading.cantRead('an item of no known kind');
        continue;
      }
      if (r.resourceType === 'Patient') otherPatients.push(resource as Patient);
      READERS[r.resourceType]?.(r, reading);
    }
  }

  const omitted = input.omitted ?? [];
  const allergies = allergyState(into.allergies, into.noneKnown, into.notRecorded, omitted);
  const medicines = mergeMedicines([...into.medicines, ...(input.medicineEvidence ?? [])]);
  if (allergies.state.state === 'listed') markContradictions(allergies.merged, medicines);
  const problems = mergeFacts<ProblemItem>(into.problems, (kept, also) => {
    kept.significant ??= also.significant;
  });
  const encounters = mergeEncounters(into.encounters);
  return {
    version: NORMALISED_RECORD_VERSION,
    patient: patientSummary(input.patient, otherPatients.filter((p) => p !== input.patient)),
    alerts: [...into.alerts, ...safeguardingAlerts([...into.safeguarding, ...wasNotBrought(into.appointments, patient, input.now)], into.alerts)],
    allergies: allergies.state,
    problems: problems.map((p) => p.item),
    medicines: medicines.map((m) => m.item),
    encounters,
    results: resultsThatMatter(into.observations, patient, input.now),
    appointments: into.appointments,
    careTeams: into.careTeams,
    referrals: into.referrals,
    nationalRecords: into.nationalRecords,
    sources: input.sources ?? input.parts.map((p) => ({ source: p.source, ok: true })),
    unreadable: { count: into.unreadable.length, examples: unique(into.unreadable).slice(0, MAX_UNREADABLE_EXAMPLES) },
    otherPatients: input.otherPatients ?? 0,
    omitted: omitted.filter((o) => !o.window),
    windows: windowsOf(omitted, { encounters: encounters.length }),
  };
}

/** The windows searched on purpose, with how many they hold ("10 most recent of 298 encounters"). */
function windowsOf(omitted: readonly Omission[], held: Readonly<Record<string, number>>): RecordWindow[] {
  return omitted
    .filter((o) => o.window)
    .map((o) => {
      const shown = held[o.what] ?? 0;
      return { what: o.what, shown, total: shown + o.count, ...(o.atLeast ? { atLeast: true } : {}) };
    });
}
