/**
 * Trying a trust's declared EPR rule on a page before it is saved (the options page): the rule, as
 * written, is run on the page in a tab the clinician or IT chooses, exactly as the content script would
 * run it. Injected into the EPR page through `scripting` (entrypoints/rule-tester.ts), with the rule
 * already validated (utils/settings/validate-rules.ts); its answer is worded on the options page
 * (utils/settings/rule-trial-words.ts). The page is only read, never changed, and nothing is saved or sent.
 */
import { readerFromRule, type DeclaredEprRule } from '@/utils/page/readers/declared-rule';
import type { RuleTrial } from '@/utils/shared/rule-trial';

/**
 * Runs `rule` on `doc`, as the content script would, and returns what it read.
 *
 * @param rule - a rule that passed validation
 * @param doc - the page's document
 * @param href - the page's address
 */
export function tryRuleOnPage(rule: DeclaredEprRule, doc: Document, href: string): RuleTrial {
  const url = new URL(href);
  const page = `${url.origin}${url.pathname}`;
  const reader = readerFromRule(rule);
  if (!reader.matches(url)) return { page, applies: false, ms: 0 };
  const started = performance.now();
  const detection = reader.detect(doc, url);
  return { page, applies: true, detection, ms: performance.now() - started };
}
