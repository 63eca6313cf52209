import { describe, expect, it } from 'vitest';
import type { Patient } from '@medplum/fhirtypes';
import { patientSummary } from '@/utils/record/normalise/normalise-record';
import { patientBanner as bannerOf } from './patient-banner';

const patientBanner = (p: Patient, now: Date) => bannerOf(patientSummary(p), now);

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
