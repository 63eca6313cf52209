/**
 * Clinical scenarios, each with the items a clinician must see on the first screen.
 */
import type { Resource } from '@medplum/fhirtypes';
import {
  allergy, appointment, careTeam, codedCondition, condition, daysFromNow, edAttendance, encounter, flag, med, noKnownAllergy, noise, prescribed, reaction,
  recentProblems, RX, SCT, task, unledTeam,
} from './build';

const DMD = 'https://dmd.nhs.uk';

export interface Scenario {
  name: string;
  resources: Resource[];
  /** `Type/id` of each item that must be on the first screen. */
  mustSee: string[];
  /** Words that must appear on no line at all (noise, doubled wording, what is not current). */
  neverShown?: RegExp[];
  /** Lines matching a pattern, and how many there must be in the whole list (one line per fact). */
  linesMatching?: [RegExp, number][];
  /** Exact words a line must have. */
  lines?: string[];
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
    resources: [...noise(), appointment('next', 'booked', daysFromNow(20), 'Annual review'), condition('cellulitis', 'Cellulitis of left leg')].map((r) =>
      r.id === 'cellulitis' ? { ...r, onsetDateTime: daysFromNow(-10) } as Resource : r),
    // Hypertension since 2024 is long-standing: listed, but below what is recent (issue 20).
    mustSee: ['Condition/cellulitis', 'MedicationRequest/amlodipine', 'Appointment/next'],
  },
  {
    name: 'BuTrans patch by brand, in a long record: an opioid on the first screen',
    resources: [...noise(), ...recentProblems(12), med('butrans', 'BuTrans 10micrograms/hour transdermal patches', { system: DMD, code: '9565611000001109' })],
    mustSee: ['MedicationRequest/butrans'],
    lines: ['Takes BuTrans 10micrograms/hour transdermal patches (Opioid): As directed.'],
  },
  {
    name: "Addison's disease since 2009 among many recent problems: significance before recency",
    resources: [...noise(), ...recentProblems(15), codedCondition('addisons', '363732003', "Addison's disease", 17)],
    mustSee: ['Condition/addisons'],
  },
  {
    name: 'pregnancy, learning disability, autism and being a carer in a long record: always shown',
    resources: [
      ...noise(), ...recentProblems(15),
      codedCondition('preg', '77386006', 'Pregnancy', 0.2),
      codedCondition('ld', '1089701000000105', 'Learning disability', 30),
      codedCondition('asd', '35919005', 'Autism', 25),
      codedCondition('carer', '224484003', 'Patient themselves providing care', 3),
    ],
    mustSee: ['Condition/preg', 'Condition/ld', 'Condition/asd', 'Condition/carer'],
  },
  {
    name: 'child on a protection plan seen in the ED with a head injury 9 days ago: near the top, with why',
    resources: [...noise(), ...recentProblems(10), flag('cp', 'Child protection plan'), edAttendance('ed', 9, 'Head injury'), edAttendance('old-ed', 60, 'Sprained wrist')],
    mustSee: ['Flag/cp', 'Encounter/ed'],
    lines: ['Emergency department attendance on 15-Nov-2026: Head injury (Northshire General ED).'],
    neverShown: [/Sprained wrist.*Emergency|Emergency.*Sprained wrist/],
  },
  {
    name: 'no noise in must-see slots: "no known allergy" is not an allergy; an intolerance is worded as one; no doubled words',
    resources: [...noise(), noKnownAllergy('nka'), reaction('pen', 'allergy', 'Allergy to penicillin', 'Rash'), reaction('cod', 'intolerance', 'Codeine', 'nausea')],
    mustSee: ['AllergyIntolerance/pen', 'AllergyIntolerance/cod'],
    lines: ['Allergy: penicillin (Rash).', 'Intolerance: Codeine (nausea).'],
    neverShown: [/No known allerg/i, /Allergic to Allergy/i, /Allergy: Allergy/i],
  },
  {
    name: 'one insulin prescribed by the GP and the hospital: one line',
    resources: [
      ...noise(),
      prescribed('ins-gp-1', 'Insulin glargine 100units/ml pre-filled pen', { system: DMD, code: '3424311000001103' }, 'Dr Helen Carter', '24 units at night'),
      prescribed('ins-gp-2', 'Insulin glargine 100units/ml pre-filled pen', { system: DMD, code: '3424311000001103' }, 'Dr Helen Carter', '24 units at night'),
      prescribed('ins-hosp-1', 'Insulin glargine 100units/ml pre-filled pen', { system: 'https://dmd.nhs.uk/', code: '3424311000001103' }, 'Diabetes Centre', '24 units at night'),
      prescribed('ins-hosp-2', 'Insulin glargine 100units/ml solution for injection 3ml pre-filled pen', { system: SCT, code: '3424311000001103' }, 'Diabetes Centre', '24 units at night'),
    ],
    mustSee: ['MedicationRequest/ins-gp-1'],
    linesMatching: [[/[Ii]nsulin glargine/, 1]],
  },
  {
    name: 'a care team with no lead recorded is listed as a team, nobody called "lead professional"',
    resources: [...noise(), unledTeam('team', [['Dr Ian Moss', 'GP'], ['Ms Joy Adeyemi', 'Practice nurse']])],
    mustSee: [],
    neverShown: [/Lead professional/i],
    lines: ['Community team: Dr Ian Moss (GP), Ms Joy Adeyemi (Practice nurse).'],
  },
  {
    name: 'nothing entered in error, refuted, resolved, stopped or cancelled is current',
    resources: [
      ...noise(),
      { resourceType: 'AllergyIntolerance', id: 'eie', patient: { reference: 'Patient/p' }, code: { text: 'Latex' }, clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'entered-in-error' }] } },
      { resourceType: 'Condition', id: 'refuted', subject: { reference: 'Patient/p' }, code: { text: 'Epilepsy' }, clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'refuted' }] } },
      { resourceType: 'MedicationRequest', id: 'cancelled', status: 'cancelled', intent: 'order', subject: { reference: 'Patient/p' }, medicationCodeableConcept: { text: 'Warfarin 5mg tablets' } },
      { resourceType: 'Appointment', id: 'cancelled-appt', status: 'cancelled', start: daysFromNow(0, 15), participant: [{ actor: { reference: 'Patient/p' }, status: 'declined' }], description: 'Cancelled clinic' },
    ],
    mustSee: [],
    neverShown: [/Latex/, /Epilepsy/, /Warfarin/, /Cancelled clinic/, /Resolved problem/, /Stopped medicine/],
  },
];