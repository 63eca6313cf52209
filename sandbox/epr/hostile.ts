/**
 * Hostile and careless pages on an EPR's own origin, for the attack tests and the wrong-patient stress
 * test: pages that show NHS numbers, names and dates of birth without being one patient's record. Every
 * page is marked `data-hostile` on its body: the stress test's ground truth counts them as showing no
 * patient, so any patient shown beside them is a wrong-patient frame.
 *
 *   /hostile/inbox                      a team inbox: an NHS number in a notification banner, more in a table
 *   /hostile/banner?nhs=&name=&born=    an NHS CUI banner showing exactly the values given (one patient's
 *                                       number beside another's name and date of birth, a name in another script…)
 *   /nhs/banner?nhs=&name=&born=        the same banner, not hostile: one patient's own (twins, namesakes)
 *   /hostile/header?nhs=&name=&born=    a plain page header (not the CUI's markup): "Name: … | DOB: … | NHS Number: …"
 *   /hostile/hidden?way=&shown=&hidden= an NHS CUI banner that visibly shows one patient, with another's name, date
 *                                       of birth and NHS number inside it but hidden one of nine ways (`HIDING_WAYS`);
 *                                       `way=whole-banner-off-screen`: the whole banner moved off the screen
 *   /hostile/free-text                  NHS numbers in running text and in links
 *   /hostile/frame?src=                 a page framing another origin's patient page
 *   /pas/worklist?next=…                the PAS worklist, whose query string holds a patient page's address
 */
import type { RosterPatient } from '../roster';
import { escapeHtml, formatNhsNumber } from './assets/common.js';

const page = (title: string, body: string, hostile = true) =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
  `<style>body{font:14px Arial,sans-serif;margin:0}main{padding:12px}.notification-banner{background:#fff4c2;padding:8px 12px;border-bottom:2px solid #ffb81c}` +
  `.nhsuk-patient-banner{background:#005eb8;color:#fff;padding:8px 12px}dl,dt,dd{display:inline;margin:0 6px 0 0}</style></head>` +
  `<body${hostile ? ' data-hostile' : ''}>${body}</body></html>`;

/** A team inbox: no patient is open, but a notification banner names one by NHS number. */
export function renderHostileInbox(roster: RosterPatient[]): string {
  const [first, ...rest] = roster;
  const rows = rest.slice(0, 5).map((p) => `<tr><td>Result available</td><td>NHS No ${formatNhsNumber(p.nhsNumber)}</td></tr>`).join('');
  return page(
    'Team inbox',
    `<div class="notification-banner" role="region" aria-label="Notification banner">New result for NHS No ${formatNhsNumber(first!.nhsNumber)}: please review.</div>` +
      `<main><h1>Team inbox</h1><table><tr><th>Message</th><th>Patient</th></tr>${rows}</table></main>`,
  );
}

/**
 * An NHS CUI banner with exactly the values given: for pages that mix two patients, or odd names. Not
 * hostile (`honest`): one patient's own banner, for patients outside the demo roster (twins, namesakes).
 */
export function renderHostileBanner(q: { nhs: string; name: string; born: string }, honest = false): string {
  return page(
    'Patient',
    `<section class="nhsuk-patient-banner" aria-label="Patient banner"><span class="nhsuk-patient-banner__name">${escapeHtml(q.name)}</span> ` +
      `<dl><div data-item="born"><dt>Born</dt> <dd>${escapeHtml(q.born)}</dd></div> <div data-item="nhs-number"><dt>NHS No.</dt> <dd>${escapeHtml(q.nhs)}</dd></div></dl></section>` +
      `<main><h1>Summary</h1></main>`,
    !honest,
  );
}

/** A plain header naming a patient, in no built-in reader's markup: only the general reader reads it. */
export function renderHostileHeader(q: { nhs: string; name: string; born: string }): string {
  return page('Patient', `<header class="pt-header">Name: ${escapeHtml(q.name)} | DOB: ${escapeHtml(q.born)} | NHS Number: ${escapeHtml(q.nhs)}</header><main><h1>Notes</h1></main>`);
}

/** NHS numbers in prose and in links: no banner, no patient. */
export function renderHostileFreeText(roster: RosterPatient[]): string {
  const [a, b] = roster;
  return page(
    'Referral letters',
    `<main><h1>Letters</h1><p>Referral for NHS No ${formatNhsNumber(a!.nhsNumber)}, ${escapeHtml(a!.family.toUpperCase())}, ${escapeHtml(a!.given)}, born ${escapeHtml(a!.birthDate)}.</p>` +
      `<p>See also <a href="/nhs/patient/${b!.nhsNumber}">${formatNhsNumber(b!.nhsNumber)}</a>.</p></main>`,
  );
}

/** A page framing another origin's patient page: what is inside the frame is not this page's patient. */
export function renderHostileFrame(src: string): string {
  return page('Portal', `<main><h1>Portal</h1><iframe title="Other site" src="${escapeHtml(src)}" style="width:100%;height:400px"></iframe></main>`);
}

/** The PAS worklist (a list, no banner); `next` is where the PAS goes after, a patient page's address. */
export function renderPasWorklist(roster: RosterPatient[], next: string): string {
  const rows = roster.slice(0, 5).map((p) => `<tr><td>${escapeHtml(p.family.toUpperCase())}, ${escapeHtml(p.given)}</td><td>${escapeHtml(p.openemrPubpid)}</td></tr>`).join('');
  // The PAS's header bar is there on every page; on the worklist it names the ward, not a patient.
  return page('Worklist', `<div class="pt-hdr">Ward 7 worklist | ${roster.slice(0, 5).length} patients</div><main><h1>Worklist</h1><p>Next: ${escapeHtml(next)}</p><table>${rows}</table></main>`);
}

/**
 * The ways a page can hold text it does not show: each hides the other patient's name, date of birth and
 * NHS number inside a banner that visibly names someone else (attack 4 of the second adversarial review).
 */
export const HIDING_WAYS = ['display-none', 'visibility', 'opacity', 'off-screen', 'font-size-0', 'clipped', 'hidden-attribute', 'aria-hidden', 'shadow-unslotted'] as const;
export type HidingWay = (typeof HIDING_WAYS)[number];

/** Each way's wrapper around the hidden text (the shadow root's is filled in by the page's script). */
const HIDING_STYLE: Record<Exclude<HidingWay, 'hidden-attribute' | 'aria-hidden' | 'shadow-unslotted'>, string> = {
  'display-none': 'display:none',
  visibility: 'visibility:hidden',
  opacity: 'opacity:0',
  'off-screen': 'position:absolute;left:-10000px;top:0',
  'font-size-0': 'font-size:0',
  clipped: 'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap',
};

/** One patient's banner lines (the CUI's), as markup. */
const bannerLines = (q: { nhs: string; name: string; born: string }) =>
  `<span class="nhsuk-patient-banner__name">${escapeHtml(q.name)}</span> <dl><div data-item="born"><dt>Born</dt> <dd>${escapeHtml(q.born)}</dd></div> <div data-item="nhs-number"><dt>NHS No.</dt> <dd>${escapeHtml(q.nhs)}</dd></div></dl>`;

/**
 * A banner showing `shown`, holding `hidden` too but not showing it: the hidden one comes first in the
 * markup, so a reader of `textContent` takes it.
 */
export function renderHostileHidden(way: string, shown: { nhs: string; name: string; born: string }, hidden: { nhs: string; name: string; born: string }): string {
  if (way === 'whole-banner-off-screen') {
    return page('Patient', `<section class="nhsuk-patient-banner" aria-label="Patient banner" style="position:absolute;left:-10000px;top:0">${bannerLines(hidden)}</section><main><h1>Summary</h1></main>`);
  }
  let inner: string;
  if (way === 'shadow-unslotted') {
    // The host's shadow root shows only its "shown" slot: the light-DOM lines with no slot are never drawn.
    inner =
      `<alongside-test-banner><span>${bannerLines(hidden)}</span><span slot="shown">${bannerLines(shown)}</span></alongside-test-banner>` +
      `<script>customElements.define('alongside-test-banner', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }).innerHTML = '<slot name="shown"></slot>'; } });</script>`;
  } else {
    const wrap = way === 'hidden-attribute' ? 'hidden' : way === 'aria-hidden' ? 'aria-hidden="true"' : `style="${HIDING_STYLE[way as keyof typeof HIDING_STYLE] ?? 'display:none'}"`;
    inner = `<span ${wrap}>${bannerLines(hidden)}</span>${bannerLines(shown)}`;
  }
  return page('Patient', `<section class="nhsuk-patient-banner" aria-label="Patient banner">${inner}</section><main><h1>Summary</h1></main>`);
}
