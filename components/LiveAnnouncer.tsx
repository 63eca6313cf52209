/**
 * What a page tells a screen reader user without their asking: a patient change, a notice, the outcome of
 * something they did. Once each, never on a redraw: the panel redraws whenever the record, its sync state
 * or the outbox changes, and a live region written on every redraw would talk over the clinician.
 *
 * One polite log per page (WAI-ARIA `role="log"`): each announcement is a line added to it, read once;
 * lines already read are never read again. An announcement names its channel and a key. On the `view`
 * channel it is made only once the view has settled (VIEW_SETTLES_MS without another change) and only
 * when its key differs from the last said: the same patient drawn again (a refresh, a reload of the EPR
 * page, a new context for the same patient) says nothing, nor do the states an EPR passes through between
 * two pages; leaving a patient and coming back does. On the other channels each key is said once for the
 * life of the page, however often it is drawn.
 *
 * The log is part of the page a screen reader user can browse, so it holds only what belongs to the view
 * now shown: the moment the view changes (another patient, a message, loading), every line said before is
 * withdrawn, in the same task as the new view is drawn (layout effects, direct DOM), so no line about one
 * patient sits beside another patient's record.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';

/** `view`: what the panel shows (a patient, or why none); `notice`: a notice; `action`: what a click did. */
export type AnnouncementChannel = 'view' | 'notice' | 'action';

/** Lines kept in the log: older ones were read already, and removing a line announces nothing. */
const KEPT = 5;

/** How long a view must stay unchanged to be announced: an EPR moving between pages passes through several. */
export const VIEW_SETTLES_MS = 700;

let lastView: string | undefined;
/** The view now drawn; lines in the log were all said while it was. */
let shownView: string | undefined;
let pendingView: ReturnType<typeof setTimeout> | undefined;
const saidKeys = new Set<string>();
let log: HTMLElement | undefined;
/** Said before the log was drawn: written as it is. */
const early: string[] = [];

/**
 * Announces `text`, unless `key` was said already (see above).
 *
 * @param channel - what kind of announcement this is (see above)
 * @param key - what the announcement is about (a patient, a notice's id)
 * @param text - the words, plain text
 */
export function announce(channel: AnnouncementChannel, key: string, text: string): void {
  if (channel === 'view') {
    unsettled(key);
    if (lastView === key) return;
    pendingView = setTimeout(() => {
      pendingView = undefined;
      lastView = key;
      say(text);
    }, VIEW_SETTLES_MS);
    return;
  }
  if (saidKeys.has(`${channel}|${key}`)) return;
  saidKeys.add(`${channel}|${key}`);
  say(text);
}

/** The view is changing: what was about to be said about it is not said, and what was said is withdrawn. */
function unsettled(next?: string): void {
  clearTimeout(pendingView);
  pendingView = undefined;
  if (next === shownView && next !== undefined) return;
  shownView = next;
  log?.replaceChildren();
}

function say(text: string): void {
  if (!log) {
    early.push(text);
    return;
  }
  const line = document.createElement('p');
  line.textContent = text;
  log.append(line);
  while (log.childElementCount > KEPT) log.firstElementChild?.remove();
}

/**
 * Announces `text` when `key` changes. A `view` with no key yet (loading) says nothing, and stops what
 * the view was about to say.
 */
export function useAnnouncement(channel: AnnouncementChannel, key: string | undefined, text: string): void {
  useLayoutEffect(() => {
    if (key !== undefined) announce(channel, key, text);
    else if (channel === 'view') unsettled();
  }, [channel, key]);
}

/** The page's one live log, visually hidden. Draw it once, as the page starts, before anything is said. */
export function LiveAnnouncer() {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    log = ref.current ?? undefined;
    early.splice(0).forEach(say);
    return () => {
      log = undefined;
    };
  }, []);
  // Its lines are written directly (see say), so that withdrawing them never waits for a render.
  return <div ref={ref} role="log" aria-live="polite" class="visually-hidden" data-testid="live-announcer" />;
}

/** Forgets what was said (unit tests, which draw several pages in one module). */
export function resetAnnouncements(): void {
  unsettled();
  lastView = undefined;
  shownView = undefined;
  saidKeys.clear();
  early.length = 0;
}
