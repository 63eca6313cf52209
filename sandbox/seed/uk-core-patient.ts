/**
 * A patient whose shared record is shaped as UK Core R4 servers send it, not as the sandbox's own stories
 * are: references carry no display (names must be read), a medicine is prescribed by reference to a
 * Medication coded in dm+d, another is a MedicationStatement, a flag filed under `diet` is about an
 * allergy, the NHS Reasonable Adjustment Flag, an intolerance, an always-show condition beside ordinary
 * ones, a recent emergency attendance, and a care team with no lead recorded. The sandbox's GP Connect
 * endpoint answers for her too (gp-connect.ts), and the national records endpoint holds her ReSPECT form.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';
import { NHS_NUMBER_SYSTEM } from '../../utils/shared/nhs-number';
import { ORGS, PEOPLE, PLACES } from './organisations';

export const UK_CORE_PATIENT_ID = 'uk-core-nadia-okafor';

const SCT = 'http://snomed.info/sct';
const UKCORE = 'https://fhir.hl7.org.uk/StructureDefinition';
const DAY = 86_400_000;

/** Her Patient and record. `nhs` is her NHS number; `now` is the sandbox's today. */
export function ukCoreRecord(nhs: string, birthDate: string, now: Date): { patient: Patient; resources: Resource[] } {
  const at = (days: number) => new Date(now.getTime() + days * DAY).toISOString();
  const subject = { reference: `Patient/${UK_CORE_PATIENT_ID}` };
  const id = (s: string) => `${UK_CORE_PATIENT_ID}-${s}`;
  const gp = { reference: `Practitioner/${PEOPLE.gp.id}` };
  const patient: Patient = {
    resourceType: 'Patient',
    id: UK_CORE_PATIENT_ID,
    meta: { profile: [`${UKCORE}/UKCore-Patient`] },
    identifier: [
      {
        system: NHS_NUMBER_SYSTEM,
        value: nhs,
        extension: [
          {
            url: `${UKCORE}/Extension-UKCore-NHSNumberVerificationStatus`,
            valueCodeableConcept: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland', code: '01', display: 'Number present and verified' }] },
          },
        ],
      },
    ],
    name: [{ use: 'official', family: 'Okafor', given: ['Nadia'], prefix: ['Mrs'] }],
    gender: 'female',
    birthDate,
    address: [{ use: 'home', line: ['14 Willow Crescent'], city: 'Northshire', postalCode: 'NS7 2PQ', country: 'GB' }],
    generalPractitioner: [{ reference: `Organization/${ORGS.gp.id}` }],
    managingOrganization: { reference: `Organization/${ORGS.gp.id}` },
  };
  const flagCategory = (code: string, display: string) => [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code, display }] }];
  const resources: Resource[] = [
    {
      resourceType: 'Flag', id: id('flag-peanut'), meta: { profile: [`${UKCORE}/UKCore-Flag`] }, status: 'active', subject, category: flagCategory('diet', 'Diet'),
      code: { text: 'Patient has a severe peanut allergy' }, period: { start: at(-700) }, author: gp,
    },
    {
      resourceType: 'Flag', id: id('flag-ra'), status: 'active', subject,
      category: [{ coding: [{ system: 'https://fhir.nhs.uk/England/CodeSystem/England-FlagCategoryRA', code: 'NRAF', display: 'National Reasonable Adjustments Flag' }] }],
      code: { coding: [{ system: SCT, code: '1082681000000103', display: 'Requires support for receptive communication needs' }], text: 'Requires a British Sign Language interpreter' }, period: { start: at(-300) },
    },
    {
      resourceType: 'AllergyIntolerance', id: id('allergy-peanut'), meta: { profile: [`${UKCORE}/UKCore-AllergyIntolerance`] }, patient: subject, type: 'allergy', criticality: 'high',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: 'confirmed' }] },
      code: { coding: [{ system: SCT, code: '91935009', display: 'Allergy to peanut' }] }, reaction: [{ manifestation: [{ coding: [{ system: SCT, code: '39579001', display: 'Anaphylaxis' }] }] }],
      recordedDate: at(-700), recorder: gp,
    },
    {
      resourceType: 'AllergyIntolerance', id: id('intolerance-codeine'), patient: subject, type: 'intolerance',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' }] },
      code: { text: 'Codeine' }, reaction: [{ manifestation: [{ text: 'Nausea and vomiting' }] }], recordedDate: at(-400), recorder: gp,
    },
    {
      resourceType: 'AllergyIntolerance', id: id('allergy-eie'), patient: subject,
      clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'entered-in-error' }] }, code: { text: 'Latex' }, recordedDate: at(-30),
    },
    {
      resourceType: 'Condition', id: id('addisons'), meta: { profile: [`${UKCORE}/UKCore-Condition`] }, subject,
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      code: { coding: [{ system: SCT, code: '363732003', display: "Addison's disease" }] }, onsetDateTime: '2009-05-01', recorder: gp,
    },
    ...['Cataract', 'Hearing loss', 'Osteopenia', 'Hypothyroidism'].map((text, i): Resource => ({
      resourceType: 'Condition', id: id(`problem-${i}`), subject, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text }, onsetDateTime: at(-100 - 50 * i), recorder: gp,
    })),
    { resourceType: 'Condition', id: id('resolved'), subject, clinicalStatus: { coding: [{ code: 'resolved' }] }, code: { text: 'Community-acquired pneumonia' }, onsetDateTime: at(-200) },
    { resourceType: 'Medication', id: id('medication-hydrocortisone'), code: { coding: [{ system: 'https://dmd.nhs.uk', code: '325373001', display: 'Hydrocortisone 10mg tablets' }] } },
    {
      resourceType: 'MedicationRequest', id: id('hydrocortisone'), meta: { profile: [`${UKCORE}/UKCore-MedicationRequest`] }, status: 'active', intent: 'order', subject,
      medicationReference: { reference: `Medication/${id('medication-hydrocortisone')}` }, authoredOn: at(-60), requester: gp,
      dosageInstruction: [{ text: '10mg on waking, 5mg at 2pm; double both doses when unwell (sick-day rules)' }],
    },
    {
      resourceType: 'MedicationStatement', id: id('levothyroxine'), status: 'active', subject, medicationCodeableConcept: { text: 'Levothyroxine sodium 100microgram tablets' },
      effectivePeriod: { start: at(-500) }, dosage: [{ text: 'One each morning' }], informationSource: gp,
    },
    {
      resourceType: 'Encounter', id: id('ed'), meta: { profile: [`${UKCORE}/UKCore-Encounter`] }, status: 'finished', subject,
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'EMER', display: 'emergency' },
      reasonCode: [{ text: 'Fall with head injury' }], period: { start: at(-9), end: at(-9 + 0.2) }, serviceProvider: { reference: `Organization/${ORGS.hospital.id}` },
    },
    {
      resourceType: 'Encounter', id: id('gp'), status: 'finished', subject, class: { code: 'AMB' }, type: [{ text: 'GP consultation' }],
      period: { start: at(-20), end: at(-20) }, serviceProvider: { reference: `Organization/${ORGS.gp.id}` }, location: [{ location: { reference: `Location/${PLACES.surgery.id}` } }],
    },
    {
      resourceType: 'CareTeam', id: id('team'), status: 'active', subject, name: 'Riverside Surgery care team',
      participant: [{ role: [{ text: 'General practitioner' }], member: gp }, { role: [{ text: 'Practice nurse' }], member: { display: 'Ms Joy Adeyemi' } }],
    },
  ];
  return { patient, resources };
}
