/**
 * Trying a trust's declared EPR rule on a page before it is saved (the options page): the rule, as
 * written, is run on the page in a tab the clinician or IT chooses, and what it reads is said in words
 * ("this rule reads: NHS number …, name …, date of birth …", or why it reads nothing).
 *
 * `tryRuleOnPage` runs inside the EPR page (injected by the options page through `scripting`, with the
 * rule already validated there: utils/context/rules/validate-rules.ts); `describeRuleTrial` words its
 * answer on the options page. The page is only read, never changed, and nothing is saved or sent.
 */
import { formatNhsNumber, NHS_NUMBER_SYSTEM } from '../context/nhs-number';
import { adapterFromRule, type DeclaredEprRule } from '../context/rules/declared-adapter';
import type { Detection } from '../context/types';
import { date } from '../highlights/rules/rule';

/** What a rule read on one page, as plain data (it crosses from the page to the options page). */
export interface RuleTrial {
  /** The page's address (origin and path only: its query may name a patient). */
  page: string;
  /** Whether the rule's origins and path prefix cover this page at all. */
  applies: boolean;
  /** What the rule read, when it applies. */
  detection?: Detection;
  /** How long the reading took (ms): the content script switches off a rule that takes over 50 ms. */
  ms: number;
}

/** Where the options page leaves the rule to try, in the extension's isolated world (never the page's own). */
export const RULE_UNDER_TRIAL = '__alongsideRuleUnderTrial';

/** A rule reading that takes longer than this is switched off by the content script (docs/epr-rules.md). */
export const SLOW_RULE_MS = 50;

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
  const adapter = adapterFromRule(rule);
  if (!adapter.matches(url)) return { page, applies: false, ms: 0 };
  const started = performance.now();
  const detection = adapter.detect(doc, url);
  return { page, applies: true, detection, ms: performance.now() - started };
}

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
