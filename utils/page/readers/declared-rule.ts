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
import { shownFrameDocument, shownText } from '@/utils/page/shown-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import type { Detection, PatientIdentifier } from '@/utils/shared/detection';
import type { EprReader } from './reader';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';

export type { DeclaredEprRule } from '@/utils/shared/epr-rule';


/** At most this much banner text is read (a real banner is a few hundred characters). */
export const MAX_BANNER_TEXT = 2048;

const DEFAULT_NHS_PATTERN = 'NHS\\s*(?:No\\.?|Number)\\s*:?\\s*(\\d{3}[\\s-]?\\d{3}[\\s-]?\\d{4})';

/** The document of the one iframe matching `selector`, if it is loaded, same-origin and on screen; else undefined. */
function frameDocument(doc: Document, selector: string): Document | undefined {
  const frames = [...doc.querySelectorAll(selector)].filter((el): el is HTMLIFrameElement => el.tagName === 'IFRAME');
  return frames.length === 1 ? shownFrameDocument(frames[0]) : undefined;
}


/** The patient id a rule reads from an address: the whole path must match, or the named query parameter. */
function idFromUrl(rule: DeclaredEprRule, pathPattern: RegExp | undefined, url: URL): string | undefined {
  const u = rule.urlPatientId;
  if (!u) return undefined;
  const id = u.queryParam ? url.searchParams.get(u.queryParam) : pathPattern?.exec(url.pathname)?.[1];
  return id && /^[\w.\-:]{1,64}$/.test(id) ? id : undefined;
}

/** Turns a validated rule into a reader. */
export function readerFromRule(rule: DeclaredEprRule): EprReader {
  const origins = new Set(rule.origins.map((o) => o.replace(/\/$/, '')));
  const pathPattern = rule.urlPatientId?.pattern !== undefined ? new RegExp(`^(?:${rule.urlPatientId.pattern})$`) : undefined;
  const b = rule.banner;
  const nhsPattern = new RegExp(b?.nhsNumberPattern ?? DEFAULT_NHS_PATTERN, 'i');
  const namePattern = b?.namePattern ? new RegExp(b.namePattern) : undefined;
  const dobPattern = b?.birthDatePattern ? new RegExp(b.birthDatePattern) : undefined;
  const localIdPattern = b?.localId ? new RegExp(b.localId.pattern) : undefined;
  const listPattern = rule.list?.nhsNumberPattern ? new RegExp(rule.list.nhsNumberPattern, 'i') : undefined;
  const id = `declared:${rule.id}`;

  /** The list the page shows, if the rule declares one and it has more than one patient. */
  const readList = (doc: Document): Detection | undefined => {
    if (!rule.list) return undefined;
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
  };

  return {
    id,
    label: rule.label,
    declared: true,
    // Only the banner's changes matter (the address is always checked); with no banner, none do. With a
    // frame, the frame element's own changes (a new src) matter in the top page.
    watchSelector: rule.frame ? rule.frame : [b?.selector, rule.list?.rowSelector].filter(Boolean).join(', ') || ':not(*)',
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
        const banners = elements.map((el) => shownText(el, MAX_BANNER_TEXT)).filter(Boolean);
        if (new Set(banners).size > 1) return { kind: 'ambiguous', reason: `${rule.label} shows more than one patient banner.` };
        text = banners[0];
        if (!text) return readList(root) ?? { kind: 'none', reason: `No patient banner in ${rule.label}.`, code: 'no-banner' };
      } else if (!fromUrl) {
        return readList(doc) ?? { kind: 'none', reason: `No patient is open in ${rule.label}.`, code: 'not-patient-page' };
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
      const birthDate = dob ? parseBannerDate(dob) : undefined;
      return {
        kind: 'patient',
        patient: {
          readerId: id,
          source: `${rule.label} (rule set by your organisation)`,
          confidence: nhsNumber ? 'high' : 'medium',
          identifier,
          nhsNumber,
          displayName: name || undefined,
          birthDate,
          birthDateProblem: dob && !birthDate ? notUnderstood(dob) : dobPattern ? undefined : 'not read: this rule reads no date of birth',
          identityNotShown: rule.identity === 'not-shown' || undefined,
        },
      };
    },
  };
}
