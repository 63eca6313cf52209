import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { checkIdentity, nameWords } from './identity-check';

const ada: Patient = { resourceType: 'Patient', name: [{ family: 'Fakeham', given: ['Ada'], prefix: ['Mrs'] }], birthDate: '1950-03-12' };
const named = (family: string, given: string[], birthDate = '1950-03-12'): Patient => ({ resourceType: 'Patient', name: [{ family, given }], birthDate });

describe('identity check', () => {
  it.each(['Ada Fakeham', 'Fakeham, Ada', 'FAKEHAM, Ada (Mrs)', 'Patient: Fakeham, Ada', 'Mrs Ada FAKEHAM'])('accepts "%s"', (shown) => {
    expect(checkIdentity({ displayName: shown, birthDate: '1950-03-12' }, ada)).toEqual({ ok: true, crossChecked: true });
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
    expect(checkIdentity({ birthDate: '1950-03-12' }, ada)).toEqual({ ok: true, crossChecked: true });
    expect(checkIdentity({}, ada)).toMatchObject({ ok: false });
    expect(checkIdentity({ displayName: '  ' }, ada)).toMatchObject({ ok: false });
    // Only where the trust's rule says the EPR shows neither.
    expect(checkIdentity({ identityNotShown: true }, ada)).toEqual({ ok: true, crossChecked: false });
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
