/**
 * EPR adapters a trust declares as data (managed policy or the options page), for EPRs Alongside has no
 * built-in adapter for. See docs/epr-rules.md for the format and worked examples.
 *
 * Rules are validated whole where settings are read (the background, the options page): a bad rule is
 * reported and ignored, never half applied. The content script only receives rules that passed, and turns
 * them into adapters here. A rule is data from outside, so it is bounded: its patterns may not nest
 * quantifiers (which can take exponential time), the banner text it reads is capped, and the content
 * script switches off a rule that still runs long (see epr.content).
 */
import safeRegex from 'safe-regex2';
import { findNhsNumberCandidates, parseBannerDate, squash } from '../banner-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '../nhs-number';
import type { Detection, EprAdapter, PatientIdentifier } from '../types';
import { isOrigin } from '../../policy/settings';

export interface DeclaredEprRule {
  /** Unique id, letters, digits and hyphens. */
  id: string;
  /** The EPR's name, as clinicians say it. */
  label: string;
  /** The origins the EPR runs on, e.g. `https://epr.northshire.nhs.uk`. */
  origins: string[];
  /** Only pages whose path starts with this. */
  pathPrefix?: string;
  /**
   * The patient id in the address: either `pattern`, a regular expression with one capture group that
   * must match the whole path (never the query or the hash), or `queryParam`, the name of a query
   * parameter whose value is the id. `system` is the identifier system the id is recorded under.
   */
  urlPatientId?: { pattern?: string; queryParam?: string; system: string };
  /**
   * CSS selector of the iframe the patient page lives in (same origin as the top page), when the EPR
   * shows patients inside a frame of a page whose address does not change. The banner is looked for
   * in that frame's document.
   */
  frame?: string;
  /** The patient banner. When given, no patient is detected until it is on the page. */
  banner?: {
    selector: string;
    /** Regular expression with one capture group for the NHS number; default: `NHS No.` / `NHS Number` labels. */
    nhsNumberPattern?: string;
    /** Capture group: the name as shown. */
    namePattern?: string;
    /** Capture group: the date of birth as shown. */
    birthDatePattern?: string;
    /** Capture group: an EPR-local id shown in the banner, and the identifier system it belongs to. */
    localId?: { pattern: string; system: string };
  };
  /**
   * `not-shown` only where the trust has checked that this EPR's pages show neither the patient's name
   * nor their date of birth: the record is then shown marked "identity not cross-checked". Otherwise
   * (the default) a page where neither can be read shows no record.
   */
  identity?: 'checked' | 'not-shown';
}

/** At most this much banner text is read (a real banner is a few hundred characters). */
export const MAX_BANNER_TEXT = 2048;
/** Patterns longer than this are refused: a banner pattern is a label and a group, not a program. */
const MAX_PATTERN_LENGTH = 300;

const DEFAULT_NHS_PATTERN = 'NHS\\s*(?:No\\.?|Number)\\s*:?\\s*(\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4})';

/** Whether `selector` is valid CSS, as the page's own DOM judges it (needs a document: page or panel). */
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

/** Checks rules loaded from configuration. Returns the good rules and, for each bad one, why. */
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
  if (raw.identity !== undefined && raw.identity !== 'checked' && raw.identity !== 'not-shown') p.push('"identity" must be "checked" or "not-shown"');
  if (raw.identity !== 'not-shown' && isObject(raw.banner) && raw.banner.namePattern === undefined && raw.banner.birthDatePattern === undefined) {
    p.push('the banner needs "namePattern" or "birthDatePattern" so the record can be checked against the page (or "identity": "not-shown" where the EPR shows neither)');
  }
  if (raw.identity !== 'not-shown' && raw.banner === undefined && raw.urlPatientId !== undefined) {
    p.push('a rule without a banner reads no name or date of birth: add a "banner", or set "identity": "not-shown" where the EPR shows neither');
  }
  if (raw.urlPatientId === undefined && raw.banner === undefined) p.push('it needs "urlPatientId" or "banner" (or both) to find a patient');
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

/** The document of the one iframe matching `selector`, if it is loaded and same-origin; else undefined. */
function frameDocument(doc: Document, selector: string): Document | undefined {
  const frames = [...doc.querySelectorAll(selector)].filter((el): el is HTMLIFrameElement => el.tagName === 'IFRAME');
  if (frames.length !== 1) return undefined;
  try {
    return frames[0]!.contentDocument ?? undefined;
  } catch {
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The patient id a rule reads from an address: the whole path must match, or the named query parameter. */
function idFromUrl(rule: DeclaredEprRule, pathPattern: RegExp | undefined, url: URL): string | undefined {
  const u = rule.urlPatientId;
  if (!u) return undefined;
  const id = u.queryParam ? url.searchParams.get(u.queryParam) : pathPattern?.exec(url.pathname)?.[1];
  return id && /^[\w.\-:]{1,64}$/.test(id) ? id : undefined;
}

/** Turns a validated rule into an adapter. */
export function adapterFromRule(rule: DeclaredEprRule): EprAdapter {
  const origins = new Set(rule.origins.map((o) => o.replace(/\/$/, '')));
  const pathPattern = rule.urlPatientId?.pattern !== undefined ? new RegExp(`^(?:${rule.urlPatientId.pattern})$`) : undefined;
  const b = rule.banner;
  const nhsPattern = new RegExp(b?.nhsNumberPattern ?? DEFAULT_NHS_PATTERN, 'i');
  const namePattern = b?.namePattern ? new RegExp(b.namePattern) : undefined;
  const dobPattern = b?.birthDatePattern ? new RegExp(b.birthDatePattern) : undefined;
  const localIdPattern = b?.localId ? new RegExp(b.localId.pattern) : undefined;
  const id = `declared:${rule.id}`;

  return {
    id,
    label: rule.label,
    declared: true,
    // Only the banner's changes matter (the address is always checked); with no banner, none do. With a
    // frame, the frame element's own changes (a new src) matter in the top page.
    watchSelector: rule.frame ? rule.frame : (b?.selector ?? ':not(*)'),
    frameSelector: rule.frame,
    matches: (url) => origins.has(url.origin) && (!rule.pathPrefix || url.pathname.startsWith(rule.pathPrefix)),
    detect(doc, url): Detection {
      const fromUrl = idFromUrl(rule, pathPattern, url);
      let text: string | undefined;
      if (b) {
        const root = rule.frame ? frameDocument(doc, rule.frame) : doc;
        if (!root) return { kind: 'none', reason: `The ${rule.label} page frame is not loaded, or cannot be read.`, code: 'loading' };
        let elements: Element[];
        try {
          elements = [...root.querySelectorAll(b.selector)];
        } catch {
          return { kind: 'none', reason: `The ${rule.label} rule's banner selector does not work on this page.`, code: 'unreadable' };
        }
        const banners = elements.map((el) => squash(el.textContent?.slice(0, MAX_BANNER_TEXT * 2)).slice(0, MAX_BANNER_TEXT)).filter(Boolean);
        if (new Set(banners).size > 1) return { kind: 'ambiguous', reason: `${rule.label} shows more than one patient banner.` };
        text = banners[0];
        if (!text) return { kind: 'none', reason: `No patient banner in ${rule.label}.`, code: 'no-banner' };
      } else if (!fromUrl) {
        return { kind: 'none', reason: `No patient is open in ${rule.label}.`, code: 'not-patient-page' };
      }

      let nhsNumber: string | undefined;
      if (text) {
        const shown = nhsPattern.exec(text)?.[1];
        if (shown) {
          const digits = findNhsNumberCandidates(shown)[0];
          if (!digits || !isValidNhsNumber(digits)) {
            return { kind: 'none', reason: `The NHS number on the ${rule.label} banner fails its check digit, so it cannot be trusted.`, code: 'check-digit' };
          }
          nhsNumber = digits;
        }
      }
      const localId = text && localIdPattern ? localIdPattern.exec(text)?.[1] : undefined;
      let identifier: PatientIdentifier | undefined;
      if (nhsNumber) identifier = { system: NHS_NUMBER_SYSTEM, value: nhsNumber };
      else if (fromUrl && rule.urlPatientId) identifier = { system: rule.urlPatientId.system, value: fromUrl };
      else if (localId && b?.localId) identifier = { system: b.localId.system, value: localId };
      if (!identifier) return { kind: 'none', reason: `The ${rule.label} banner shows no identifier Alongside can use.`, code: 'no-identifier' };

      const name = text && namePattern ? namePattern.exec(text)?.[1]?.trim() : undefined;
      const dob = text && dobPattern ? dobPattern.exec(text)?.[1] : undefined;
      return {
        kind: 'patient',
        patient: {
          adapterId: id,
          source: `${rule.label} (rule set by your organisation)`,
          confidence: nhsNumber ? 'high' : 'medium',
          identifier,
          nhsNumber,
          displayName: name || undefined,
          birthDate: dob ? parseBannerDate(dob) : undefined,
          identityNotShown: rule.identity === 'not-shown' || undefined,
        },
      };
    },
  };
}
