import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { patientBanner } from './patient-banner';
import { badgeCount, summariseRecord } from './summarise-record';

const now = new Date('2026-11-24T10:00:00');

describe('patientBanner (NHS CUI)', () => {
  it('formats name, born, gender and NHS number as the CUI does', () => {
    const b = patientBanner(
      {
        resourceType: 'Patient',
        name: [{ use: 'official', family: 'Smith', given: ['Mary', 'Jane'], prefix: ['Mrs'] }],
        birthDate: '1950-03-12',
        gender: 'female',
        identifier: [
          {
            system: 'https://fhir.nhs.uk/Id/nhs-number',
            value: '9434765919',
            extension: [
              {
                url: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
                valueCodeableConcept: { coding: [{ code: '01', display: 'Number present and verified' }] },
              },
            ],
          },
        ],
      },
      now,
    );
    expect(b).toMatchObject({ name: 'SMITH, Mary Jane (Mrs)', born: '12-Mar-1950 (76y)', gender: 'Female', nhsNumber: '943 476 5919', nhsNumberVerified: true });
  });

  it('says "Not Known" for what the record does not say', () => {
    const b = patientBanner({ resourceType: 'Patient', gender: 'unknown' }, now);
    expect(b).toMatchObject({ name: 'Not Known', born: 'Not Known', gender: 'Not Known', nhsNumber: 'Not Known', nhsNumberVerified: false });
  });

  it('gives a baby age in months', () => {
    expect(patientBanner({ resourceType: 'Patient', birthDate: '2026-01-10' }, now).born).toBe('10-Jan-2026 (10m)');
  });
});

describe('summariseRecord', () => {
  const resources: Resource[] = [
    { resourceType: 'Flag', id: 'f1', status: 'active', subject: { reference: 'Patient/p' }, code: { text: 'Safeguarding concern' } },
    { resourceType: 'Flag', id: 'f2', status: 'inactive', subject: { reference: 'Patient/p' }, code: { text: 'Old flag' } },
    { resourceType: 'AllergyIntolerance', id: 'a1', patient: { reference: 'Patient/p' }, criticality: 'low', code: { text: 'Hay fever' } },
    { resourceType: 'AllergyIntolerance', id: 'a2', patient: { reference: 'Patient/p' }, criticality: 'high', code: { text: 'Penicillin' } },
    { resourceType: 'Encounter', id: 'e1', status: 'in-progress', class: { code: 'IMP' }, period: { start: '2026-11-21T09:00:00' }, location: [{ location: { display: 'Ward 7' } }] },
    { resourceType: 'Encounter', id: 'e2', status: 'finished', class: { code: 'IMP' }, period: { start: '2026-11-10', end: '2026-11-20' }, serviceProvider: { display: 'Northshire General' } },
    { resourceType: 'Appointment', id: 'ap1', status: 'noshow', start: '2026-11-20T09:00:00', description: 'Pre-op assessment', participant: [{ status: 'declined' }] },
    {
      resourceType: 'CareTeam',
      id: 'ct',
      status: 'active',
      participant: [
        { member: { display: 'Nurse Jones' }, role: [{ text: 'District nurse' }] },
        { member: { display: 'Dr Patel' }, role: [{ text: 'Lead professional' }], onBehalfOf: { display: 'Riverside Surgery' } },
      ],
    },
    { resourceType: 'Task', id: 't1', status: 'requested', intent: 'order', description: 'Later', restriction: { period: { end: '2026-12-01' } } },
    { resourceType: 'Task', id: 't2', status: 'on-hold', intent: 'order', description: 'Overdue review', restriction: { period: { end: '2026-11-20' } } },
    { resourceType: 'Task', id: 't3', status: 'completed', intent: 'order', description: 'Done' },
    { resourceType: 'Task', id: 't4', status: 'accepted', intent: 'order', description: 'Due today', restriction: { period: { end: '2026-11-24' } } },
  ];
  const s = summariseRecord(resources, now);

  it('keeps active alerts only, and high-criticality allergies first', () => {
    expect(s.alerts.map((l) => l.text)).toEqual(['Safeguarding concern']);
    expect(s.allergies.map((l) => l.text)).toEqual(['Penicillin', 'Hay fever']);
  });

  it('says where the patient is now, and what happened recently', () => {
    expect(s.whereNow?.text).toBe('Admitted to Ward 7');
    expect(s.recentEvents.map((l) => l.text)).toEqual(['Missed appointment on 20-Nov-2026 09:00', 'Discharged 20-Nov-2026']);
  });

  it('names the lead professional', () => {
    expect(s.leadProfessional?.text).toBe('Lead professional: Dr Patel');
    expect(s.leadProfessional?.detail).toContain('Riverside Surgery');
  });

  it('lists pending tasks overdue first, a task due today not overdue, completed ones left out', () => {
    expect(s.tasks.map((t) => [t.text, t.overdue])).toEqual([
      ['Overdue review', true],
      ['Due today', false],
      ['Later', false],
    ]);
    expect(badgeCount(s)).toBe(4);
  });

  it('shows a clinic appointment today when the patient is not admitted', () => {
    const today = summariseRecord(
      [{ resourceType: 'Appointment', id: 'x', status: 'booked', start: '2026-11-24T14:30:00', description: 'Diabetes clinic', participant: [] }],
      now,
    );
    expect(today.whereNow?.text).toBe('In clinic today at 14:30');
  });
});
