/**
 * Small concept sets: "no known allergy" statements, national record pointer document types, and
 * emergency attendance / unplanned admission encounters.
 */
import type { CodeableConcept, Encounter } from '@medplum/fhirtypes';
import { findCode, normaliseSystem } from './code-systems';

/**
 * "No known allergy" SNOMED CT concepts: a reassuring statement, never an allergy. From the HL7 IPS
 * ConceptMap absence-to-snomed-uv-ips 1.1.0 (sources.ts: ipsAbsence), the codes GP Connect also sends.
 */
export const NO_KNOWN_ALLERGY: Readonly<Record<string, string>> = {
  '716186003': 'No known allergy',
  '409137002': 'No known drug allergy',
  '428607008': 'No known environmental allergy',
  '429625007': 'No known food allergy',
};
const NO_KNOWN_ALLERGY_CODES: ReadonlySet<string> = new Set(Object.keys(NO_KNOWN_ALLERGY));

/**
 * Whether an AllergyIntolerance.code (or a List entry) says the patient has no known allergy.
 * By code only: words such as "NKDA" are left to the caller, because "no known allergy to penicillin"
 * style free text is too easy to misread.
 * @param concept - AllergyIntolerance.code
 */
export function isNoKnownAllergy(concept: CodeableConcept | undefined): boolean {
  if (findCode(concept, NO_KNOWN_ALLERGY_CODES)) return true;
  const absent = absenceByCode(concept);
  return absent?.about === 'allergies' && absent.known;
}

/** The IPS 1.0 code system for absent and unknown information (withdrawn in 1.1, still sent by older IPS documents). */
const IPS_ABSENT_UNKNOWN = normaliseSystem('http://hl7.org/fhir/uv/ips/CodeSystem/absent-unknown-uv-ips');

/** What an absence statement is about, and whether it says "none known" (`known`) or "no information". */
export interface AbsenceStatement {
  about: 'allergies' | 'medicines' | 'problems' | 'other';
  /** true: "no known …" (a statement that there are none); false: "no information about …". */
  known: boolean;
}

/**
 * Statements that something is absent or unknown, coded in place of an allergy, a medicine or a problem:
 * the IPS absent-unknown codes and the SNOMED CT situations the IPS maps them to (sources.ts: ipsAbsence,
 * ConceptMap absence-to-snomed-uv-ips 1.1.0, and the value set absent-or-unknown-snomed-uv-ips).
 */
const ABSENCE_SNOMED: Readonly<Record<string, AbsenceStatement>> = {
  '716186003': { about: 'allergies', known: true },
  '409137002': { about: 'allergies', known: true },
  '428607008': { about: 'allergies', known: true },
  '429625007': { about: 'allergies', known: true },
  '787481004': { about: 'medicines', known: true },
  '160245001': { about: 'problems', known: true },
  '787483001': { about: 'other', known: true },
  '787482006': { about: 'other', known: true },
  '787480003': { about: 'other', known: true },
};
const ABSENCE_IPS: Readonly<Record<string, AbsenceStatement>> = {
  'no-allergy-info': { about: 'allergies', known: false },
  'no-known-allergies': { about: 'allergies', known: true },
  'no-known-medication-allergies': { about: 'allergies', known: true },
  'no-known-environmental-allergies': { about: 'allergies', known: true },
  'no-known-food-allergies': { about: 'allergies', known: true },
  'no-medication-info': { about: 'medicines', known: false },
  'no-known-medications': { about: 'medicines', known: true },
  'no-problem-info': { about: 'problems', known: false },
  'no-known-problems': { about: 'problems', known: true },
  'no-device-info': { about: 'other', known: false },
  'no-known-devices': { about: 'other', known: true },
  'no-immunization-info': { about: 'other', known: false },
  'no-known-immunizations': { about: 'other', known: true },
  'no-procedure-info': { about: 'other', known: false },
  'no-known-procedures': { about: 'other', known: true },
};
const ABSENCE_SNOMED_CODES: ReadonlySet<string> = new Set(Object.keys(ABSENCE_SNOMED));

/** An absence statement by its code alone: an IPS absent-unknown code or a SNOMED CT situation it maps to. */
function absenceByCode(concept: CodeableConcept | undefined): AbsenceStatement | undefined {
  const snomed = findCode(concept, ABSENCE_SNOMED_CODES);
  if (snomed) return ABSENCE_SNOMED[snomed.code];
  for (const coding of concept?.coding ?? []) {
    const code = coding.code?.trim();
    if (code && normaliseSystem(coding.system) === IPS_ABSENT_UNKNOWN && Object.hasOwn(ABSENCE_IPS, code)) return ABSENCE_IPS[code];
  }
  return undefined;
}

/**
 * The same statements in words, when a record gives no code: the whole text must be one of the IPS
 * displays (or the SNOMED CT terms they map to, or the usual abbreviations NKA / NKDA). Anchored, so that
 * "no known allergy to penicillin" or "no known allergies except latex" is never read as "none".
 */
const ABSENCE_WORDS: readonly [RegExp, AbsenceStatement][] = [
  [/^(nka|nkda|no known (drug |medication |food |environmental )?allerg(y|ies))$/, { about: 'allergies', known: true }],
  [/^no information (about|on) allergies$/, { about: 'allergies', known: false }],
  [/^no known medications?$/, { about: 'medicines', known: true }],
  [/^no information (about|on) medications?$/, { about: 'medicines', known: false }],
  [/^(no known problems|no current problems or disability)$/, { about: 'problems', known: true }],
  [/^no information (about|on) problems$/, { about: 'problems', known: false }],
];

/**
 * Whether a concept coded where an allergy, a medicine or a problem goes says instead that there is none
 * known, or no information: such a statement is never an item of its own. By code; by words only where
 * the concept has no code and its whole text is such a statement.
 * @param concept - AllergyIntolerance.code, a medicine's concept, or Condition.code
 */
export function absenceStatement(concept: CodeableConcept | undefined): AbsenceStatement | undefined {
  const coded = absenceByCode(concept);
  if (coded) return coded;
  if ((concept?.coding ?? []).some((c) => c.code?.trim())) return undefined;
  const words = [concept?.text, ...(concept?.coding ?? []).map((c) => c.display)]
    .map((t) => t?.trim().toLowerCase().replace(/\s*\((situation|finding)\)$/, '').replace(/[.\s]+$/, ''))
    .filter((t): t is string => !!t);
  for (const text of words) for (const [pattern, statement] of ABSENCE_WORDS) if (pattern.test(text)) return statement;
  return undefined;
}

export type NationalRecordTypeId =
  | 'respect-form' | 'end-of-life-care-coordination-summary' | 'mental-health-crisis-plan' | 'emergency-health-care-plan'
  | 'treatment-escalation-plan' | 'end-of-life-care-plan' | 'contingency-plan';

/**
 * National record pointer document types (DocumentReference.type), with the display each source gives.
 * National Record Locator pointer types (sources.ts: nrlPointerTypes), and the treatment escalation plan
 * from the Yeovil alert list (ydhAlerts).
 */
export const NATIONAL_RECORD_TYPES: Readonly<Record<string, { id: NationalRecordTypeId; label: string }>> = {
  '1382601000000107': { id: 'respect-form', label: 'ReSPECT (Recommended Summary Plan for Emergency Care and Treatment) form' },
  '861421000000109': { id: 'end-of-life-care-coordination-summary', label: 'End of life care coordination summary' },
  '736253002': { id: 'mental-health-crisis-plan', label: 'Mental health crisis plan' },
  '887701000000100': { id: 'emergency-health-care-plan', label: 'Emergency health care plan' },
  '735324008': { id: 'treatment-escalation-plan', label: 'Treatment escalation plan' },
  '736373009': { id: 'end-of-life-care-plan', label: 'End of life care plan' },
  '325691000000100': { id: 'contingency-plan', label: 'Contingency plan' },
};
const NATIONAL_RECORD_CODES: ReadonlySet<string> = new Set(Object.keys(NATIONAL_RECORD_TYPES));

/**
 * The national record type of a document, if it is one.
 * @param concept - DocumentReference.type
 */
export function nationalRecordType(concept: CodeableConcept | undefined): { id: NationalRecordTypeId; label: string } | undefined {
  const hit = findCode(concept, NATIONAL_RECORD_CODES);
  return hit ? NATIONAL_RECORD_TYPES[hit.code] : undefined;
}

const V3_ACT_CODE = 'http://terminology.hl7.org/codesystem/v3-actcode';
const V3_ACT_PRIORITY = 'http://terminology.hl7.org/codesystem/v3-actpriority';
const ADMIT_SOURCE = 'http://terminology.hl7.org/codesystem/admit-source';
const INPATIENT_CLASSES = new Set(['IMP', 'ACUTE', 'NONAC', 'OBSENC', 'SS']);
/** Encounter.type for an emergency department attendance: "Emergency room admission" as Synthea writes it (syntheaFixtures). */
const EMERGENCY_ATTENDANCE_TYPES: ReadonlySet<string> = new Set(['50849002']);

/**
 * Whether an encounter was urgent care: an emergency attendance (class `EMER`, v3-ActCode, or an
 * emergency department type), or an unplanned admission (an inpatient class with emergency priority
 * `EM` or admitted from the emergency department, admit-source `emd`). The class and priority come from
 * FHIR R4 (sources.ts: fhirEncounter); words are not read, since "emergency" also appears in planned
 * "emergency health care plan" reviews.
 * @param encounter - the encounter
 */
export function urgentCareKind(encounter: Encounter): 'emergency-attendance' | 'unplanned-admission' | undefined {
  const cls = encounter.class;
  const classCode = cls?.code?.toUpperCase();
  const classIsV3 = !cls?.system || normaliseSystem(cls.system) === V3_ACT_CODE;
  if (classIsV3 && classCode === 'EMER') return 'emergency-attendance';
  if (findCode({ coding: (encounter.type ?? []).flatMap((t) => t.coding ?? []) }, EMERGENCY_ATTENDANCE_TYPES) && !INPATIENT_CLASSES.has(classCode ?? '')) {
    return 'emergency-attendance';
  }
  if (classCode && INPATIENT_CLASSES.has(classCode)) {
    const emergencyPriority = (encounter.priority?.coding ?? []).some((c) => normaliseSystem(c.system) === V3_ACT_PRIORITY && ['EM', 'UR', 'S'].includes(c.code ?? ''));
    const fromEmergencyDepartment = (encounter.hospitalization?.admitSource?.coding ?? []).some((c) => normaliseSystem(c.system) === ADMIT_SOURCE && c.code === 'emd');
    if (emergencyPriority || fromEmergencyDepartment) return 'unplanned-admission';
  }
  return undefined;
}

