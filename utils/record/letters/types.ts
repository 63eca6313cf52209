/**
 * What reading a transfer-of-care letter gives: plain data only (strings, arrays, plain objects), so a
 * reading can be sealed, cached and drawn as text. Every string is plain text: a `<` in it is a
 * character the letter wrote, never markup, and is to be drawn as text (never as HTML).
 */
import type { Bundle, Composition } from '@medplum/fhirtypes';

/** Which reader read the letter. */
export type LetterKind = 'fhir-document' | 'composition' | 'text' | 'html' | 'pdf-text';

/**
 * How much of one part of a letter was read here. `partly-read` means what was read is shown and the
 * rest must be read in the letter itself (`problems` says what); `not-read` means nothing of this part
 * may be taken from the reading: open the letter.
 */
export type ReadState = 'read' | 'partly-read' | 'not-read';

/** A letter handed to {@link readLetter}, in the form the record holds it. */
export type LetterInput =
  /** A FHIR document Bundle or a Composition: FHIR XML or JSON text, or JSON already parsed. */
  | { format: 'fhir'; content: string | Bundle | Composition | object }
  /** A plain-text letter (a DocumentReference attachment of type text/plain). */
  | { format: 'text'; content: string }
  /** An HTML letter (text/html or application/xhtml+xml). */
  | { format: 'html'; content: string }
  /** The lines or text blocks a PDF text extractor returned for a PDF letter, in page order. */
  | { format: 'pdf-text'; lines: readonly string[] };

export type LetterFormat = LetterInput['format'];

/** Who the letter is about, as the letter says: the caller drops a letter about another patient. */
export interface LetterSubject {
  /** The NHS number (identifier system https://fhir.nhs.uk/Id/nhs-number), digits as written. */
  nhsNumber?: string;
  /** The patient's official (else first) name, "Prefix Given Family". */
  name?: string;
  /** As written (FHIR date, `YYYY-MM-DD`). */
  birthDate?: string;
  /** Composition.subject.reference, as written. */
  reference?: string;
}

/**
 * The key of a section of the letter: the UK Core RecordStandardHeadings code where the heading has one
 * (`plan-and-requested-actions`, `information-and-advice-given`, `medications-and-medical-devices`, …),
 * or `unknown` for a section no rule here knows (kept as the letter's text, never dropped).
 */
export type SectionKey = string;

/** One section of the letter as text. */
export interface LetterSection {
  key: SectionKey;
  /** The section's title as the letter gives it (else the heading's name). */
  title: string;
  /** The code that identified the section (a SNOMED CT concept id or a UK Core heading code). */
  code?: string;
  /**
   * The section's text, one string a paragraph, list item or table row; a row whose header cell
   * labels its data cell reads `Header: data`.
   */
  paragraphs: string[];
}

/** Where in the letter a request was read. */
interface RequestPlace {
  /** The key of the section it was read in. */
  sectionKey: SectionKey;
  /** That section's title. */
  sectionTitle: string;
  /** The sub-heading it was under, as written (e.g. "Actions for healthcare professionals"). */
  heading: string;
  /** Its position in its list (`actions` or `otherRequests`), from 0: a stable key for the caller. */
  index: number;
}

/**
 * One thing the letter asks of the next clinician (a healthcare professional), verbatim: the letter's own
 * words, whitespace-normalised, never reworded. Its status line ("Status: Requested") is not part of
 * `text`; its value is `status`.
 */
export interface LetterAction extends RequestPlace {
  text: string;
  /** The value of the action's "Status:" line as written ("Requested", "Completed"), when it has one. */
  status?: string;
}

/** For whom a request that is not an action for a healthcare professional is. */
export type OtherRequestKind = 'patient-or-carer' | 'agreed-with-patient' | 'information-and-advice';

/**
 * A request or note for the patient or carer, something agreed with the patient, or information and
 * advice given: kept apart, never among the actions for healthcare professionals.
 */
export interface OtherRequest extends RequestPlace {
  kind: OtherRequestKind;
  text: string;
  status?: string;
}

/** How a medicine changed. A continued medicine is no change and is not listed. */
export type MedicineChangeKind = 'added' | 'amended' | 'on-hold' | 'stopped';

/** One coded medicine change, in the letter's words. */
export interface MedicineChange {
  change: MedicineChangeKind;
  /** The medicine's name (its coded display or text). */
  medicine: string;
  /** What was amended (the change summary's detailsOfAmendment). */
  details?: string;
  /** Why it changed (indicationForChange; for a stopped medicine, the reason given for its status). */
  reason?: string;
  /** When it changed, as written (dateChanged; for a stopped medicine, when it was stopped). */
  date?: string;
  /** The dose directions (MedicationStatement.dosage text). */
  dose?: string;
}

/** What was read from one letter. */
export interface LetterReading {
  kind: LetterKind;
  /** The document type in words (Composition.type), e.g. "Discharge summary". */
  documentType?: string;
  /** The organisation that wrote the letter: the author's organisation, else the custodian. */
  authorOrganisation?: string;
  /** When the letter was written, as written (Composition.date). */
  date?: string;
  title?: string;
  /** The letter's own identifier (Composition.identifier value): what a later letter replaces. */
  identifier?: string;
  subject?: LetterSubject;
  /**
   * Identifier values or references of earlier letters this one replaces (Composition.relatesTo with code
   * `replaces`): their actions are superseded by this letter's.
   */
  replaces: string[];
  sections: LetterSection[];
  /** What the letter asks of healthcare professionals, each one line, in letter order. */
  actions: LetterAction[];
  /** Requests for the patient or carer, agreements with the patient, information and advice given. */
  otherRequests: OtherRequest[];
  /** Added, amended, on-hold and stopped medicines (coded FHIR documents only). */
  medicineChanges: MedicineChange[];
  /** How much of the letter's requests (actions and other requests) was read. */
  read: ReadState;
  /** How much of the letter's medicine changes was read. */
  medicinesRead: ReadState;
  /** What could not be read, in words for the clinician, each ending in what to do. */
  problems: string[];
}
