/**
 * Clinical scenarios, each with the items a clinician must see on the first screen.
 */
import type { Resource } from '@medplum/fhirtypes';
import { allergy, appointment, careTeam, condition, daysFromNow, encounter, flag, med, noise, RX, SCT, task } from './build';

export interface Scenario {
  name: string;
  resources: Resource[];
  /** `Type/id` of each item that must be on the first screen. */
  mustSee: string[];
}

export const SCENARIOS: Scenario[] = [
  {
    name: 'frail patient after a fall: discharged 3 days ago, nursing visit overdue, DNACPR',
    resources: [
      ...noise(),
      encounter('adm', { status: 'finished', inpatient: true, start: -8, end: -3 }),
      task('visit', 'accepted', 'Community nursing visit after discharge: falls risk assessment', -1),
      flag('dnacpr', 'DNACPR: do not attempt cardiopulmonary resuscitation'),
      careTeam('ct', 'Ms Rachel Evans'),
      condition('falls', 'At risk for falls'),
    ],
    mustSee: ['Encounter/adm', 'Task/visit', 'Flag/dnacpr', 'CareTeam/ct'],
  },
  {
    name: 'patient on warfarin with a new antibiotic',
    resources: [...noise(), med('warf', 'Warfarin 3mg tablets', { system: SCT, code: '319741000' }), med('clari', 'Clarithromycin 500mg tablets', { system: SCT, code: '324981003' })],
    mustSee: ['MedicationRequest/warf'],
  },
  {
    name: 'child with a safeguarding flag',
    resources: [...noise(), flag('sg', 'Safeguarding concern: child protection plan'), careTeam('ct', 'Mr Tom Baker')],
    mustSee: ['Flag/sg', 'CareTeam/ct'],
  },
  {
    name: 'patient who missed a pre-op assessment',
    resources: [...noise(), appointment('preop', 'noshow', daysFromNow(-2), 'Pre-operative assessment'), appointment('surgery', 'booked', daysFromNow(10), 'Hip replacement')],
    mustSee: ['Appointment/preop'],
  },
  {
    name: 'patient admitted now',
    resources: [...noise(), encounter('now', { status: 'in-progress', inpatient: true, start: -2, ward: 'Ward 7' })],
    mustSee: ['Encounter/now'],
  },
  {
    name: 'patient in clinic today',
    resources: [...noise(), appointment('today', 'booked', daysFromNow(0, 14), 'Cardiology clinic')],
    mustSee: ['Appointment/today'],
  },
  {
    name: 'insulin-dependent diabetic who missed the diabetes clinic',
    resources: [
      ...noise(),
      condition('t1dm', 'Type 1 diabetes mellitus'),
      med('insulin', 'Humulin 70/30 injectable suspension', { system: RX, code: '106892' }),
      appointment('dm', 'noshow', daysFromNow(-5), 'Diabetes clinic'),
    ],
    mustSee: ['MedicationRequest/insulin', 'Appointment/dm'],
  },
  {
    name: 'opioid patient with a high-criticality penicillin allergy',
    resources: [...noise(), med('morph', 'Morphine sulfate 10mg/5ml oral solution', { system: SCT, code: '322503005' }), allergy('pen', 'Penicillin', 'high'), allergy('hay', 'Grass pollen', 'low')],
    mustSee: ['MedicationRequest/morph', 'AllergyIntolerance/pen', 'AllergyIntolerance/hay'],
  },
  {
    name: 'methotrexate once weekly',
    resources: [...noise(), med('mtx', 'Methotrexate 2.5mg tablets', { system: SCT, code: '324102009' }), med('folic', 'Folic acid 5mg tablets')],
    mustSee: ['MedicationRequest/mtx'],
  },
  {
    name: 'a medicine known only by its name (no code) is still caught',
    resources: [...noise(), med('apix', 'Apixaban 5mg tablets')],
    mustSee: ['MedicationRequest/apix'],
  },
  {
    name: 'everything at once: the most urgent first, within 12 lines',
    resources: [
      ...noise(),
      flag('sg', 'Safeguarding concern'),
      flag('dnacpr', 'DNACPR'),
      allergy('pen', 'Penicillin', 'high'),
      encounter('now', { status: 'in-progress', inpatient: true, start: -1, ward: 'Ward 3' }),
      appointment('missed', 'noshow', daysFromNow(-4), 'Pre-operative assessment'),
      task('t1', 'requested', 'Overdue review 1', -5),
      task('t2', 'in-progress', 'Overdue review 2', -2),
      med('warf', 'Warfarin 1mg tablets', { system: SCT, code: '319740004' }),
      med('ins', 'Insulin glargine', { system: 'https://dmd.nhs.uk', code: '3424311000001103' }),
      careTeam('ct', 'Dr Helen Carter'),
      task('later', 'requested', 'Routine review', 30),
    ],
    mustSee: ['Flag/sg', 'Flag/dnacpr', 'AllergyIntolerance/pen', 'Encounter/now', 'Appointment/missed', 'Task/t1', 'Task/t2', 'MedicationRequest/warf', 'MedicationRequest/ins', 'CareTeam/ct'],
  },
  {
    name: 'nothing urgent: problems, medicines and the next appointment',
    resources: [...noise(), appointment('next', 'booked', daysFromNow(20), 'Annual review')],
    mustSee: ['Condition/htn', 'MedicationRequest/amlodipine', 'Appointment/next'],
  },
];
