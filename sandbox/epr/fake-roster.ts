/**
 * Small fictitious rosters for the demo EPRs' tests and saved snapshots (save-snapshots.ts, __snapshots__/).
 * NHS numbers are from the 999 test range, with the Modulus 11 check digit computed by nhsCheckDigit.
 */
import { nhsCheckDigit } from '../../utils/shared/nhs-number.ts';
import { openmrsIdFor, type RosterPatient } from '../roster.ts';

/** A valid NHS number from the first nine digits (throws when no check digit exists). */
export function nhsNumberFrom(nineDigits: string): string {
  const check = nhsCheckDigit(nineDigits);
  if (check === undefined) throw new Error(`no valid NHS number starts ${nineDigits}`);
  return `${nineDigits}${check}`;
}

function patient(n: number, p: Pick<RosterPatient, 'family' | 'given' | 'title' | 'birthDate' | 'gender'>): RosterPatient {
  const nn = String(n).padStart(4, '0');
  return {
    fhirId: `epr-demo-${nn}`,
    nhsNumber: nhsNumberFrom(`99900010${n}`),
    nhsNumberVerified: true,
    ...p,
    openmrsUuid: `5a0e8f3c-7d1b-4c2a-9e6f-00000000${nn}`,
    openmrsId: openmrsIdFor(n),
    openemrPid: n,
    openemrPubpid: `PUB100${n}`,
    source: 'alongside',
  };
}

/**
 * The three patients of the saved snapshots:
 *   1 Mrs Ada FAKEHAM    1950-03-12 female   NHS 999 000 1014  OpenMRS 100-0001  OpenEMR pid 1 PUB1001
 *   2 Mr Bertram FAKEHAM 1948-11-02 male     NHS 999 000 1022  OpenMRS 100-0002  OpenEMR pid 2 PUB1002
 *   3 Cleo NOMARK        1987-07-21 unknown  NHS 999 000 1030  OpenMRS 100-0003  OpenEMR pid 3 PUB1003 (no title)
 */
export function fakeRoster(): RosterPatient[] {
  return [
    patient(1, { family: 'Fakeham', given: 'Ada', title: 'Mrs', birthDate: '1950-03-12', gender: 'female' }),
    patient(2, { family: 'Fakeham', given: 'Bertram', title: 'Mr', birthDate: '1948-11-02', gender: 'male' }),
    patient(3, { family: 'Nomark', given: 'Cleo', birthDate: '1987-07-21', gender: 'unknown' }),
  ];
}

/** Five patients (the three above and two more), for list pages with more rows. */
export function fakeRosterOfFive(): RosterPatient[] {
  return [
    ...fakeRoster(),
    patient(4, { family: "O'Brien-Smith", given: 'Dara', title: 'Ms', birthDate: '2001-01-30', gender: 'female' }),
    patient(5, { family: 'Quill', given: 'Elias', title: 'Dr', birthDate: '1979-09-09', gender: 'other' }),
  ];
}
