/**
 * The one normalised form of a patient's record that the highlights, the banner and the panel read,
 * however the record arrived: UK Core R4 from the shared record, GP Connect's STU3 structured record,
 * national record pointers. It is built in the background (utils/fhir/normalise/), where the code lists
 * live, and cached sealed beside the raw record; the panel only ranks and draws it.
 *
 * Everything in it is plain text for the panel to render as text (never as HTML). Types only: importing
 * this file brings no code into a bundle.
 */

/** The version of this shape; a cached record of another version is fetched again. */
export const NORMALISED_RECORD_VERSION = 2;

/** Where an item came from, in the words a line's source says. */
export type RecordSource = 'Shared record' | 'GP record' | 'National records';

/**
 * What the record says about whether an item holds now. Items whose status says they do not
 * (resolved, inactive, refuted, entered in error, stopped, cancelled, completed…) never reach the
 * normalised record; `unknown` is a status Alongside could not read, shown as such, never guessed.
 */
export type Currency = 'current' | 'unconfirmed' | 'unknown';

/** Where one item came from: the resource, its source, and who and when, with names resolved. */
export interface ItemOrigin {
  /** `Type/id` of the source resource (prefixed `gp:` for the GP record's, whose ids are another server's). */
  id: string;
  source: RecordSource;
  resourceType: string;
  /** The date that matters for this item (recorded, started, authored), as the record gives it. */
  date?: string;
  /** The organisation, resolved to its name. */
  organisation?: string;
  /** The clinician, resolved to their name (or role). */
  author?: string;
  /** `meta.lastUpdated`, for "new since you last looked". */
  updated?: string;
}

interface Item {
  /** Stable id of the item: its first origin's id. */
  id: string;
  origin: ItemOrigin;
  currency: Currency;
  /** The status as the record wrote it, when it is not plainly current (shown, never guessed). */
  statusText?: string;
}

export type FlagKind =
  | 'safeguarding-child' | 'safeguarding-adult' | 'safeguarding' | 'resuscitation' | 'reasonable-adjustment' | 'infection-control'
  | 'risk-to-staff' | 'clinical-risk' | 'administrative' | 'unknown';

export interface AlertItem extends Item {
  text: string;
  /** What the flag means, read from its code, category and text together. */
  kind: FlagKind;
  /** The clinician's wording for the kind ("Safeguarding (child)", "Alert" when unknown). */
  kindLabel: string;
  mustSee: boolean;
  since?: string;
}

export interface AllergyItem extends Item {
  /** Every source that records it (the same allergy from the GP record and the shared record is one item). */
  origins: ItemOrigin[];
  /** The substance, without "Allergy to" and the like (never "Allergic to Allergy to penicillin"). */
  substance: string;
  /** An allergy, an intolerance, or not said (FHIR `type`). */
  type: 'allergy' | 'intolerance' | 'unspecified';
  criticality?: 'high' | 'low' | 'unable-to-assess';
  reactions: string[];
}

/**
 * The three states a clinician must tell apart: allergies listed; "no known allergies" recorded (with
 * when and by whom); and nothing recorded either way.
 */
export type AllergyState = (
  | { state: 'listed'; items: AllergyItem[] }
  | { state: 'none-known'; origin: ItemOrigin; text: string }
  | { state: 'not-recorded'; origin?: ItemOrigin }
) & {
  /**
   * Allergies a source held that the caps left out: then "not recorded" and "no known allergies" are
   * never said, and the panel says the allergies could not all be read.
   */
  leftOut?: number;
};

export interface ProblemItem extends Item {
  /** Every source that records it. */
  origins: ItemOrigin[];
  text: string;
  onset?: string;
  /** An always-show condition, and how it was recognised. */
  significant?: { id: string; label: string; by: 'code' | 'name' };
}

export interface MedicineClassTag {
  id: string;
  label: string;
  by: 'code' | 'name';
  /** For a code match: the system as the record wrote it. */
  system?: string;
}

/** One medicine, however many sources and resources say the patient takes it. */
export interface MedicineItem extends Item {
  name: string;
  dose?: string;
  /** Every resource that says so (MedicationRequest, MedicationStatement; shared record, GP record). */
  origins: ItemOrigin[];
  /** Its high-risk class, if it has one. */
  highRisk?: MedicineClassTag;
}

export type UrgentCareKind = 'emergency-attendance' | 'unplanned-admission';

export interface EncounterItem extends Omit<Item, 'currency'> {
  status: string;
  /** Inpatient, emergency, ambulatory…: from `class`. */
  inpatient: boolean;
  urgentCare?: UrgentCareKind;
  /** Why: the reason, else the type. */
  reason?: string;
  typeText?: string;
  start?: string;
  end?: string;
  ward?: string;
  dischargeDisposition?: string;
}

export interface AppointmentItem extends Omit<Item, 'currency'> {
  status: string;
  start?: string;
  what?: string;
  where?: string;
}

export interface CareTeamItem extends Item {
  /** A lead recorded as such (a participant role, or the team's own lead); undefined when none is. */
  lead?: { name: string; role?: string; organisation?: string };
  /** The members, as recorded. */
  members: { name: string; role?: string }[];
  name?: string;
}

export interface ReferralItem extends Item {
  text: string;
  to?: string;
}

/** A national record pointer: a document that exists elsewhere, with a link a clinician can open. */
export interface NationalRecordItem extends Item {
  /** What it is ("ReSPECT form"). */
  label: string;
  /** Only ever an https address; opened in a new tab, never inside the panel. */
  url?: string;
  /** The record's own words, when it has a description. */
  description?: string;
}

/** The Patient as the banner shows it. */
export interface PatientSummary {
  family?: string;
  given?: string;
  title?: string;
  birthDate?: string;
  gender?: string;
  nhsNumber?: string;
  /** The NHS number's verification status, in the NHS CUI's words. */
  verification: { code?: string; wording: string; verified: boolean };
  /** Confidentiality `R` (a sensitive patient): address and contacts are never shown, cached or named. */
  restricted: boolean;
  deceased: boolean;
}

/** What was left out of a record by the caps (issue: nothing bounds what a server sends). */
export interface Omission {
  /** What was left out, in words ("tasks"). */
  what: string;
  /** How many, where the server said (a total), else at least how many. */
  count: number;
  /** True when `count` is a lower bound. */
  atLeast?: boolean;
}

export interface NormalisedRecord {
  version: typeof NORMALISED_RECORD_VERSION;
  patient: PatientSummary;
  alerts: AlertItem[];
  allergies: AllergyState;
  problems: ProblemItem[];
  medicines: MedicineItem[];
  encounters: EncounterItem[];
  appointments: AppointmentItem[];
  careTeams: CareTeamItem[];
  referrals: ReferralItem[];
  nationalRecords: NationalRecordItem[];
  /** The sources this record was read from, with what failed. */
  sources: { source: RecordSource; ok: boolean; problem?: string }[];
  /** Items that could not be read (an unknown shape, codes not understood, a reference that did not resolve). */
  unreadable: { count: number; examples: string[] };
  /** Resources about another patient that a server sent: dropped, never shown. */
  otherPatients: number;
  /** What the caps left out. */
  omitted: Omission[];
}
