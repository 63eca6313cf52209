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
export const NORMALISED_RECORD_VERSION = 3;

/**
 * Where an item came from, in the words a line's source says. `Letters` is for what transfer-of-care
 * letters say (a medicine stopped at discharge), fed to the normaliser as evidence beside the records.
 */
export type RecordSource = 'Shared record' | 'GP record' | 'National records' | 'Letters';

/**
 * What the record says about whether an item holds now. Items whose status says they do not
 * (resolved, inactive, refuted, entered in error, stopped, cancelled, completed…) never reach the
 * normalised record as current: where another source holds the same item as current, they are kept as
 * that item's conflict (`StatusConflict`), never as a current item of their own. `unknown` is a status
 * Alongside could not read, shown as such, never guessed.
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

/**
 * Another source (or resource) that says an item no longer holds, while the item's own origins say it
 * does: a medicine stopped by the GP and still active in a hospital's record, a condition resolved in
 * one record and active in another, an allergy entered in error in one record. Shown with the item,
 * never hidden by it and never hiding it.
 */
export interface StatusConflict {
  /** What that source says, in words: "stopped", "ended", "entered in error", "resolved", "refuted". */
  says: string;
  origin: ItemOrigin;
  /** When it said so (the stop, the end, the resolution), as the record gives it. */
  date?: string;
  /** Why, where the record says ("GI bleed"). */
  reason?: string;
}

/** An allergy and a current medicine that belongs to a class the allergy names (or cross-reacts with). */
export interface AllergyMedicineContradiction {
  allergyId: string;
  /** The allergy's substance, as its line names it. */
  allergy: string;
  medicineId: string;
  /** The medicine, as its line names it. */
  medicine: string;
  /** The medicine's class ("Penicillins"). */
  classLabel: string;
  relation: 'same-class' | 'cross-reactive';
  /** The allergy names the medicine's own ingredient (or product), not only its class. */
  sameSubstance: boolean;
  /** Both sides recognised by code, or one by a published name only. */
  by: 'code' | 'name';
  /** The allergy is high criticality or its reaction was anaphylaxis: must be seen. */
  severe: boolean;
}

/** Where an alert was read from: a Flag, or a coded problem, observation or contact reason that means it. */
export type AlertFrom = 'Flag' | 'Condition' | 'Observation' | 'Encounter' | 'Appointment';

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
  /** What carried it; a Flag unless the alert was read from another kind of item by its meaning. */
  from?: AlertFrom;
  /** How many items said the same (a safeguarding meaning recorded several times); the newest speaks. */
  times?: number;
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
  /** A reaction recorded as anaphylaxis. */
  anaphylaxis?: boolean;
  /** Sources that say otherwise: "no known allergies", or this allergy resolved, refuted or entered in error. */
  conflicts?: StatusConflict[];
  /** Current medicines that belong to a class this allergy names. */
  contradictedBy?: AllergyMedicineContradiction[];
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
  /** Sources that hold it resolved, inactive, refuted or entered in error. */
  conflicts?: StatusConflict[];
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
  /** Sources that hold it stopped, ended or entered in error since it was started where it is active. */
  conflicts?: StatusConflict[];
  /** Recorded allergies it contradicts. */
  contradicts?: AllergyMedicineContradiction[];
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
  /** The contact the patient is in now (in progress, not ended): context, never a highlight. */
  current?: boolean;
  /** A routine review (a medication review, an annual asthma review): not a highlight. */
  routine?: boolean;
  /** Every source that records it (the same attendance in two records is one contact). */
  origins?: ItemOrigin[];
}

export interface AppointmentItem extends Omit<Item, 'currency'> {
  status: string;
  start?: string;
  what?: string;
  where?: string;
}

/** A result or finding that matters, read from an Observation (or a problem coded as one). */
export interface ResultItem {
  id: string;
  origin: ItemOrigin;
  /**
   * `alert`: an infection (MRSA, CPE, VRE, C. difficile), red cell antibodies, a transfusion requirement;
   * `critical`: the latest potassium or sodium at or beyond a critical limit; `result`: the latest of the
   * results that are always read (potassium, sodium, eGFR, HbA1c).
   */
  kind: 'alert' | 'critical' | 'result';
  /** The clinician's wording ("MRSA", "Potassium critically high", "eGFR"). */
  label: string;
  /** The value as written ("6.8 mmol/L", "Detected"). */
  value?: string;
  /** The record's own words for it, where they add to the label. */
  text?: string;
  /** When it was taken (effective, else issued). */
  date?: string;
  /** Earlier items that said the same alert. */
  earlier?: number;
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
  /** When the patient died, as a source records it (Patient.deceasedDateTime, PDS's death notification). */
  deceasedDate?: string;
  /** How the death is known, when a death notification says ("Formal - death notice received from Registrar of Deaths"). */
  deathNotification?: string;
}

/** What was left out of a record by the caps (issue: nothing bounds what a server sends). */
export interface Omission {
  /** What was left out, in words ("tasks"). */
  what: string;
  /** How many, where the server said (a total), else at least how many. */
  count: number;
  /** True when `count` is a lower bound. */
  atLeast?: boolean;
  /**
   * Left out because the search asks for a window on purpose (the 10 most recent encounters), not by a
   * cap: never a gap, said as "10 most recent of 298" where the window is drawn.
   */
  window?: boolean;
}

/** A search read as a window on purpose: how many it holds, of how many the server has. */
export interface RecordWindow {
  /** What it holds, in words ("encounters"). */
  what: string;
  shown: number;
  total: number;
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
  /** Results and findings that matter: alerts, the latest of each always-read result. */
  results: ResultItem[];
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
  /** Searches read as windows on purpose ("10 most recent of 298 encounters"): not gaps. */
  windows: RecordWindow[];
}
