/**
 * Only what the clinician can see is read. Every reader, declared rule and rule trial reads a page's
 * text through this file (a lint rule keeps `textContent` and `innerText` out of the page code): text
 * the page holds but does not show names no one. A banner that visibly names B, with A's name, date of
 * birth and NHS number inside it but not rendered, reads as B; and a banner that has left the screen,
 * however it left, reads as nothing.
 *
 * A text is shown when it has a box of its own on the page (not `display: none`, not unslotted in a
 * shadow root, not `font-size: 0`, not scaled to nothing), nothing above it hides it (`hidden`,
 * `aria-hidden`, `visibility`, `opacity: 0`, `content-visibility: hidden`, `clip`, `clip-path`), at least
 * half of it lies inside every box that clips it (`overflow` other than visible: a zero-height
 * collapsible, a carousel's off-screen slide), and it is where the page can be scrolled to (never off
 * to the left of or above the page, never outside the window when it is fixed there).
 *
 * What it costs the EPR: these are layout reads, so they are made only in the animation frame in which
 * the page is read (page-watcher.ts: never inside a mutation callback), where the browser lays the page
 * out once anyway; each element's verdict is kept for the rest of that reading.
 */

/** Tags whose text is never shown. */
const NEVER_SHOWN = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TITLE', 'HEAD', 'META', 'LINK']);

/** What one element contributes to the verdict on the text inside it (kept for one reading of the page). */
interface ElementVerdict {
  /** Hidden by itself or by an element above it. */
  hidden: boolean;
  /** The boxes that clip what is inside it: its own (if it clips) and those above it. */
  clips: readonly DOMRect[];
  /** It, or an element above it, is fixed to the window. */
  fixed: boolean;
}

let verdicts = new WeakMap<Element, ElementVerdict>();
let readingDepth = 0;

/**
 * Runs one reading of the page: layout is read once and each element's verdict kept until it ends.
 * Reading outside `readingPass` works too (each call then starts afresh).
 *
 * @param read - the reading, run once and its result returned
 */
export function readingPass<T>(read: () => T): T {
  if (readingDepth === 0) verdicts = new WeakMap();
  readingDepth++;
  try {
    return read();
  } finally {
    readingDepth--;
  }
}

function verdictOf(el: Element): ElementVerdict {
  const kept = verdicts.get(el);
  if (kept) return kept;
  const above = el.parentElement ? verdictOf(el.parentElement) : { hidden: false, clips: [], fixed: false };
  const verdict = above.hidden ? above : ownVerdict(el, above);
  verdicts.set(el, verdict);
  return verdict;
}

function ownVerdict(el: Element, above: ElementVerdict): ElementVerdict {
  const hidden: ElementVerdict = { hidden: true, clips: [], fixed: false };
  if (NEVER_SHOWN.has(el.tagName) || el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return hidden;
  const view = el.ownerDocument.defaultView;
  if (!view) return hidden;
  const style = view.getComputedStyle(el);
  if (style.display === 'none' || style.contentVisibility === 'hidden' || (style.opacity !== '' && Number(style.opacity) === 0)) return hidden;
  if (style.clipPath && style.clipPath !== 'none') return hidden;
  if (style.clip && style.clip !== 'auto') return hidden;
  const fixed = above.fixed || style.position === 'fixed';
  // `display: contents` has no box of its own: it clips nothing.
  const clipsOwn = style.display !== 'contents' && (clips(style.overflowX) || clips(style.overflowY));
  return { hidden: false, clips: clipsOwn ? [...above.clips, el.getBoundingClientRect()] : above.clips, fixed };
}

/** Whether an `overflow` value clips what overflows (anything but visible). */
const clips = (overflow: string) => overflow !== '' && overflow !== 'visible';

/** Whether a computed `visibility` hides (it is inherited, so an element's own value is the verdict). */
const invisible = (visibility: string) => visibility === 'hidden' || visibility === 'collapse';

/** The part of `rect` inside `box`, as an area. */
function overlapArea(rect: DOMRect, box: DOMRect): number {
  const w = Math.min(rect.right, box.right) - Math.max(rect.left, box.left);
  const h = Math.min(rect.bottom, box.bottom) - Math.max(rect.top, box.top);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Whether one text node is shown (see the file's comment). */
function textShown(node: Text): boolean {
  const parent = node.parentElement;
  if (!parent) return false;
  const verdict = verdictOf(parent);
  if (verdict.hidden) return false;
  const view = parent.ownerDocument.defaultView;
  if (!view || invisible(view.getComputedStyle(parent).visibility)) return false;
  const range = parent.ownerDocument.createRange();
  range.selectNodeContents(node);
  const rect = range.getBoundingClientRect();
  const area = rect.width * rect.height;
  if (!(area > 0)) return false;
  for (const clip of verdict.clips) if (overlapArea(rect, clip) < area / 2) return false;
  const root = parent.ownerDocument.documentElement;
  const inWindow = rect.right > 0 && rect.bottom > 0 && rect.left < view.innerWidth && rect.top < view.innerHeight;
  if (verdict.fixed) return inWindow;
  // Where the page can be scrolled to: never to the left of or above the page itself.
  if (rect.right + view.scrollX <= 0 || rect.bottom + view.scrollY <= 0) return false;
  // A page that cannot scroll sideways shows nothing beyond the window's right edge.
  const rootStyle = view.getComputedStyle(root);
  const body = parent.ownerDocument.body;
  const noSideways = ['hidden', 'clip'].includes(rootStyle.overflowX);
  const bodyNoSideways = body ? ['hidden', 'clip'].includes(view.getComputedStyle(body).overflowX) : false;
  if ((noSideways || bodyNoSideways) && rect.left + view.scrollX >= Math.max(view.innerWidth, root.clientWidth)) return false;
  return true;
}

/** The text nodes under `el`, in order, with the shown ones marked; stops once `max` characters are kept. */
function collect(el: Element, max: number, separator: string, nodes?: Text[]): { text: string; cut: boolean } {
  const doc = el.ownerDocument;
  const walker = doc.createTreeWalker(el, 4 /* NodeFilter.SHOW_TEXT */);
  let text = '';
  let cut = false;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const value = node.data;
    if (!value.trim()) {
      // White space keeps words apart as the screen shows them.
      if (text && !text.endsWith(' ')) text += ' ';
      continue;
    }
    if (!textShown(node)) continue;
    nodes?.push(node);
    text += text && separator ? separator + value : value;
    if (text.length >= max) {
      cut = true;
      text = text.slice(0, max);
      break;
    }
  }
  return { text: text.replace(/\s+/g, ' ').trim(), cut };
}

/**
 * Whether `el` itself has a box on screen (for elements shown for what they hold rather than for their
 * text: a frame a patient page lives in).
 *
 * @param el - the element, if one was found
 */
export function hasShownBox(el: Element | null | undefined): el is Element {
  if (!el) return false;
  return readingPass(() => {
    const verdict = verdictOf(el);
    const view = el.ownerDocument.defaultView;
    if (verdict.hidden || !view || invisible(view.getComputedStyle(el).visibility)) return false;
    const rect = el.getBoundingClientRect();
    const area = rect.width * rect.height;
    if (!(area > 0) || rect.right + view.scrollX <= 0 || rect.bottom + view.scrollY <= 0) return false;
    return verdict.clips.every((clip) => clip === rect || overlapArea(rect, clip) >= area / 2);
  });
}

/**
 * The document of a same-origin frame, if the frame itself is on screen; else undefined.
 *
 * @param frame - the element thought to be the frame, if one was found
 */
export function shownFrameDocument(frame: Element | null | undefined): Document | undefined {
  if (!frame || frame.tagName !== 'IFRAME' || !hasShownBox(frame)) return undefined;
  try {
    return (frame as HTMLIFrameElement).contentDocument ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `el` shows any text the clinician can see.
 *
 * @param el - the element, if one was found
 */
export function isShown(el: Element | null | undefined): el is Element {
  return !!el && readingPass(() => !verdictOf(el).hidden && collect(el, 1, '').text.length > 0);
}

/**
 * The text of `el` the clinician can see, white space collapsed, as `textContent` would give it were the
 * hidden parts not there. At most `max` characters (a banner is a few hundred).
 *
 * @param el - the element, if one was found (none: the empty string)
 * @param max - the most characters to read
 */
export function shownText(el: Element | null | undefined, max = 4096): string {
  return el ? readingPass(() => collect(el, max, '').text) : '';
}

/**
 * As `shownText`, and whether it was cut at `max` (a declared rule reports a cut banner).
 *
 * @param el - the element to read
 * @param max - the most characters to read
 */
export function shownTextWithCut(el: Element, max: number): { text: string; cut: boolean } {
  return readingPass(() => collect(el, max, ''));
}

/**
 * The shown text with its text nodes kept apart by spaces: table cells run together in `textContent`
 * ("1938-04-179996270734"), which would hide a number beside a date.
 *
 * @param el - the element to read
 * @param max - the most characters to read
 */
export function shownSpacedText(el: Element, max = 4096): string {
  return readingPass(() => collect(el, max, ' ').text);
}

/**
 * The text nodes under `el` that are shown (those `shownText` reads), in order, up to `max` characters:
 * for the rule trial, which points at what a rule read and looks for an NHS number the admin typed.
 *
 * @param el - the element to read
 * @param max - the most characters to read
 */
export function shownTextNodes(el: Element, max = 4096): Text[] {
  const nodes: Text[] = [];
  readingPass(() => collect(el, max, ' ', nodes));
  return nodes;
}

/**
 * The elements matching `selector` under `root` that show any text.
 *
 * @param root - where to look (a document or an element)
 * @param selector - the CSS selector to match
 */
export function shownElements(root: ParentNode, selector: string): Element[] {
  return readingPass(() => [...root.querySelectorAll(selector)].filter((el) => isShown(el)));
}
