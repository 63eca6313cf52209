import { describe, expect, it } from 'vitest';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { forbiddenByPolicyWords, halfCheckedRules, missingHalfWords, ruleHalves } from './rule-safety';

const rule = (banner: DeclaredEprRule['banner'], identity?: DeclaredEprRule['identity']): DeclaredEprRule => ({ id: 'r', label: 'R', origins: ['https://e.example'], banner, ...(identity ? { identity } : {}) });

describe('how much of the identity check a rule arms', () => {
  it('both halves, one, or none (a rule saying its EPR shows neither)', () => {
    expect(ruleHalves(rule({ selector: '#b', namePattern: '(.+)', birthDatePattern: '(.+)' }))).toEqual({ name: true, birthDate: true });
    expect(ruleHalves(rule({ selector: '#b', namePattern: '(.+)' }))).toEqual({ name: true, birthDate: false });
    expect(ruleHalves(rule({ selector: '#b', namePattern: '(.+)', birthDatePattern: '(.+)' }, 'not-shown'))).toEqual({ name: false, birthDate: false });
  });

  it('says in words what a missing half means', () => {
    expect(missingHalfWords({ name: true, birthDate: true })).toBeUndefined();
    expect(missingHalfWords({ name: true, birthDate: false })).toBe('only the name is checked: a wrong date of birth would not hide the record');
    expect(missingHalfWords({ name: false, birthDate: true })).toBe('only the date of birth is checked: a wrong name would not hide the record');
  });

  it('lists the rules that arm less than both, and what the trust’s requirement of both means for them', () => {
    const half = halfCheckedRules([rule({ selector: '#b', namePattern: '(.+)', birthDatePattern: '(.+)' }), { ...rule({ selector: '#b', birthDatePattern: '(.+)' }), id: 'dob-only' }]);
    expect(half.map((h) => [h.position, h.rule.id])).toEqual([[2, 'dob-only']]);
    expect(forbiddenByPolicyWords(half[0]!)).toBe('EPR rule 2 ("dob-only"): only the date of birth is checked: a wrong name would not hide the record, and your organisation requires both the name and the date of birth to match, so no record it finds will ever be shown.');
  });
});
