/**
 * The content script's core: watch the page, detect the patient in view, report changes.
 *
 * How it stays light on the host EPR:
 * - one MutationObserver for the whole document (the document itself, so a page that replaces its root
 *   element is still seen), its records handled at most once per animation frame (or soon after, in a
 *   hidden tab, where frames do not run). The page is never read inside the observer's callback: reading
 *   what is on screen asks the browser for layout, and forcing layout there would cost the EPR; in the
 *   next frame the layout is computed anyway, once;
 * - mutations that only touch `script`, `meta`, `noscript` or `template` nodes are ignored, since no
 *   banner lives there and none changes what is shown; and where the readers say which elements can hold
 *   the patient (`watchSelector`), mutations that neither touch such an element (inside it, around it,
 *   adding or removing it) nor change the address are ignored too (a busy worklist beside the banner
 *   costs a cheap check, not a detection);
 * - a banner can leave the screen without its text changing: a class or style that hides it or moves
 *   it away, a stylesheet added, the page scrolled or laid out anew. So attribute changes that can hide
 *   (`style`, `class`, `hidden`, `aria-hidden`, `open`) and stylesheets count as changes, and the banner
 *   elements last read are watched by an IntersectionObserver, which tells when one enters or leaves
 *   the screen however that happened;
 * - no polling: SPA route changes are seen through the DOM changes they cause and `popstate`;
 * - only the browser's own events count (`isTrusted`): a page's script that dispatches `pagehide` or
 *   `pageshow` itself cannot make Alongside leave and come back (a new context, and a new audited view);
 * - it only reads the page, and everything it starts stops when `signal` aborts.
 */
import { detectionKey, type Detection } from '@/utils/shared/detection';

const IGNORED_TAGS = new Set(['SCRIPT', 'META', 'NOSCRIPT', 'TEMPLATE']);
/** Attributes whose change can hide an element or show it. */
const SHOWING_ATTRIBUTES = ['style', 'class', 'hidden', 'aria-hidden', 'open'];
/** At most this many banner elements are watched for entering and leaving the screen. */
const MAX_WATCHED_BOXES = 50;
/** One animation frame at 60 Hz. */
const FRAME_MS = 16;

export interface PageWatchOptions {
  win: Window;
  signal: AbortSignal;
  /** Reads the page; called at most once a frame. */
  detect(): Detection;
  /** Called with each detection that differs from the last one reported, and when forced. */
  onChange(detection: Detection, href: string): void;
  /** Called when the page goes away (navigation, close, back-forward cache). */
  onPageHidden(): void;
  /**
   * CSS selector of the elements that can hold the patient; undefined: any element can. Asked on each
   * address change, since the readers that apply depend on the address.
   */
  watchSelector?(): string | undefined;
  /**
   * CSS selector of same-origin iframes whose documents hold the patient (declared rules' `frame`);
   * their loads and changes are watched too. Asked on each address change.
   */
  frameSelector?(): string | undefined;
  /** How long a reader may say the page is still loading its patient banner before it counts as unreadable. Default 10 s. */
  loadingLimitMs?: number;
}

export interface PageWatch {
  /** The last detection reported. */
  current(): { detection: Detection; href: string };
  /** Reads the page again now and reports what it shows (the readers changed). */
  recheck(): void;
}

/**
 * Starts watching. Stops by itself when `signal` aborts.
 *
 * @param opts - the window to watch, the signal that stops it, how to read the page and whom to tell
 */
export function watchPage(opts: PageWatchOptions): PageWatch {
  const { win, signal } = opts;
  const doc = win.document;
  let lastKey = '';
  let lastHref = '';
  let last: Detection = { kind: 'none', reason: 'Not read yet.' };
  let scheduled = false;
  let lastRunAt = -Infinity;
  // "Still loading" is believed for a limited time only: a page whose banner never comes must not keep
  // the panel waiting for ever. One timer, for the one address that is loading.
  const loadingLimit = opts.loadingLimitMs ?? 10_000;
  let loading: { href: string; since: number; timer: number } | undefined;
  const stopLoadingTimer = () => {
    if (loading) win.clearTimeout(loading.timer);
    loading = undefined;
  };
  signal.addEventListener('abort', stopLoadingTimer, { once: true });
  const limitLoading = (detection: Detection, href: string): Detection => {
    if (detection.kind !== 'none' || detection.code !== 'loading') {
      stopLoadingTimer();
      return detection;
    }
    if (loading?.href !== href) {
      stopLoadingTimer();
      loading = { href, since: Date.now(), timer: win.setTimeout(() => schedule(), loadingLimit + 20) };
      return detection;
    }
    if (Date.now() - loading.since < loadingLimit) return detection;
    return { kind: 'none', code: 'unreadable', reason: `Alongside could not read this page: ${detection.reason.replace(/\.$/, '')}, and nothing appeared within ${Math.round(loadingLimit / 1000)} seconds.` };
  };

  const run = (force: boolean) => {
    scheduled = false;
    if (signal.aborted) return;
    lastRunAt = win.performance.now();
    const href = win.location.href;
    const detection = limitLoading(opts.detect(), href);
    watchBoxes();
    const key = detectionKey(detection);
    if (!force && key === lastKey && href === lastHref) return;
    const changedPatient = key !== lastKey;
    lastKey = key;
    lastHref = href;
    last = detection;
    // A route change that leaves the same patient in view is not news; anything else is.
    if (changedPatient || force) opts.onChange(detection, href);
  };

  const schedule = () => {
    if (scheduled || signal.aborted) return;
    scheduled = true;
    if (doc.hidden) win.setTimeout(() => run(false), Math.max(0, FRAME_MS - (win.performance.now() - lastRunAt)));
    else win.requestAnimationFrame(() => run(false));
  };
  /** A handler for the browser's own events only: a page's script dispatching one is ignored. */
  const trusted = <E extends Event>(handle: (e: E) => void) => (e: E) => {
    if (e.isTrusted) handle(e);
  };

  let selectorFor = '';
  let selector: string | undefined;
  const observer = new MutationObserver((records) => {
    if (scheduled) return;
    const href = win.location.href;
    if (href !== lastHref) return schedule();
    if (selectorFor !== href) {
      selectorFor = href;
      selector = opts.watchSelector?.();
    }
    if (records.some((r) => mayHoldBanner(r) && touches(r, selector))) schedule();
  });
  observer.observe(doc, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: SHOWING_ATTRIBUTES });
  signal.addEventListener('abort', () => observer.disconnect(), { once: true });

  // The banner elements entering or leaving the screen, however (a transition, a scroll, a resize).
  const boxes = typeof IntersectionObserver === 'function' ? new IntersectionObserver(() => schedule()) : undefined;
  signal.addEventListener('abort', () => boxes?.disconnect(), { once: true });
  let watchedBoxes: Element[] = [];
  /** Watches the elements that can hold the patient now (after each reading: the set changes with the page). */
  const watchBoxes = () => {
    if (!boxes) return;
    const sel = opts.watchSelector?.();
    let now: Element[] = [];
    try {
      now = sel ? [...doc.querySelectorAll(sel)].slice(0, MAX_WATCHED_BOXES) : [];
    } catch {
      now = [];
    }
    if (now.length === watchedBoxes.length && now.every((el, i) => el === watchedBoxes[i])) return;
    boxes.disconnect();
    for (const el of now) boxes.observe(el);
    watchedBoxes = now;
  };

  // Frames the patient lives in: a load (navigation inside the frame, which the top page's DOM never
  // sees) is a change, and so is any change in the frame's document. Loads do not bubble; capture does.
  const frameObserver = new MutationObserver((records) => {
    if (!scheduled && records.some(mayHoldBanner)) schedule();
  });
  const frameOptions = { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: SHOWING_ATTRIBUTES };
  signal.addEventListener('abort', () => frameObserver.disconnect(), { once: true });
  const watchFrame = (frame: HTMLIFrameElement) => {
    try {
      const inner = frame.contentDocument?.documentElement;
      if (inner) frameObserver.observe(inner, frameOptions);
    } catch {
      // Another origin: its document cannot be read, so there is nothing to watch.
    }
  };
  const framesToWatch = () => {
    const frameSelector = opts.frameSelector?.();
    return frameSelector ? [...doc.querySelectorAll(frameSelector)].filter((el): el is HTMLIFrameElement => el.tagName === 'IFRAME') : [];
  };
  framesToWatch().forEach(watchFrame);
  doc.addEventListener(
    'load',
    trusted((e) => {
      const frame = e.target as Element;
      if (frame.tagName !== 'IFRAME' || !framesToWatch().includes(frame as HTMLIFrameElement)) return;
      watchFrame(frame as HTMLIFrameElement);
      schedule();
    }),
    { capture: true, signal },
  );

  const listen = { signal } as const;
  win.addEventListener('popstate', trusted(schedule), listen);
  win.addEventListener('hashchange', trusted(schedule), listen);
  doc.addEventListener('visibilitychange', trusted(schedule), listen);
  win.addEventListener('pagehide', trusted(() => {
    lastKey = '';
    opts.onPageHidden();
  }), listen);
  // Back from the back-forward cache: the page is alive again, so say what it shows.
  win.addEventListener('pageshow', trusted((e: PageTransitionEvent) => {
    if (e.persisted) run(true);
  }), listen);

  run(true);
  return { current: () => ({ detection: last, href: lastHref }), recheck: () => run(true) };
}

/**
 * Whether a mutation touches an element matching `selector`: inside one, adding or removing one, or (an
 * attribute, which can hide all it holds) on an element around one. A stylesheet changing touches all.
 */
function touches(record: MutationRecord, selector: string | undefined): boolean {
  if (selector === undefined) return true;
  const target = record.target.nodeType === Node.ELEMENT_NODE ? (record.target as Element) : record.target.parentElement;
  if (target?.closest(selector)) return true;
  if (target && (target.tagName === 'STYLE' || target.tagName === 'LINK')) return true;
  if (record.type === 'attributes') return !!target?.querySelector(selector);
  for (const n of [...record.addedNodes, ...record.removedNodes]) {
    if (n instanceof Element && (n.tagName === 'STYLE' || n.tagName === 'LINK' || n.matches(selector) || n.querySelector(selector))) return true;
  }
  return false;
}

function mayHoldBanner(record: MutationRecord): boolean {
  const target = record.target.nodeType === Node.ELEMENT_NODE ? (record.target as Element) : record.target.parentElement;
  if (target && IGNORED_TAGS.has(target.tagName)) return false;
  if (record.type !== 'childList') return true;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length === 0 || nodes.some((n) => !(n instanceof Element) || !IGNORED_TAGS.has(n.tagName));
}
