import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { checkIdentity, nameWords } from './identity-check';

const ada: Patient = { resourceType: 'Patient', name: [{ family: 'Fakeham', given: ['Ada'], prefix: ['Mrs'] }], birthDate: '1950-03-12' };
const named = (family: string, given: string[], birthDate = '1950-03-12'): Patient => ({ resourceType: 'Patient', name: [{ family, given }], birthDate });

describe('identity check', () => {
  it.each(['Ada Fakeham', 'Fakeham, Ada', 'FAKEHAM, Ada (Mrs)', 'Patient: Fakeham, Ada', 'Mrs Ada FAKEHAM'])('accepts "%s"', (shown) => {
    expect(checkIdentity({ displayName: shown, birthDate: '1950-03-12' }, ada)).toEqual({ ok: true, checked: { name: true, birthDate: true } });
  });

  it('names both sides when the name differs', () => {
    const r = checkIdentity({ displayName: 'FAKEHAM, Bertram (Mr)', birthDate: '1950-03-12' }, ada);
    expect(r).toEqual({ ok: false, mismatches: ['name'], eprSays: 'FAKEHAM, Bertram (Mr), born 1950-03-12', recordSays: 'Ada Fakeham, born 1950-03-12' });
  });

  it('catches a different date of birth, and a different family name', () => {
    expect(checkIdentity({ displayName: 'Ada Fakeham', birthDate: '1950-12-03' }, ada)).toMatchObject({ ok: false, mismatches: ['birthDate'] });
    expect(checkIdentity({ displayName: 'Ada Smith' }, ada)).toMatchObject({ ok: false, mismatches: ['name'] });
  });

  it('compares what the EPR shows, and fails when it shows nothing to compare', () => {
    expect(checkIdentity({}, ada)).toMatchObject({ ok: false });
    expect(checkIdentity({ displayName: '  ' }, ada)).toMatchObject({ ok: false });
    // Only where the trust's rule says the EPR shows neither.
    expect(checkIdentity({ identityNotShown: true }, ada)).toEqual({ ok: true, checked: { name: false, birthDate: false, missing: 'this EPR shows neither name nor date of birth' } });
  });

  it('attack 3: a half with nothing to compare is never a pass: the check says which half, and why', () => {
    expect(checkIdentity({ birthDate: '1950-03-12' }, ada)).toEqual({ ok: true, checked: { name: false, birthDate: true, missing: 'name not read' } });
    expect(checkIdentity({ displayName: 'Ada Fakeham' }, ada)).toEqual({ ok: true, checked: { name: true, birthDate: false, missing: 'date of birth not read' } });
    expect(checkIdentity({ displayName: 'Ada Fakeham', birthDateProblem: 'not understood ("12.3.50")' }, ada)).toEqual({
      ok: true,
      checked: { name: true, birthDate: false, missing: 'date of birth not understood ("12.3.50")' },
    });
  });

  it('attack 3: twins and namesakes: the first given name must match; a shared middle name never suffices', () => {
    const amelia: Patient = { resourceType: 'Patient', name: [{ family: 'Hargreaves', given: ['Amelia', 'Rose'] }], birthDate: '2019-06-01' };
    expect(checkIdentity({ displayName: 'HARGREAVES, Isla Rose', birthDate: '2019-06-01' }, amelia)).toMatchObject({ ok: false, mismatches: ['name'] });
    expect(checkIdentity({ displayName: 'HARGREAVES, Rose', birthDate: '2019-06-01' }, amelia)).toMatchObject({ ok: false, mismatches: ['name'] });
    expect(checkIdentity({ displayName: 'HARGREAVES, Amelia Rose', birthDate: '2019-06-01' }, amelia)).toMatchObject({ ok: true });
    expect(checkIdentity({ displayName: 'HARGREAVES, Amelia', birthDate: '2019-06-01' }, amelia)).toMatchObject({ ok: true });
  });

  it('takes the first given name from the record’s other names: a usual name, or a previous forename under the same surname', () => {
    const beth: Patient = {
      resourceType: 'Patient',
      name: [{ use: 'official', family: 'Smith', given: ['Elizabeth', 'Anne'] }, { use: 'usual', family: 'Smith', given: ['Beth'] }, { use: 'old', family: 'Smith', given: ['Lizzie'] }],
      birthDate: '1970-01-02',
    };
    expect(checkIdentity({ displayName: 'SMITH, Beth', birthDate: '1970-01-02' }, beth)).toMatchObject({ ok: true });
    expect(checkIdentity({ displayName: 'SMITH, Lizzie', birthDate: '1970-01-02' }, beth)).toMatchObject({ ok: true });
    expect(checkIdentity({ displayName: 'SMITH, Anne', birthDate: '1970-01-02' }, beth)).toMatchObject({ ok: false, mismatches: ['name'] });
  });

  it('fails closed when the record has nothing to compare with', () => {
    expect(checkIdentity({ displayName: 'Ada Fakeham', birthDate: '1950-03-12' }, { resourceType: 'Patient', birthDate: '1950-03-12' })).toMatchObject({ ok: false, mismatches: ['name'] });
    expect(checkIdentity({ displayName: 'Ada Fakeham', birthDate: '1950-03-12' }, { resourceType: 'Patient', name: [{ family: 'Fakeham', given: ['Ada'] }] })).toMatchObject({ ok: false, mismatches: ['birthDate'] });
  });

  it('ignores accents, case, apostrophes, and spells letters like ø', () => {
    expect(checkIdentity({ displayName: 'BRONTE, Zoe' }, named('Brontë', ['Zoë']))).toMatchObject({ ok: true });
    expect(checkIdentity({ displayName: "O'BRIEN, Siobhan" }, named('O’Brien', ['Siobhán']))).toMatchObject({ ok: true });
    expect(checkIdentity({ displayName: 'SOREN, Kierkegaard' }, named('Søren', ['Kierkegaard']))).toMatchObject({ ok: true });
    expect(nameWords('Łukasz Straße')).toEqual(['lukasz', 'strasse']);
  });

  it('never matches a name in another script to a Latin one', () => {
    expect(checkIdentity({ displayName: 'SMITH, John', birthDate: '1950-03-12' }, named('Иванов', ['Иван']))).toMatchObject({ ok: false, mismatches: ['name'] });
    expect(checkIdentity({ displayName: 'SMITH, John', birthDate: '1950-03-12' }, named('Παπαδόπουλος', ['Γιώργος']))).toMatchObject({ ok: false, mismatches: ['name'] });
    expect(checkIdentity({ displayName: 'ИВАНОВ, Иван', birthDate: '1950-03-12' }, named('Иванов', ['Иван']))).toMatchObject({ ok: true });
  });

  it('keeps surnames that are title words, and strips titles only where they stand as titles', () => {
    expect(checkIdentity({ displayName: 'MASTER, John' }, named('Master', ['John']))).toMatchObject({ ok: true });
    expect(checkIdentity({ displayName: 'DAME, Edna' }, named('Dame', ['Edna']))).toMatchObject({ ok: true });
    // A boy's title is not his surname.
    expect(checkIdentity({ displayName: 'SMITH, John (Master)' }, named('Master', ['John']))).toMatchObject({ ok: false });
    expect(checkIdentity({ displayName: 'Master John Smith' }, named('Master', ['John']))).toMatchObject({ ok: false });
    expect(checkIdentity({ displayName: 'Master John Smith' }, named('Smith', ['John']))).toMatchObject({ ok: true });
  });

  it('does not take an old name as the current one', () => {
    const married: Patient = { resourceType: 'Patient', name: [{ use: 'official', family: 'Newname', given: ['Ada'] }, { use: 'old', family: 'Fakeham', given: ['Ada'] }], birthDate: '1950-03-12' };
    expect(checkIdentity({ displayName: 'FAKEHAM, Ada' }, married)).toMatchObject({ ok: false });
    expect(checkIdentity({ displayName: 'NEWNAME, Ada' }, married)).toMatchObject({ ok: true });
  });
});
