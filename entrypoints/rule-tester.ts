/**
 * Tries a trust's declared EPR rule on the page it is injected into, for the options page's "Try this rule"
 * (components/RuleTester.tsx): never registered, injected only when asked. The options page first puts the
 * rule, already validated, in this isolated world; what the rule reads is the script's result.
 */
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { tryRuleOnPage } from '@/utils/page/rule-trial';
import { RULE_UNDER_TRIAL, type RuleTrial } from '@/utils/shared/rule-trial';

export default defineUnlistedScript((): RuleTrial | undefined => {
  const world = globalThis as Record<string, unknown>;
  const rule = world[RULE_UNDER_TRIAL] as DeclaredEprRule | undefined;
  delete world[RULE_UNDER_TRIAL];
  return rule ? tryRuleOnPage(rule, document, location.href) : undefined;
});
