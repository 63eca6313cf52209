/**
 * EPR readers a trust declares as data (managed policy or the options page), for EPRs Alongside has no
 * built-in reader for. See docs/epr-rules.md for the format and worked examples.
 *
 * Rules are validated whole where settings are read (the background, the options page: validate-rules.ts):
 * a bad rule is reported and ignored, never half applied. The content script only receives rules that
 * passed, and turns them into readers here (kept apart from the validation, so the content script stays
 * small). A rule is data from outside, so it is bounded: the banner text it reads is capped, and the
 * content script switches off a rule that still runs long (see entrypoints/epr-page.ts).
 */
import { findNhsNumberCandidates, MAX_LISTED, notUnderstood, parseBannerDate } from '@/utils/page/banner-text';
import { shownFrameDocument, shownText, shownTextWithCut } from '@/utils/page/shown-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import type { Detection, PatientIdentifier } from '@/utils/shared/detection';
import type { EprReader } from './reader';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import type { RuleReading } from '@/utils/shared/rule-trial';

export type { DeclaredEprRule } from '@/utils/shared/epr-rule';


/** At most this much banner text is read (a real banner is a few hundred characters). */
export const MAX_BANNER_TEXT = 2048;

const DEFAULT_NHS_PATTERN = 'NHS\\s*(?:No\\.?|Number)\\s*:?\\s*(\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4})';

/** The document of the one iframe matching `selector`, if it is loaded, same-origin and on screen; else undefined. */
function frameDocument(doc: Document, selector: string): Document | undefined {
  const frames = [...doc.querySelectorAll(selector)].filter((el): el is HTMLIFrameElement => el.tagName === 'IFRAME');
  return frames.length === 1 ? shownFrameDocument(frames[0]) : undefined;
}


/**
 * The part of the address a rule reads the patient id from: the path (the default), or the hash, for
 * single-page apps that route by it (`#/default/patient/<uuid>/dashboard`), without its `#`.
 */
function routeOf(rule: DeclaredEprRule, url: URL): string {
  return rule.urlPatientId?.from === 'hash' ? url.hash.replace(/^#/, '') : url.pathname;
}

/** The patient id a rule reads from an address: the whole path (or hash) must match, or the named query parameter. */
function idFromUrl(rule: DeclaredEprRule, routePattern: RegExp | undefined, url: URL): string | undefined {
  const u = rule.urlPatientId;
  if (!u) return undefined;
  const id = u.queryParam ? url.searchParams.get(u.queryParam) : routePattern?.exec(routeOf(rule, url))?.[1];
  return id && /^[\w.\-:]{1,64}$/.test(id) ? id : undefined;
}

/** A rule's patterns, compiled once. */
interface CompiledRule {
  rule: DeclaredEprRule;
  routePattern?: RegExp;
  nhsPattern: RegExp;
  namePattern?: RegExp;
  dobPattern?: RegExp;
  localIdPattern?: RegExp;
}

function compile(rule: DeclaredEprRule): CompiledRule {
  const b = rule.banner;
  return {
    rule,
    routePattern: rule.urlPatientId?.pattern !== undefined ? new RegExp(`^(?:${rule.urlPatientId.pattern})$`) : undefined,
    nhsPattern: new RegExp(b?.nhsNumberPattern ?? DEFAULT_NHS_PATTERN, 'i'),
    namePattern: b?.namePattern ? new RegExp(b.namePattern) : undefined,
    dobPattern: b?.birthDatePattern ? new RegExp(b.birthDatePattern) : undefined,
    localIdPattern: b?.localId ? new RegExp(b.localId.pattern) : undefined,
  };
}

/**
 * Reads a page by a rule, without deciding anything: the address's id, the banner's visible text and what
 * each pattern captured. Undefined `reading` with a `stop`: the page could not be read at all (the frame is
 * not loaded, the selector fails, several different banners).
 */
function readByRule(c: CompiledRule, doc: Document, url: URL): { reading: RuleReading; root?: Document; stop?: Detection } {
  const { rule } = c;
  const b = rule.banner;
  const reading: RuleReading = { fromUrl: idFromUrl(rule, c.routePattern, url), bannersShown: 0 };
  if (!b) return { reading, root: doc };
  const root = rule.frame ? frameDocument(doc, rule.frame) : doc;
  if (!root) return { reading, stop: { kind: 'none', reason: `The ${rule.label} page frame is not loaded, or cannot be read.`, code: 'loading' } };
  let elements: Element[];
  try {
    elements = [...root.querySelectorAll(b.selector)];
  } catch {
    return { reading, root, stop: { kind: 'none', reason: `The ${rule.label} rule's banner selector does not work on this page.`, code: 'unreadable' } };
  }
  const banners = elements.map((el) => shownTextWithCut(el, MAX_BANNER_TEXT)).filter((t) => t.text);
  reading.bannersShown = banners.length;
  if (new Set(banners.map((t) => t.text)).size > 1) return { reading, root, stop: { kind: 'ambiguous', reason: `${rule.label} shows more than one patient banner.` } };
  const text = banners[0]?.text;
  if (!text) return { reading, root };
  reading.bannerText = text;
  if (banners[0]!.cut) reading.bannerCut = true;
  reading.nhsShown = c.nhsPattern.exec(text)?.[1];
  reading.name = c.namePattern?.exec(text)?.[1]?.trim() || undefined;
  reading.birthDateShown = c.dobPattern?.exec(text)?.[1];
  reading.birthDate = reading.birthDateShown ? parseBannerDate(reading.birthDateShown) : undefined;
  reading.localId = c.localIdPattern?.exec(text)?.[1];
  return { reading, root };
}

/** Why a rule's date of birth was not read (or not understood), in words the panel adds to "date of birth …". */
function birthDateProblemOf(c: CompiledRule, reading: RuleReading): string | undefined {
  if (reading.birthDate) return undefined;
  if (!c.dobPattern) return 'not read: this rule reads no date of birth';
  if (reading.birthDateShown) return notUnderstood(reading.birthDateShown);
  return 'not read: the rule\'s date-of-birth pattern found nothing in the banner';
}

/**
 * Runs a rule on a page and returns what it read, step by step, and what the content script would decide
 * (the rule trial shows both).
 *
 * @param rule - a rule that passed validation
 * @param doc - the page's document
 * @param url - the page's address
 */
export function readPageByRule(rule: DeclaredEprRule, doc: Document, url: URL): { reading: RuleReading; detection: Detection } {
  const c = compile(rule);
  return decide(c, doc, url);
}

function decide(c: CompiledRule, doc: Document, url: URL): { reading: RuleReading; detection: Detection } {
  const { rule } = c;
  const { reading, root, stop } = readByRule(c, doc, url);
  if (stop) return { reading, detection: stop };
  const text = reading.bannerText;
  if (rule.banner && !text) return { reading, detection: readList(rule, root ?? doc) ?? { kind: 'none', reason: `No patient banner in ${rule.label}.`, code: 'no-banner' } };
  if (!rule.banner && !reading.fromUrl) return { reading, detection: readList(rule, doc) ?? { kind: 'none', reason: `No patient is open in ${rule.label}.`, code: 'not-patient-page' } };

  let nhsNumber: string | undefined;
  if (reading.nhsShown) {
    const digits = findNhsNumberCandidates(reading.nhsShown)[0];
    if (!digits || !isValidNhsNumber(digits)) {
      return { reading, detection: { kind: 'none', reason: `The NHS number on the ${rule.label} banner fails its check digit, so it cannot be trusted.`, code: 'check-digit' } };
    }
    nhsNumber = digits;
  }
  let identifier: PatientIdentifier | undefined;
  if (nhsNumber) identifier = { system: NHS_NUMBER_SYSTEM, value: nhsNumber };
  else if (reading.fromUrl && rule.urlPatientId) identifier = { system: rule.urlPatientId.system, value: reading.fromUrl };
  else if (reading.localId && rule.banner?.localId) identifier = { system: rule.banner.localId.system, value: reading.localId };
  if (!identifier) return { reading, detection: { kind: 'none', reason: `The ${rule.label} banner shows no identifier Alongside can use.`, code: 'no-identifier' } };

  return {
    reading,
    detection: {
      kind: 'patient',
      patient: {
        readerId: `declared:${rule.id}`,
        source: `${rule.label} (rule set by your organisation)`,
        confidence: nhsNumber ? 'high' : 'medium',
        identifier,
        nhsNumber,
        displayName: reading.name,
        birthDate: reading.birthDate,
        birthDateProblem: birthDateProblemOf(c, reading),
        identityNotShown: rule.identity === 'not-shown' || undefined,
      },
    },
  };
}

/** The list the page shows, if the rule declares one and it has more than one patient. */
function readList(rule: DeclaredEprRule, doc: Document): Detection | undefined {
  if (!rule.list) return undefined;
  const listPattern = rule.list.nhsNumberPattern ? new RegExp(rule.list.nhsNumberPattern, 'i') : undefined;
  let rows: Element[];
  try {
    rows = [...doc.querySelectorAll(rule.list.rowSelector)].slice(0, MAX_LISTED);
  } catch {
    return undefined;
  }
  const listed = new Set<string>();
  for (const row of rows) {
    const text = shownText(row, MAX_BANNER_TEXT);
    const shown = listPattern ? listPattern.exec(text)?.[1] : text;
    for (const n of findNhsNumberCandidates(shown ?? '')) if (isValidNhsNumber(n)) listed.add(n);
  }
  return listed.size > 1 ? { kind: 'none', code: 'list', reason: `${rule.label} is showing a list of patients; open one to see their record.`, listed: [...listed].map((value) => ({ system: NHS_NUMBER_SYSTEM, value })) } : undefined;
}

/**
 * Turns a validated rule into a reader.
 *
 * @param rule - a rule that passed validation
 */
export function readerFromRule(rule: DeclaredEprRule): EprReader {
  const origins = new Set(rule.origins.map((o) => o.replace(/\/$/, '')));
  const compiled = compile(rule);
  const b = rule.banner;
  return {
    id: `declared:${rule.id}`,
    label: rule.label,
    declared: true,
    // Only the banner's changes matter (the address is always checked); with no banner, none do. With a
    // frame, the frame element's own changes (a new src) matter in the top page.
    watchSelector: rule.frame ? rule.frame : [b?.selector, rule.list?.rowSelector].filter(Boolean).join(', ') || ':not(*)',
    frameSelector: rule.frame,
    matches: (url) => origins.has(url.origin) && (!rule.pathPrefix || url.pathname.startsWith(rule.pathPrefix)),
    detect: (doc, url) => decide(compiled, doc, url).detection,
  };
}
