/**
 * Our own synthetic patients: UK-flavoured records written here (no third-party data), each with a
 * clinical story the demo and the tests rely on.
 */
import type { AllergyIntolerance, Condition, Encounter, MedicationRequest, Observation, Resource } from '@medplum/fhirtypes';
import type { CareProfile } from './care-coordination';
import { ORGS, PEOPLE, ref, type AnyReference } from './organisations';

const SCT = 'http://snomed.info/sct';
const DMD = 'https://dmd.nhs.uk';
const DAY = 86_400_000;

export interface UkPatientStory {
  key: string;
  title?: string;
  given: string;
  family: string;
  gender: 'male' | 'female' | 'other' | 'unknown';
  /** Age in whole years on `now`; the birth date is derived so that stays true. */
  age: number;
  birthMonthDay: string;
  postcode: string;
  street: string;
  nhsVerified: boolean;
  problems: [string, string][];
  resolvedProblems: [string, string][];
  medicines: [string, string, string][];
  stoppedMedicines: [string, string, string][];
  allergies: [string, string, 'high' | 'low', string][];
  care: CareProfile;
}

export const UK_PATIENTS: UkPatientStory[] = [
  {
    key: 'margaret-thompson', title: 'Mrs', given: 'Margaret', family: 'Thompson', gender: 'female', age: 88, birthMonthDay: '04-17',
    postcode: 'NS1 4QT', street: '12 Mill Lane', nhsVerified: true,
    problems: [['129839007', 'At risk for falls'], ['49436004', 'Atrial fibrillation'], ['248279007', 'Frailty']],
    resolvedProblems: [['68566005', 'Urinary tract infection']],
    medicines: [['319740004', 'Warfarin 1mg tablets', 'As directed by anticoagulation clinic, INR 2-3'], ['322236009', 'Paracetamol 500mg tablets', 'Two tablets up to four times a day']],
    stoppedMedicines: [['323509004', 'Trimethoprim 200mg tablets', 'Twice a day for 3 days']],
    allergies: [],
    care: { dnacpr: true, dischargedDaysAgo: 3, lead: 'districtNurse' },
  },
  {
    key: 'oliver-bennett', given: 'Oliver', family: 'Bennett', gender: 'male', age: 9, birthMonthDay: '09-02',
    postcode: 'NS3 2AB', street: '4 Church Row', nhsVerified: true,
    problems: [['195967001', 'Asthma']],
    resolvedProblems: [['65363002', 'Otitis media']],
    medicines: [['320133006', 'Salbutamol 100micrograms/dose inhaler', 'Two puffs when required']],
    stoppedMedicines: [],
    allergies: [['91935009', 'Peanut', 'high', 'Anaphylaxis']],
    care: { safeguarding: true, clinicToday: true, lead: 'socialWorker' },
  },
  {
    key: 'priya-sharma', title: 'Ms', given: 'Priya', family: 'Sharma', gender: 'female', age: 52, birthMonthDay: '01-23',
    postcode: 'NS2 7LP', street: 'Flat 3, 88 Station Road', nhsVerified: true,
    problems: [['46635009', 'Type 1 diabetes mellitus'], ['38341003', 'Hypertension']],
    resolvedProblems: [],
    medicines: [['3424311000001103', 'Insulin glargine 100units/ml pre-filled pen', '24 units at night'], ['318856002', 'Ramipril 5mg capsules', 'One daily']],
    stoppedMedicines: [],
    allergies: [['293963004', 'Cephalosporin', 'low', 'Rash']],
    care: { missedDaysAgo: 3, lead: 'diabetesNurse' },
  },
  {
    key: 'david-hughes', title: 'Mr', given: 'David', family: 'Hughes', gender: 'male', age: 67, birthMonthDay: '06-30',
    postcode: 'NS4 1EE', street: '27 Beech Avenue', nhsVerified: true,
    problems: [['13645005', 'Chronic obstructive pulmonary disease'], ['233604007', 'Pneumonia']],
    resolvedProblems: [['195662009', 'Acute viral pharyngitis']],
    medicines: [['322503005', 'Morphine sulfate 10mg/5ml oral solution', '2.5ml every 4 hours when required for breathlessness'], ['320218006', 'Tiotropium 18microgram inhalation powder capsules', 'One daily']],
    stoppedMedicines: [],
    allergies: [['91936005', 'Penicillin', 'high', 'Anaphylaxis']],
    care: { admitted: true, lead: 'consultant' },
  },
  {
    key: 'aisha-khan', title: 'Miss', given: 'Aisha', family: 'Khan', gender: 'female', age: 34, birthMonthDay: '11-05',
    postcode: 'NS5 9RD', street: '9 Park Terrace', nhsVerified: false,
    problems: [['35489007', 'Depressive disorder'], ['197480006', 'Anxiety disorder']],
    resolvedProblems: [],
    medicines: [['321987003', 'Sertraline 50mg tablets', 'One daily']],
    stoppedMedicines: [['321886000', 'Citalopram 20mg tablets', 'One daily']],
    allergies: [],
    care: { referral: true, lead: 'cpn' },
  },
  {
    key: 'george-williams', title: 'Mr', given: 'George', family: 'Williams', gender: 'male', age: 74, birthMonthDay: '03-12',
    postcode: 'NS6 3HW', street: '55 Queens Road', nhsVerified: true,
    problems: [['69896004', 'Rheumatoid arthritis'], ['44054006', 'Type 2 diabetes mellitus']],
    resolvedProblems: [],
    medicines: [['324102009', 'Methotrexate 2.5mg tablets', 'Four tablets ONCE a WEEK on Mondays'], ['325245008', 'Metformin 500mg tablets', 'One twice a day'], ['329642003', 'Folic acid 5mg tablets', 'One weekly, not on methotrexate day']],
    stoppedMedicines: [],
    allergies: [['387406002', 'Sulfonamide', 'low', 'Rash']],
    care: { lead: 'gp' },
  },
  {
    key: 'sam-taylor', given: 'Sam', family: 'Taylor', gender: 'unknown', age: 45, birthMonthDay: '07-19',
    postcode: 'NS1 8JJ', street: '3 Orchard Close', nhsVerified: true,
    problems: [['73211009', 'Diabetes mellitus']],
    resolvedProblems: [],
    medicines: [['325245008', 'Metformin 500mg tablets', 'One twice a day']],
    stoppedMedicines: [],
    allergies: [],
    care: { lead: 'gp' },
  },
];

/** The clinical record (problems, medicines, allergies, encounters, observations) for one story. */
export function clinicalRecord(story: UkPatientStory, patient: AnyReference, now: Date): Resource[] {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const k = story.key;
  const out: Resource[] = [];
  const condition = (id: string, [code, text]: [string, string], active: boolean, onsetDays: number): Condition => ({
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: active ? 'active' : 'resolved' }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' }] }],
    code: { coding: [{ system: SCT, code, display: text }], text },
    subject: patient,
    onsetDateTime: at(onsetDays),
    recorder: ref(PEOPLE.gp),
  });
  story.problems.forEach((p, i) => out.push(condition(`${k}-cond-${i}`, p, true, -400 * (i + 1))));
  story.resolvedProblems.forEach((p, i) => out.push(condition(`${k}-cond-resolved-${i}`, p, false, -900)));

  const medicine = (id: string, [code, text, dose]: [string, string, string], status: MedicationRequest['status'], days: number): MedicationRequest => ({
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    medicationCodeableConcept: { coding: [{ system: DMD, code, display: text }], text },
    subject: patient,
    authoredOn: at(days),
    requester: ref(PEOPLE.gp),
    dosageInstruction: [{ text: dose }],
  });
  story.medicines.forEach((m, i) => out.push(medicine(`${k}-med-${i}`, m, 'active', -200 - 30 * i)));
  story.stoppedMedicines.forEach((m, i) => out.push(medicine(`${k}-med-stopped-${i}`, m, 'stopped', -500)));

  story.allergies.forEach(([code, text, criticality, reaction], i) => {
    const a: AllergyIntolerance = {
      resourceType: 'AllergyIntolerance',
      id: `${k}-allergy-${i}`,
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
      criticality,
      code: { coding: [{ system: SCT, code, display: text }], text },
      patient,
      recordedDate: at(-1200),
      recorder: ref(PEOPLE.gp),
      reaction: [{ manifestation: [{ text: reaction }] }],
    };
    out.push(a);
  });

  const encounters: [string, number, AnyReference][] = [
    ['GP consultation', -20, ref(ORGS.gp)],
    ['Practice nurse review', -75, ref(ORGS.gp)],
    ['Outpatient follow-up', -40, ref(ORGS.hospital)],
    ['Community nursing visit', -10, ref(ORGS.community)],
  ];
  encounters.forEach(([text, days, provider], i) => {
    const e: Encounter = {
      resourceType: 'Encounter',
      id: `${k}-enc-${i}`,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: i === 3 ? 'HH' : 'AMB', display: i === 3 ? 'home health' : 'ambulatory' },
      type: [{ text }],
      subject: patient,
      period: { start: at(days), end: at(days + 0.02) },
      serviceProvider: provider,
    };
    out.push(e);
  });

  const obs = (n: number, code: string, text: string, value: number, unit: string, days: number): Observation => ({
    resourceType: 'Observation',
    id: `${k}-obs-${n}`,
    status: 'final',
    code: { coding: [{ system: SCT, code, display: text }], text },
    subject: patient,
    effectiveDateTime: at(days),
    valueQuantity: { value, unit },
  });
  out.push(obs(1, '27113001', 'Body weight', story.age < 16 ? 30 : 72, 'kg', -20), obs(2, '72313002', 'Systolic arterial pressure', 138, 'mm[Hg]', -20));
  return out;
}

/** A birth date that makes the patient `age` on `now`. */
export function birthDateFor(story: UkPatientStory, now: Date): string {
  const year = now.getFullYear() - story.age;
  const candidate = `${year}-${story.birthMonthDay}`;
  // Not yet had this year's birthday: born a year earlier.
  return candidate.slice(5) > now.toISOString().slice(5, 10) ? `${year - 1}-${story.birthMonthDay}` : candidate;
}
