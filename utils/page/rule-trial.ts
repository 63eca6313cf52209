/**
 * Trying a trust's declared EPR rule on a page before it is saved (the options page): the rule, as
 * written, is run on the page in a tab the clinician or IT chooses, exactly as the content script would
 * run it. Injected into the EPR page through `scripting` (entrypoints/rule-tester.ts), with the rule
 * already validated (utils/settings/validate-rules.ts); its answer is worded on the options page
 * (utils/settings/rule-trial-words.ts). Nothing is saved or sent.
 *
 * Four ways: read the page once; watch it for a few seconds (and across the admin's navigation, which the
 * options page follows), reporting every state the live panel would have shown; point at what the rule
 * reads (the banner's visible text highlighted for a few seconds); and find an NHS number the admin types
 * on the page, suggesting the smallest selector around it. Only visible text is read (shown-text.ts), and
 * the page is left as it was: the highlight is the browser's CSS Custom Highlight API (a highlight and a
 * constructed stylesheet, removed when done), which changes no element, no attribute and no layout.
 */
import { readPageByRule } from '@/utils/page/readers/declared-rule';
import { detectionKey, type Detection } from '@/utils/shared/detection';
import { findNhsNumberCandidates, parseBannerDate } from '@/utils/page/banner-text';
import { readingPass, shownElements, shownFrameDocument, shownSpacedText, shownText, shownTextNodes } from '@/utils/page/shown-text';
import { watchPage } from '@/utils/page/page-watcher';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import type { PointAnswer, RuleTrial, RuleTrialState, SelectorHelp, SelectorSuggestion } from '@/utils/shared/rule-trial';

/** Whether the rule covers `url` (its origins and path prefix), as its reader decides. */
function ruleMatches(rule: DeclaredEprRule, url: URL): boolean {
  const origins = new Set(rule.origins.map((o) => o.replace(/\/$/, '')));
  return origins.has(url.origin) && (!rule.pathPrefix || url.pathname.startsWith(rule.pathPrefix));
}

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
  if (!ruleMatches(rule, url)) return { page, applies: false, ms: 0 };
  const started = performance.now();
  const { reading, detection } = readingPass(() => readPageByRule(rule, doc, url));
  return { page, applies: true, detection, reading, ms: performance.now() - started };
}

/** A trial's detection as the page watcher compares them (a page the rule is not for says so). */
const trialDetection = (trial: RuleTrial): Detection => trial.detection ?? { kind: 'none', reason: `not for ${trial.page}` };

/**
 * Watches the page with the rule, as the content script would, and reports each state it reads (every
 * change the live panel would have shown, the first included), until `signal` aborts.
 *
 * @param rule - a rule that passed validation
 * @param win - the page's window
 * @param opts - the signal that ends the watch, and whom to tell:
 * @param opts.onState - called with each state, `at` ms after the watch began
 * @param opts.onLeft - called when the page goes away (a navigation): the options page reads the next page
 */
export function watchRuleOnPage(rule: DeclaredEprRule, win: Window, opts: { signal: AbortSignal; onState(state: RuleTrialState): void; onLeft(): void }): void {
  const began = win.performance.now();
  let latest: RuleTrial | undefined;
  let lastKey = '';
  watchPage({
    win,
    signal: opts.signal,
    detect: () => {
      latest = tryRuleOnPage(rule, win.document, win.location.href);
      return trialDetection(latest);
    },
    watchSelector: () => [rule.banner?.selector, rule.frame, rule.list?.rowSelector].filter(Boolean).join(', ') || undefined,
    frameSelector: () => rule.frame,
    onChange: (detection) => {
      // The watcher reports again when forced; only a change is a new state.
      const key = detectionKey(detection);
      if (!latest || key === lastKey) return;
      lastKey = key;
      opts.onState({ at: Math.round(win.performance.now() - began), trial: latest });
    },
    onPageHidden: () => opts.onLeft(),
  });
}

const HIGHLIGHT = 'alongside-rule-trial';

/** The banner elements a rule reads on this page (shown ones), in the frame where it has one. */
function bannerElements(rule: DeclaredEprRule, doc: Document): Element[] {
  if (!rule.banner) return [];
  const root = rule.frame ? shownFrameDocument([...doc.querySelectorAll(rule.frame)].find((f) => f.tagName === 'IFRAME')) : doc;
  if (!root) return [];
  try {
    return shownElements(root, rule.banner.selector);
  } catch {
    return [];
  }
}

/**
 * Highlights the visible text a rule's banner selector reads, for `ms`, then removes the highlight and
 * leaves the page exactly as it was. Changes no element or attribute of the page.
 *
 * @param rule - a rule that passed validation
 * @param doc - the page's document
 * @param ms - how long the highlight stays
 */
export function pointAtRule(rule: DeclaredEprRule, doc: Document, ms: number): PointAnswer {
  const elements = bannerElements(rule, doc);
  if (!elements.length) return { highlighted: 0, reason: rule.banner ? 'the banner selector finds nothing shown on this page' : 'this rule reads no banner, only the address' };
  return { highlighted: highlightElements(elements, ms) ? elements.length : 0, ...(highlightSupported(elements[0]!.ownerDocument) ? {} : { reason: 'this browser cannot highlight text without changing the page' }) };
}

function highlightSupported(doc: Document): boolean {
  const view = doc.defaultView as (Window & { CSS?: { highlights?: unknown }; Highlight?: unknown }) | null;
  return !!view?.CSS?.highlights && typeof view.Highlight === 'function' && 'adoptedStyleSheets' in doc;
}

/** Highlights the shown text of `elements` for `ms` (CSS Custom Highlight API); false where the browser cannot. */
function highlightElements(elements: Element[], ms: number): boolean {
  const doc = elements[0]!.ownerDocument;
  const view = doc.defaultView!;
  if (!highlightSupported(doc)) return false;
  const ranges = elements.flatMap((el) =>
    shownTextNodes(el).map((node) => {
      const range = doc.createRange();
      range.selectNodeContents(node);
      return range;
    }),
  );
  const registry = (view as unknown as { CSS: { highlights: Map<string, unknown> } }).CSS.highlights;
  const HighlightClass = (view as unknown as { Highlight: new (...r: Range[]) => unknown }).Highlight;
  const sheet = new view.CSSStyleSheet();
  sheet.replaceSync(`::highlight(${HIGHLIGHT}) { background-color: #ffeb3b; color: #000; }`);
  registry.set(HIGHLIGHT, new HighlightClass(...ranges));
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  view.setTimeout(() => {
    registry.delete(HIGHLIGHT);
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  }, ms);
  return true;
}

/** A date as banners write it, anywhere in a text. */
const DATE_IN_TEXT = /\b(\d{1,2}[\s-][A-Za-z]{3,9}\.?[\s-]\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\b/g;
const showsDate = (text: string) => [...text.matchAll(DATE_IN_TEXT)].some((m) => parseBannerDate(m[1]!) !== undefined);

/** Class names a build did not make up: letters and hyphens, not a CSS-module hash. */
const READABLE_CLASS = /^[A-Za-z][A-Za-z-]*(?:__[A-Za-z-]+)*$/;

/** Ways to select `el` alone, simplest first. */
function selectorCandidates(el: Element): string[] {
  const tag = el.tagName.toLowerCase();
  const out: string[] = [];
  const attr = (name: string) => el.getAttribute(name);
  if (el.id && /^[A-Za-z][\w-]*$/.test(el.id)) out.push(`#${CSS.escape(el.id)}`);
  for (const name of ['data-testid', 'data-test-id', 'data-qa', 'data-cy', 'aria-label', 'role', 'name']) {
    const v = attr(name);
    if (v && v.length <= 60 && !/["\\\n]/.test(v)) out.push(`${name === 'role' || name === 'name' ? tag : ''}[${name}="${v}"]`);
  }
  const classes = [...el.classList].filter((c) => READABLE_CLASS.test(c) && c.length <= 60);
  for (const c of classes) out.push(`.${CSS.escape(c)}`);
  if (classes.length > 1) out.push(`${tag}.${classes.map((c) => CSS.escape(c)).join('.')}`);
  // A CSS-module name keeps a readable part before its hash: `-esm-app__file__banner___x1Y2z`.
  for (const c of el.classList) {
    const readable = /^(-?[A-Za-z][\w-]*__[\w-]+?)___[\w+/=-]{3,}$/.exec(c)?.[1];
    if (readable) out.push(`${tag}[class*="${readable}___"]`);
  }
  return out;
}

/** The shortest selector matching `el` alone in its document (joined to an ancestor's when need be), and how many it matches. */
function selectorFor(el: Element): { selector: string; matches: number } {
  const doc = el.ownerDocument;
  const count = (sel: string) => {
    try {
      return doc.querySelectorAll(sel).length;
    } catch {
      return Infinity;
    }
  };
  const isIt = (s: string) => count(s) === 1 && doc.querySelector(s) === el;
  // What the element itself says it is (an id, a test id, a label, a readable class) first; its bare tag
  // name only where nothing else tells it apart (a page's layout changes more than its labels do).
  const own = selectorCandidates(el).sort((a, b) => a.length - b.length);
  const tag = el.tagName.toLowerCase();
  const unique = own.find(isIt);
  if (unique) return { selector: unique, matches: 1 };
  // Not unique alone: under the nearest ancestor that can be told apart.
  for (let up = el.parentElement, depth = 0; up && up !== doc.documentElement && depth < 6; up = up.parentElement, depth++) {
    const anchor = selectorCandidates(up).sort((a, b) => a.length - b.length).find((s) => count(s) === 1);
    if (!anchor) continue;
    const joined = own.map((s) => `${anchor} ${s}`).find(isIt) ?? (isIt(`${anchor} ${tag}`) ? `${anchor} ${tag}` : undefined);
    if (joined) return { selector: joined, matches: 1 };
  }
  if (isIt(tag)) return { selector: tag, matches: 1 };
  const fallback = own[0] ?? tag;
  return { selector: fallback, matches: count(fallback) };
}

/**
 * Finds the NHS number the admin typed among the page's visible text, and suggests the smallest selector
 * for the element holding it and for the smallest element around it that also shows a date (the banner
 * a rule would read). Hidden text is never searched.
 *
 * @param doc - the page's document
 * @param nhsNumber - as typed (spaces and hyphens allowed)
 */
export function suggestSelectors(doc: Document, nhsNumber: string): SelectorHelp {
  const digits = nhsNumber.replace(/[\s-]/g, '');
  if (!/^\d{10}$/.test(digits)) return { found: false, reason: 'Type the 10 digits of an NHS number the page shows.' };
  return readingPass((): SelectorHelp => {
    const body = doc.body;
    if (!body) return { found: false, reason: 'This page has nothing shown to search.' };
    const hit = shownTextNodes(body, 200_000).find((node) => findNhsNumberCandidates(node.data).includes(digits));
    const holder = hit?.parentElement;
    if (!holder) return { found: false, reason: `NHS number ${nhsNumber.trim()} is not shown on this page as one piece of text (only text on screen is searched).` };
    const describe = (role: SelectorSuggestion['role'], el: Element): SelectorSuggestion => ({ role, ...selectorFor(el), text: shownText(el, 300) });
    const suggestions = [describe('number', holder)];
    for (let el: Element | null = holder; el && el !== doc.documentElement; el = el.parentElement) {
      if (showsDate(shownSpacedText(el, 2048))) {
        if (el !== holder) suggestions.push(describe('banner', el));
        else suggestions[0] = { ...suggestions[0]!, role: 'banner' };
        break;
      }
    }
    return { found: true, suggestions };
  });
}
