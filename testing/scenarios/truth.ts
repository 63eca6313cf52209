/**
 * Builders for the scenarios of one truthful record across sources (issue 20): the same patient as the
 * shared record and the GP record hold them, with the resources a clinician would write for each
 * situation. Tests only; never bundled.
 */
import type { Bundle, Patient, Resource } from '@medplum/fhirtypes';
import { daysFromNow, PATIENT, SCT } from './build';

export const LOINC = 'http://loinc.org';
export const DMD = 'https://dmd.nhs.uk';
export const ODS = 'https://fhir.nhs.uk/Id/ods-organization-code';
const V3_INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation';
const P = { reference: 'Patient/p' };

/** The GP record as a part of the record: its lines say "GP record", from Riverside Surgery. */
export const gpPart = (resources: Resource[]) => ({ source: 'GP record' as const, resources, idPrefix: 'gp:', organisation: 'Riverside Surgery' });

/** A medicine prescribed in the shared record (a hospital's order), active since `authoredOn`. */
export const hospitalOrder = (id: string, text: string, authoredOn: string, code?: string): Resource => ({
  resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: P, authoredOn, requester: { display: 'Northshire Hospital' },
  medicationCodeableConcept: { text, ...(code ? { coding: [{ system: DMD, code, display: text }] } : {}) }, dosageInstruction: [{ text: 'One daily' }],
});

/** A medicine as the GP record states it: active, or stopped (ended, entered in error) on a date and for a reason. */
export const gpStatement = (id: string, text: string, status: 'active' | 'stopped' | 'completed' | 'entered-in-error', opts: { start: string; end?: string; reason?: string; code?: string }): Resource => ({
  resourceType: 'MedicationStatement', id, status, subject: P, medicationCodeableConcept: { text, ...(opts.code ? { coding: [{ system: DMD, code: opts.code, display: text }] } : {}) },
  effectivePeriod: { start: opts.start, ...(opts.end ? { end: opts.end } : {}) }, ...(opts.reason ? { statusReason: [{ text: opts.reason }] } : {}), dosage: [{ text: 'One daily' }],
});

/** An allergy with a code (or none), its criticality and its reaction. */
export const codedAllergy = (id: string, text: string, opts: { code?: string; display?: string; criticality?: 'high' | 'low'; reaction?: string; type?: 'allergy' | 'intolerance' } = {}): Resource => ({
  resourceType: 'AllergyIntolerance', id, patient: P, type: opts.type ?? 'allergy', clinicalStatus: { coding: [{ code: 'active' }] }, recordedDate: daysFromNow(-700),
  code: { text, ...(opts.code ? { coding: [{ system: SCT, code: opts.code, display: opts.display ?? text }] } : {}) },
  ...(opts.criticality ? { criticality: opts.criticality } : {}), ...(opts.reaction ? { reaction: [{ manifestation: [{ text: opts.reaction }] }] } : {}),
});

/** A condition, active or resolved on a date. */
export const problem = (id: string, text: string, opts: { active: boolean; onset: string; resolved?: string; code?: string; display?: string }): Resource => ({
  resourceType: 'Condition', id, subject: P, clinicalStatus: { coding: [{ code: opts.active ? 'active' : 'resolved' }] }, onsetDateTime: opts.onset,
  code: opts.code ? { coding: [{ system: SCT, code: opts.code, display: opts.display ?? text }], ...(opts.display ? {} : { text }) } : { text },
  ...(opts.resolved ? { abatementDateTime: opts.resolved } : {}),
});

/** An observation: a coded test with a quantity, or a coded finding, with an interpretation. */
export const observation = (id: string, opts: { code: { system: string; code: string; display: string }; days: number; quantity?: { value: number; unit: string }; finding?: { system: string; code: string; display: string }; interpretation?: string }): Resource => ({
  resourceType: 'Observation', id, status: 'final', subject: P, code: { coding: [opts.code], text: opts.code.display }, effectiveDateTime: daysFromNow(-opts.days),
  ...(opts.quantity ? { valueQuantity: { value: opts.quantity.value, unit: opts.quantity.unit, system: 'http://unitsofmeasure.org', code: opts.quantity.unit } } : {}),
  ...(opts.finding ? { valueCodeableConcept: { coding: [opts.finding], text: opts.finding.display } } : {}),
  ...(opts.interpretation ? { interpretation: [{ coding: [{ system: V3_INTERPRETATION, code: opts.interpretation }] }] } : {}),
});

/** A child of 11 (safeguarding for children, and "was not brought"). */
export const CHILD: Patient = { ...PATIENT, birthDate: '2015-06-01', gender: 'male', name: [{ use: 'official', family: 'Child', given: ['Test'] }] };

/** A GP Connect structured record answering for `patient` (by NHS number), with `resources` about them. */
export function gpConnectBundle(patient: Patient, resources: Resource[]): Bundle {
  return { resourceType: 'Bundle', type: 'collection', entry: [{ resource: patient }, ...resources.map((resource) => ({ resource }))] };
}
