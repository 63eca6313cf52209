/**
 * What the readers of each resource type (resources/) gather from the parts of a record, before the
 * merges (merge/) make one record of it. Items that no longer hold (stopped, resolved, refuted, entered in
 * error) are gathered too, as evidence: they never become current items, but they contest the same item
 * held as current by another source.
 */
import type { CodeableConcept, Observation, Resource } from '@medplum/fhirtypes';
import type {
  AlertItem, AllergyItem, AppointmentItem, CareTeamItem, Currency, EncounterItem, ItemOrigin, NationalRecordItem, ProblemItem, ReferralItem,
} from '@/utils/fhir/normalised-record';
import type { MedicineClassMatch, PatientFacts, SafeguardingMeaning } from '@/utils/vocabulary';
import type { PartContext } from './context';

/** Whether an entry holds now (with its currency), or what its source says instead, and when. */
export type EntryState =
  | { current: true; currency: Currency; statusText?: string }
  | { current: false; says: string; date?: string; reason?: string };

/** An allergy or problem as one resource says it, with the codes it can be matched on across sources. */
export type FactEntry<T> = Omit<T, 'origins' | 'currency' | 'statusText' | 'conflicts'> & {
  /** SNOMED CT / dm+d codes to match on (`code:123`); none for a generic code that names nothing. */
  codes: string[];
  /** The words to match on when no code does (lower case). */
  nameKey: string;
  concept?: CodeableConcept;
  state: EntryState;
};

/**
 * One statement that a patient takes (or no longer takes) a medicine, with where it came from: a
 * MedicationRequest or MedicationStatement of any source, or (`NormaliseInput.medicineEvidence`) a
 * letter's "stopped on 12-Nov by Northshire Hospital". The merge (merge/medicines.ts) makes one line per
 * medicine of them, and a conflict where one source stopped what another still holds active.
 */
export interface MedicineEvidence {
  origin: ItemOrigin;
  state: EntryState;
  /** The medicine's name, as the line will say it. */
  name: string;
  /** Its code, where it has one: matched by dm+d / SNOMED CT code, ingredient or name. */
  concept?: CodeableConcept;
  dose?: string;
  /** A prescription (its name and dose speak first), rather than a statement. */
  isRequest: boolean;
  /** When it was started or prescribed, as written: "still active since". */
  since?: string;
  highRisk?: MedicineClassMatch;
}

/** A safeguarding meaning read from something other than a Flag (a problem, an observation, a contact's reason, a child's missed appointments). */
export interface SafeguardingEvidence {
  meaning: SafeguardingMeaning;
  origin: ItemOrigin;
  from: 'Condition' | 'Observation' | 'Encounter' | 'Appointment';
  /** The record's own words for it. */
  text?: string;
}

/** An observation to be read for results that matter, with where it came from. */
export interface ObservationEntry {
  observation: Observation;
  origin: ItemOrigin;
}

export interface Collected {
  alerts: AlertItem[];
  safeguarding: SafeguardingEvidence[];
  allergies: FactEntry<AllergyItem>[];
  /** "No known allergies" statements, each with its origin. */
  noneKnown: { origin: ItemOrigin; text: string }[];
  notRecorded?: ItemOrigin;
  problems: FactEntry<ProblemItem>[];
  medicines: MedicineEvidence[];
  encounters: EncounterItem[];
  appointments: AppointmentItem[];
  careTeams: CareTeamItem[];
  referrals: ReferralItem[];
  nationalRecords: NationalRecordItem[];
  observations: ObservationEntry[];
  unreadable: string[];
}

/** What a reader is given besides its resource. */
export interface ReadingContext {
  part: PartContext;
  now: Date;
  patient: PatientFacts;
  into: Collected;
  cantRead(what: string): void;
}

/** Reads one resource of its type into what is collected. */
export type ResourceReader = (resource: Resource & Record<string, unknown>, reading: ReadingContext) => void;

export function emptyCollection(): Collected {
  return {
    alerts: [], safeguarding: [], allergies: [], noneKnown: [], problems: [], medicines: [], encounters: [], appointments: [], careTeams: [], referrals: [],
    nationalRecords: [], observations: [], unreadable: [],
  };
}

