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
  return !!findCode(concept, NO_KNOWN_ALLERGY_CODES);
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

