/**
 * Trust rules the content script switched off this session because reading a page took too long
 * (entrypoints/epr-page.ts). Kept in `storage.session`: off until the browser restarts or the rules
 * change, and reported on the options page so the trust can fix the rule.
 */
import { switchedOffRules } from '@/utils/shared/state';

export interface SwitchedOffRule {
  ruleId: string;
  label: string;
  /** How long the slow reading took (ms). */
  ms: number;
  at: number;
}


export async function allSwitchedOffRules(): Promise<SwitchedOffRule[]> {
  return switchedOffRules.getValue();
}

/**
 * Switches off a trust rule for the rest of the session (once: a rule already off is left as it was).
 *
 * @param rule - the rule, its label, how long the slow reading took and when
 */
export async function switchOffRule(rule: SwitchedOffRule): Promise<void> {
  const all = await allSwitchedOffRules();
  if (all.some((r) => r.ruleId === rule.ruleId)) return;
  await switchedOffRules.setValue([...all, { ruleId: String(rule.ruleId).slice(0, 64), label: String(rule.label).slice(0, 200), ms: Number(rule.ms) || 0, at: rule.at }]);
}

/** The rules changed: every rule gets another chance. */
export async function clearSwitchedOffRules(): Promise<void> {
  await switchedOffRules.removeValue();
}
