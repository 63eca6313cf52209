/**
 * What a trial of a trust's rule found (utils/page/rule-trial.ts), in words for the options page.
 */
import { date } from '@/utils/fhir/dates';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { formatNhsNumber, NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import { SLOW_RULE_MS, type RuleTrial } from '@/utils/shared/rule-trial';

/**
 * What a trial found, in words for the options page.
 *
 * @param trial - what `tryRuleOnPage` returned
 * @param rule - the rule tried
 */
export function describeRuleTrial(trial: RuleTrial, rule: DeclaredEprRule): string {
  if (!trial.applies) {
    const where = rule.pathPrefix ? `pages under ${rule.pathPrefix} on ${rule.origins.join(' or ')}` : `pages on ${rule.origins.join(' or ')}`;
    return `This rule reads nothing here: it is for ${where}, and this tab shows ${trial.page}.`;
  }
  const d = trial.detection;
  const slow = trial.ms > SLOW_RULE_MS ? ` It took ${Math.round(trial.ms)} ms to read the page: over ${SLOW_RULE_MS} ms, Alongside switches it off.` : '';
  if (!d || d.kind !== 'patient') return `This rule reads nothing on this page: ${d?.reason ?? 'no answer'}${slow}`;
  const p = d.patient;
  const identifier = p.nhsNumber ? `NHS number ${formatNhsNumber(p.nhsNumber)}` : `identifier ${p.identifier.value} (${p.identifier.system === NHS_NUMBER_SYSTEM ? 'NHS number' : p.identifier.system})`;
  const read = `This rule reads: ${identifier}, name ${p.displayName ?? 'not read'}, date of birth ${p.birthDate ? date(p.birthDate) : 'not read'}.`;
  // The panel shows no record where it has neither to check the shared record against (docs/epr-rules.md).
  const unchecked = !p.displayName && !p.birthDate && !p.identityNotShown ? ' With neither a name nor a date of birth, Alongside will show no record on this page.' : '';
  return `${read}${unchecked}${slow}`;
}
