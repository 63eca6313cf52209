/**
 * A trial of a trust's rule on an open tab: what crosses from the page (utils/page/rule-trial.ts) to the
 * options page (utils/settings/rule-trial-words.ts), as plain data.
 */
import type { Detection } from './detection';

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
