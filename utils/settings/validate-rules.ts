/**
 * Checking a trust's declared EPR rules (docs/epr-rules.md) before any is used: in the background, which
 * hands the content script only the rules that passed, and on the options page, which shows why a rule
 * was refused. A rule with any problem is ignored whole.
 */
import safeRegex from 'safe-regex2';
import { isOrigin } from './settings';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';

/** Patterns longer than this are refused: a banner pattern is a label and a group, not a program. */
const MAX_PATTERN_LENGTH = 300;

/**
 * Whether `selector` is valid CSS, as the page's own DOM judges it (needs a document: page or panel).
 *
 * @param selector - the selector as the trust wrote it
 */
export function isValidCssSelector(selector: string): boolean {
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

export interface RuleCheckOptions {
  /**
   * Checks CSS selectors where a DOM is available (`isValidCssSelector`); the background has none, and a
   * selector that turns out invalid on the page makes that rule read nothing (it never throws there).
   */
  canCheckSelector?: (selector: string) => boolean;
  /** http origins on this computer (the sandbox); default: only in demo builds. */
  allowLocalHttp?: boolean;
}

/**
 * Checks rules loaded from configuration. Returns the good rules and, for each bad one, why.
 *
 * @param input - the rules as configured, unchecked (absent: none)
 * @param opts - how to check selectors where there is a DOM, and whether http on this computer is allowed
 */
export function validateDeclaredRules(input: unknown, opts: RuleCheckOptions = {}): { rules: DeclaredEprRule[]; problems: string[] } {
  const canCheckSelector = opts.canCheckSelector ?? (() => true);
  const rules: DeclaredEprRule[] = [];
  const problems: string[] = [];
  if (input === undefined) return { rules, problems };
  if (!Array.isArray(input)) return { rules, problems: ['EPR rules must be a list.'] };
  const seen = new Set<string>();
  input.forEach((raw: unknown, i) => {
    const where = `EPR rule ${i + 1}${isObject(raw) && typeof raw.id === 'string' ? ` ("${raw.id}")` : ''}`;
    const errors = ruleProblems(raw, canCheckSelector, opts.allowLocalHttp);
    if (isObject(raw) && typeof raw.id === 'string' && seen.has(raw.id)) errors.push('its id is used by another rule');
    if (errors.length) {
      problems.push(`${where} was ignored: ${errors.join('; ')}.`);
      return;
    }
    const rule = raw as unknown as DeclaredEprRule;
    seen.add(rule.id);
    rules.push(rule);
  });
  return { rules, problems };
}

function ruleProblems(raw: unknown, canCheckSelector: (s: string) => boolean, allowLocalHttp: boolean | undefined): string[] {
  if (!isObject(raw)) return ['it is not an object'];
  const p: string[] = [];
  if (typeof raw.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/i.test(raw.id)) p.push('"id" must be letters, digits and hyphens');
  if (typeof raw.label !== 'string' || !raw.label.trim()) p.push('"label" is missing');
  if (!Array.isArray(raw.origins) || raw.origins.length === 0) p.push('"origins" must list at least one origin');
  else for (const o of raw.origins) if (!isOrigin(o, { allowLocalHttp })) p.push(`"${String(o)}" is not an origin like https://epr.example.nhs.uk`);
  if (raw.pathPrefix !== undefined && (typeof raw.pathPrefix !== 'string' || !raw.pathPrefix.startsWith('/'))) p.push('"pathPrefix" must start with /');
  if (raw.urlPatientId !== undefined) {
    const u = raw.urlPatientId;
    if (!isObject(u)) p.push('"urlPatientId" must be an object');
    else {
      if ((u.pattern === undefined) === (u.queryParam === undefined)) p.push('"urlPatientId" needs exactly one of "pattern" (over the path) or "queryParam"');
      if (u.pattern !== undefined) p.push(...patternProblems('urlPatientId.pattern', u.pattern));
      if (u.from !== undefined && u.from !== 'path' && u.from !== 'hash') p.push('"urlPatientId.from" must be "path" or "hash"');
      if (u.from !== undefined && u.pattern === undefined) p.push('"urlPatientId.from" goes with "pattern" (a query parameter is read wherever it is)');
      if (u.queryParam !== undefined && (typeof u.queryParam !== 'string' || !/^[\w.\-]{1,64}$/.test(u.queryParam))) p.push('"urlPatientId.queryParam" must be a query parameter name');
      if (typeof u.system !== 'string' || !u.system) p.push('"urlPatientId.system" is missing');
    }
  }
  if (raw.banner !== undefined) {
    const b = raw.banner;
    if (!isObject(b)) p.push('"banner" must be an object');
    else {
      if (typeof b.selector !== 'string' || !b.selector.trim()) p.push('"banner.selector" is missing');
      else if (!canCheckSelector(b.selector)) p.push(`"banner.selector" is not a valid CSS selector`);
      for (const key of ['nhsNumberPattern', 'namePattern', 'birthDatePattern'] as const) {
        if (b[key] !== undefined) p.push(...patternProblems(`banner.${key}`, b[key]));
      }
      if (b.localId !== undefined) {
        if (!isObject(b.localId)) p.push('"banner.localId" must be an object');
        else {
          p.push(...patternProblems('banner.localId.pattern', b.localId.pattern));
          if (typeof b.localId.system !== 'string' || !b.localId.system) p.push('"banner.localId.system" is missing');
        }
      }
    }
  }
  if (raw.frame !== undefined) {
    if (typeof raw.frame !== 'string' || !raw.frame.trim()) p.push('"frame" must be a CSS selector for the iframe');
    else if (!canCheckSelector(raw.frame)) p.push('"frame" is not a valid CSS selector');
    if (raw.banner === undefined) p.push('"frame" needs a "banner" to read in that frame');
  }
  if (raw.list !== undefined) {
    const l = raw.list;
    if (!isObject(l) || typeof l.rowSelector !== 'string' || !l.rowSelector.trim()) p.push('"list.rowSelector" must be a CSS selector for the list\'s rows');
    else if (!canCheckSelector(l.rowSelector)) p.push('"list.rowSelector" is not a valid CSS selector');
    if (isObject(l) && l.nhsNumberPattern !== undefined) p.push(...patternProblems('list.nhsNumberPattern', l.nhsNumberPattern));
  }
  if (raw.identity !== undefined && raw.identity !== 'checked' && raw.identity !== 'not-shown') p.push('"identity" must be "checked" or "not-shown"');
  if (raw.identity !== 'not-shown' && isObject(raw.banner) && raw.banner.namePattern === undefined && raw.banner.birthDatePattern === undefined) {
    p.push('the banner needs "namePattern" or "birthDatePattern" so the record can be checked against the page (or "identity": "not-shown" where the EPR shows neither)');
  }
  if (raw.identity !== 'not-shown' && raw.banner === undefined && raw.urlPatientId !== undefined) {
    p.push('a rule without a banner reads no name or date of birth: add a "banner", or set "identity": "not-shown" where the EPR shows neither');
  }
  if (raw.urlPatientId === undefined && raw.banner === undefined && raw.list === undefined) p.push('it needs "urlPatientId" or "banner" (or both) to find a patient, or a "list"');
  return p;
}

/** Why a pattern cannot be used: not a string, not a regular expression, no capture group, or unsafe. */
function patternProblems(name: string, pattern: unknown): string[] {
  if (typeof pattern !== 'string') return [`"${name}" must be a regular expression in a string`];
  if (pattern.length > MAX_PATTERN_LENGTH) return [`"${name}" is longer than ${MAX_PATTERN_LENGTH} characters`];
  try {
    const re = new RegExp(pattern);
    if (new RegExp(`${re.source}|`).exec('')!.length < 2) return [`"${name}" needs a capture group ( ) around the value`];
  } catch (e) {
    return [`"${name}" is not a valid regular expression (${(e as Error).message})`];
  }
  // Nested quantifiers such as (a+)+ can take exponential time on a banner that almost matches, on the
  // EPR's own thread: refused. https://github.com/fastify/safe-regex2
  if (!safeRegex(pattern)) return [`"${name}" repeats a repeated part (a quantifier inside a quantified group, e.g. (a+)+), which can freeze the EPR page; write it without nesting`];
  return [];
}


function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
