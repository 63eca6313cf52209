/**
 * Small builders for clinical scenarios: FHIR resources for one patient, with plenty of noise (old
 * problems, routine observations, finished contacts, stopped medicines, completed tasks), so a test can
 * check that what matters rises above it.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import type { NormalisedRecord } from '../../fhir/normalised-record';
import { normaliseRecord, type RecordPart } from '../../fhir/normalise/normalise-record';
import { keepOwnResources } from '../../fhir/normalise/ownership';
import { rankHighlights, type RankResult } from '../rank';

export const NOW = new Date('2026-11-24T10:00:00');
const DAY = 86_400_000;
export const daysFromNow = (d: number, hour = 9) => {
  const t = new Date(NOW.getTime() + d * DAY);
  t.setHours(hour, 0, 0, 0);
  return t.toISOString();
};

const P = { reference: 'Patient/p', display: 'Test Patient' };
const SCT = 'http://snomed.info/sct';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';

export const flag = (id: string, text: string): Resource => ({ resourceType: 'Flag', id, status: 'active', subject: P, code: { text }, period: { start: daysFromNow(-30) } });
export const allergy = (id: string, text: string, criticality: 'high' | 'low'): Resource => ({
  resourceType: 'AllergyIntolerance', id, patient: P, criticality, code: { text },
  clinicalStatus: { coding: [{ code: 'active' }] }, reaction: [{ manifestation: [{ text: 'Anaphylaxis' }] }], recordedDate: daysFromNow(-900),
});
export const med = (id: string, text: string, coding?: { system: string; code: string }, status: 'active' | 'stopped' = 'active'): Resource => ({
  resourceType: 'MedicationRequest', id, status, intent: 'order', subject: P,
  medicationCodeableConcept: { text, coding: coding ? [{ ...coding, display: text }] : [] }, authoredOn: daysFromNow(-100), dosageInstruction: [{ text: 'As directed' }],
});
export const condition = (id: string, text: string, active = true): Resource => ({
  resourceType: 'Condition', id, subject: P, code: { text }, clinicalStatus: { coding: [{ code: active ? 'active' : 'resolved' }] }, onsetDateTime: daysFromNow(-800),
});
export const encounter = (id: string, opts: { status: 'finished' | 'in-progress'; inpatient?: boolean; start: number; end?: number; ward?: string }): Resource => ({
  resourceType: 'Encounter', id, status: opts.status, subject: P,
  class: { code: opts.inpatient ? 'IMP' : 'AMB' }, type: [{ text: opts.inpatient ? 'Emergency admission' : 'GP consultation' }],
  period: { start: daysFromNow(opts.start), ...(opts.end !== undefined ? { end: daysFromNow(opts.end) } : {}) },
  serviceProvider: { display: opts.inpatient ? 'Northshire General' : 'Riverside Surgery' },
  ...(opts.ward ? { location: [{ location: { display: opts.ward } }] } : {}),
});
export const appointment = (id: string, status: 'booked' | 'noshow' | 'fulfilled', start: string, description: string): Resource => ({
  resourceType: 'Appointment', id, status, start, description, participant: [{ actor: P, status: 'accepted' }, { actor: { reference: 'Location/l', display: 'Outpatients' }, status: 'accepted' }],
});
export const task = (id: string, status: 'requested' | 'accepted' | 'in-progress' | 'on-hold' | 'completed', description: string, dueDays?: number, owner = 'Northshire Community Nursing'): Resource => ({
  resourceType: 'Task', id, status, intent: 'order', for: P, description, owner: { display: owner },
  ...(dueDays !== undefined ? { restriction: { period: { end: daysFromNow(dueDays).slice(0, 10) } } } : {}),
});
export const careTeam = (id: string, lead: string): Resource => ({
  resourceType: 'CareTeam', id, status: 'active', subject: P,
  participant: [{ role: [{ text: 'Lead professional' }, { text: 'District nurse' }], member: { display: lead }, onBehalfOf: { display: 'Northshire Community Nursing' } }],
});

/** Routine noise a real record is full of. */
export function noise(n = 40): Resource[] {
  const out: Resource[] = [];
  for (let i = 0; i < n; i++) {
    out.push({ resourceType: 'Observation', id: `obs-${i}`, status: 'final', code: { text: 'Blood pressure' }, subject: P, effectiveDateTime: daysFromNow(-i * 10), valueQuantity: { value: 120 + (i % 20), unit: 'mmHg' } });
  }
  for (let i = 0; i < 8; i++) out.push(encounter(`old-enc-${i}`, { status: 'finished', start: -100 - i * 60, end: -100 - i * 60 }));
  for (let i = 0; i < 5; i++) out.push(condition(`old-cond-${i}`, `Resolved problem ${i}`, false));
  for (let i = 0; i < 5; i++) out.push(med(`old-med-${i}`, `Stopped medicine ${i}`, undefined, 'stopped'));
  for (let i = 0; i < 5; i++) out.push(task(`done-${i}`, 'completed', `Completed task ${i}`, -50));
  out.push(condition('htn', 'Hypertension'), med('amlodipine', 'Amlodipine 5mg tablets', { system: SCT, code: '319283006' }));
  return out;
}

export { RX, SCT };

/** The scenarios' patient. */
export const PATIENT: Patient = { resourceType: 'Patient', id: 'p', gender: 'female', birthDate: '1950-03-12', name: [{ use: 'official', family: 'Patient', given: ['Test'] }] };

/**
 * A scenario's resources as the background would store them: checked to be this patient's, then
 * normalised (the code lists run here, never in the panel).
 */
export function normalisedRecord(resources: readonly Resource[], opts: { now?: Date; patient?: Patient; parts?: RecordPart[] } = {}): NormalisedRecord {
  const patient = opts.patient ?? PATIENT;
  const own = keepOwnResources(resources, { id: patient.id! });
  return normaliseRecord({ patient, parts: [{ source: 'Shared record', resources: own.kept }, ...(opts.parts ?? [])], now: opts.now ?? NOW, otherPatients: own.otherPatients });
}

/** Normalises, then ranks, as the background and the panel do between them. */
export function rankRecord(resources: readonly Resource[], opts: Parameters<typeof rankHighlights>[2] & { patient?: Patient; parts?: RecordPart[] } = { now: NOW }): RankResult {
  return rankHighlights(normalisedRecord(resources, opts), resources, opts);
}
