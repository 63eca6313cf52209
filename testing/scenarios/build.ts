/**
 * Small builders for clinical scenarios: FHIR resources for one patient, with plenty of noise (old
 * problems, routine observations, finished contacts, stopped medicines, completed tasks), so a test can
 * check that what matters rises above it.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import type { NormalisedRecord } from '../../utils/fhir/normalised-record';
import { normaliseRecord, type RecordPart } from '../../utils/record/normalise/normalise-record';
import { keepOwnResources } from '../../utils/record/guards/ownership';
import { rankHighlights, type RankResult } from '../../utils/highlights/rank';

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
/** A problem coded in SNOMED CT, active, with its onset `years` ago. */
export const codedCondition = (id: string, code: string, text: string, yearsAgo: number): Resource => ({
  resourceType: 'Condition', id, subject: P, code: { coding: [{ system: SCT, code, display: text }], text },
  clinicalStatus: { coding: [{ code: 'active' }] }, onsetDateTime: daysFromNow(-365 * yearsAgo),
});
/** A medicine prescribed by someone (the requester's display names them). */
export const prescribed = (id: string, text: string, coding: { system: string; code: string }, requester: string, dose = 'As directed'): Resource => ({
  resourceType: 'MedicationRequest', id, status: 'active', intent: 'order', subject: P, requester: { display: requester },
  medicationCodeableConcept: { text, coding: [{ ...coding, display: text }] }, authoredOn: daysFromNow(-60), dosageInstruction: [{ text: dose }],
});
/** An emergency department attendance `days` ago, with its reason. */
export const edAttendance = (id: string, days: number, reason: string): Resource => ({
  resourceType: 'Encounter', id, status: 'finished', subject: P, class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER' },
  reasonCode: [{ text: reason }], period: { start: daysFromNow(-days), end: daysFromNow(-days, 13) }, serviceProvider: { display: 'Northshire General ED' },
});
/** A "no known allergy" statement, coded as GP systems record it. */
export const noKnownAllergy = (id: string, code = '716186003', display = 'No known allergy'): Resource => ({
  resourceType: 'AllergyIntolerance', id, patient: P, clinicalStatus: { coding: [{ code: 'active' }] }, code: { coding: [{ system: SCT, code, display }] }, recordedDate: daysFromNow(-400),
});
/** An allergy or intolerance worded as a record might ("Allergy to penicillin"). */
export const reaction = (id: string, type: 'allergy' | 'intolerance', text: string, manifestation: string): Resource => ({
  resourceType: 'AllergyIntolerance', id, patient: P, type, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text }, reaction: [{ manifestation: [{ text: manifestation }] }], recordedDate: daysFromNow(-300),
});
/** A care team whose members carry roles, none of them recorded as lead. */
export const unledTeam = (id: string, members: [string, string][]): Resource => ({
  resourceType: 'CareTeam', id, status: 'active', subject: P, name: 'Community team', participant: members.map(([name, role]) => ({ role: [{ text: role }], member: { display: name } })),
});
/** Many ordinary, recent active problems: a long record in which significance must beat recency. */
export const recentProblems = (n: number): Resource[] =>
  ['Cataract', 'Hearing loss', 'Benign prostatic hyperplasia', 'Osteoarthritis of knee', 'Gastro-oesophageal reflux', 'Hypercholesterolaemia', 'Chronic back pain', 'Insomnia', 'Tinnitus', 'Eczema', 'Plantar fasciitis', 'Varicose veins', 'Haemorrhoids', 'Seborrhoeic keratosis', 'Dry eye']
    .slice(0, n)
    .map((text, i) => ({ resourceType: 'Condition', id: `recent-${i}`, subject: P, code: { text }, clinicalStatus: { coding: [{ code: 'active' }] }, onsetDateTime: daysFromNow(-30 - i * 20) }));

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
