import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { checkIdentity } from './identity-check';

const ada: Patient = { resourceType: 'Patient', name: [{ family: 'Fakeham', given: ['Ada'], prefix: ['Mrs'] }], birthDate: '1950-03-12' };

describe('identity check', () => {
  it.each(['Ada Fakeham', 'Fakeham, Ada', 'FAKEHAM, Ada (Mrs)', 'Patient: Fakeham, Ada', 'Mrs Ada FAKEHAM'])('accepts "%s"', (shown) => {
    expect(checkIdentity({ displayName: shown, birthDate: '1950-03-12' }, ada)).toEqual({ ok: true });
  });

  it('names both sides when the name differs', () => {
    const r = checkIdentity({ displayName: 'FAKEHAM, Bertram (Mr)', birthDate: '1950-03-12' }, ada);
    expect(r).toEqual({ ok: false, mismatches: ['name'], eprSays: 'FAKEHAM, Bertram (Mr), born 1950-03-12', recordSays: 'Ada Fakeham, born 1950-03-12' });
  });

  it('catches a different date of birth, and a different family name', () => {
    expect(checkIdentity({ displayName: 'Ada Fakeham', birthDate: '1950-12-03' }, ada)).toMatchObject({ ok: false, mismatches: ['birthDate'] });
    expect(checkIdentity({ displayName: 'Ada Smith' }, ada)).toMatchObject({ ok: false, mismatches: ['name'] });
  });

  it('compares only what the EPR shows', () => {
    expect(checkIdentity({}, ada)).toEqual({ ok: true });
    expect(checkIdentity({ birthDate: '1950-03-12' }, ada)).toEqual({ ok: true });
  });

  it('ignores accents and case', () => {
    const zoe: Patient = { resourceType: 'Patient', name: [{ family: 'Brontë', given: ['Zoë'] }] };
    expect(checkIdentity({ displayName: 'BRONTE, Zoe' }, zoe)).toEqual({ ok: true });
  });
});
