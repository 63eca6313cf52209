/**
 * A trial of a trust's rule on an open tab: what crosses from the page (utils/page/rule-trial.ts) to the
 * options page (utils/settings/rule-trial-words.ts), as plain data.
 */
import type { Detection } from './detection';

/**
 * What a rule read from one page, step by step: what the rule trial shows a trust's IT team (where each
 * of NHS number, name and date of birth came from, or why it was not read), and what the reader decides on.
 */
export interface RuleReading {
  /** The id the address gave, if the rule reads one. */
  fromUrl?: string;
  /** How many elements the banner selector matched that show any text. */
  bannersShown: number;
  /** The banner's visible text, as the patterns were run on it (at most `MAX_BANNER_TEXT` characters). */
  bannerText?: string;
  /** The banner's visible text was longer than `MAX_BANNER_TEXT` and was cut there. */
  bannerCut?: boolean;
  /** The NHS number as the banner shows it (its pattern's capture), before the check digit. */
  nhsShown?: string;
  /** The name its pattern captured. */
  name?: string;
  /** The date of birth its pattern captured, as shown. */
  birthDateShown?: string;
  /** That date, understood (YYYY-MM-DD). */
  birthDate?: string;
  /** The local id its pattern captured. */
  localId?: string;
}

/** What a rule read on one page, as plain data (it crosses from the page to the options page). */
export interface RuleTrial {
  /** The page's address (origin and path only: its query may name a patient). */
  page: string;
  /** Whether the rule's origins and path prefix cover this page at all. */
  applies: boolean;
  /** What the rule read, when it applies. */
  detection?: Detection;
  /** What it read, step by step, when it applies. */
  reading?: RuleReading;
  /** How long the reading took (ms): the content script switches off a rule that takes over 50 ms. */
  ms: number;
}

/** One state a watched trial saw: what the rule read, and when (ms after the watch began). */
export interface RuleTrialState {
  at: number;
  trial: RuleTrial;
}

/** What the options page asks of the injected trial (left in the extension's isolated world, never the page's own). */
export interface RuleTrialRequest {
  rule: unknown;
  /** `once`: read the page now and answer; `watch`: report every state for `watchMs` over a port; `point`: highlight what the rule reads; `find`: suggest a selector around `nhsNumber`. */
  mode: 'once' | 'watch' | 'point' | 'find';
  watchMs?: number;
  /** How long a highlight stays (ms). */
  pointMs?: number;
  /** The NHS number the admin typed (`find`). */
  nhsNumber?: string;
}

/** Where the options page leaves the request, in the extension's isolated world (never the page's own). */
export const RULE_UNDER_TRIAL = '__alongsideRuleUnderTrial';

/** The port a watched trial reports its states over (the options page listens; the background ignores it). */
export const RULE_TRIAL_PORT = 'alongside-rule-trial';

/** What a watched trial sends over its port. */
export type RuleTrialMessage = { type: 'state'; state: RuleTrialState } | { type: 'left' } | { type: 'done' };

/** A rule reading that takes longer than this is switched off by the content script (docs/epr-rules.md). */
export const SLOW_RULE_MS = 50;

/** A selector suggested around an NHS number the admin typed, and what that element shows. */
export interface SelectorSuggestion {
  /** What the suggestion is: the element holding the number, or the smallest around it that also shows a date. */
  role: 'number' | 'banner';
  selector: string;
  /** How many elements on the page the selector matches (1: only this one). */
  matches: number;
  /** The element's visible text (at most 300 characters). */
  text: string;
}

/** What `find` answered. */
export type SelectorHelp = { found: false; reason: string } | { found: true; suggestions: SelectorSuggestion[] };

/** What `point` answered: how many elements it highlighted. */
export interface PointAnswer {
  highlighted: number;
  reason?: string;
}
