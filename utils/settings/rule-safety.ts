/**
 * How much of the identity check a trust's rule arms: whether it reads the name, the date of birth, or
 * both, beside the identifier. A half not read is never a pass (utils/context/identity-check.ts): the
 * panel marks the record "not cross-checked", and with `requireBothIdentityChecks` hides it. Here, the
 * same said before a rule is saved: the rule trial's words and the options page's acknowledgement.
 */
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';

/** Which halves of the identity check a rule can ever arm (it has a pattern for them). */
export interface RuleHalves {
  name: boolean;
  birthDate: boolean;
}

/**
 * The halves `rule` arms: a name pattern, a date-of-birth pattern. A rule saying its EPR shows neither
 * (`identity: "not-shown"`) arms none, whatever patterns it has.
 *
 * @param rule - a rule that passed validation
 */
export function ruleHalves(rule: DeclaredEprRule): RuleHalves {
  if (rule.identity === 'not-shown') return { name: false, birthDate: false };
  return { name: !!rule.banner?.namePattern, birthDate: !!rule.banner?.birthDatePattern };
}

/**
 * What a missing half means, in words, or undefined when both are armed: "a wrong date of birth would
 * not hide the record".
 *
 * @param halves - what was (or can be) read
 */
export function missingHalfWords(halves: RuleHalves): string | undefined {
  if (halves.name && halves.birthDate) return undefined;
  if (halves.name) return 'only the name is checked: a wrong date of birth would not hide the record';
  if (halves.birthDate) return 'only the date of birth is checked: a wrong name would not hide the record';
  return 'neither the name nor the date of birth is checked: a record of the wrong patient would not be hidden';
}

/** A rule that arms less than both halves, and what that means. */
export interface HalfCheckedRule {
  rule: DeclaredEprRule;
  /** The rule's place in the list, from 1. */
  position: number;
  words: string;
}

/**
 * The rules among `rules` that arm less than both halves of the identity check.
 *
 * @param rules - rules that passed validation
 */
export function halfCheckedRules(rules: readonly DeclaredEprRule[]): HalfCheckedRule[] {
  return rules.flatMap((rule, i) => {
    const words = missingHalfWords(ruleHalves(rule));
    return words ? [{ rule, position: i + 1, words }] : [];
  });
}

/**
 * What a half-checked rule means where the trust requires both halves (`requireBothIdentityChecks`): no
 * record it finds is ever shown.
 *
 * @param r - the rule that checks only one half, with its place in the list and what it leaves out
 */
export function forbiddenByPolicyWords(r: HalfCheckedRule): string {
  return `EPR rule ${r.position} ("${r.rule.id}"): ${r.words}, and your organisation requires both the name and the date of birth to match, so no record it finds will ever be shown.`;
}
