// @ts-check
/**
 * OpenMRS O3-style demo EPR: the single-page app that runs in the shell (../openmrs.ts).
 * Browser only. Renders each route with openmrs-render.js from the roster at /api/patients.
 *
 * Behaves like an SPA: links under /openmrs/spa/ and the search form navigate with history.pushState
 * (no reload); back/forward re-render on popstate. After each route change the content shows a
 * "loading" skeleton for 50-150 ms before it renders. Leaving a patient (or switching to another one)
 * removes the banner at once; switching views of the same patient keeps the banner in place.
 */
import { OPENMRS_BASE, parseOpenmrsRoute, renderOpenmrsRoute, renderOpenmrsSkeleton } from './openmrs-render.js';

const bannerSlot = /** @type {HTMLElement} */ (document.getElementById('omrs-patient-banner-slot'));
const main = /** @type {HTMLElement} */ (document.getElementById('omrs-main'));
const searchForm = /** @type {HTMLFormElement} */ (document.getElementById('omrs-search-form'));
const searchInput = /** @type {HTMLInputElement} */ (document.getElementById('omrs-search-input'));

/** @type {Promise<import('../../roster.ts').RosterPatient[]>} */
const rosterPromise = fetch('/api/patients').then((r) => {
  if (!r.ok) throw new Error(`GET /api/patients: ${r.status}`);
  return r.json();
});

let navToken = 0;
/** UUID of the patient whose banner is on screen, or null. */
let bannerUuid = /** @type {string | null} */ (null);

const delay = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function render() {
  const token = ++navToken;
  const route = parseOpenmrsRoute(location.pathname, location.search);
  searchInput.value = route.kind === 'search' ? route.q : '';
  const samePatient = route.kind === 'patient' && route.uuid === bannerUuid;

  if (!samePatient) {
    bannerSlot.replaceChildren();
    bannerUuid = null;
  }
  main.setAttribute('aria-busy', 'true');
  const view = samePatient ? main.querySelector('.omrs-chart-view') : null;
  if (view && route.kind === 'patient') {
    for (const a of main.querySelectorAll('.omrs-chart-nav a')) {
      const current = a.getAttribute('href')?.endsWith(`/chart/${route.view}`);
      a.classList.toggle('active', !!current);
      if (current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    view.innerHTML = renderOpenmrsSkeleton('list');
  } else {
    main.innerHTML = renderOpenmrsSkeleton(route.kind === 'patient' ? 'chart' : 'list');
  }

  let roster;
  try {
    roster = await rosterPromise;
  } catch (err) {
    if (token !== navToken) return;
    main.removeAttribute('aria-busy');
    main.innerHTML = `<div class="omrs-page"><div class="omrs-empty">Could not load patients (${String(err)})</div></div>`;
    return;
  }
  await delay(50 + Math.random() * 100);
  if (token !== navToken) return; // a newer navigation won

  const out = renderOpenmrsRoute(roster, route);
  if (out.patient && !samePatient) bannerSlot.innerHTML = out.banner;
  bannerUuid = out.patient ? out.patient.openmrsUuid : null;
  main.innerHTML = out.main;
  main.removeAttribute('aria-busy');
  document.title = out.title;
}

/** @param {string} url */
function navigate(url) {
  const target = new URL(url, location.href);
  if (target.href !== location.href) history.pushState(null, '', target.pathname + target.search + target.hash);
  void render();
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const a = /** @type {Element | null} */ (event.target instanceof Element ? event.target.closest('a[href]') : null);
  if (!(a instanceof HTMLAnchorElement) || (a.target && a.target !== '_self')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(`${OPENMRS_BASE}/`)) return;
  event.preventDefault();
  navigate(url.href);
});

searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const q = searchInput.value.trim();
  if (q) navigate(`${OPENMRS_BASE}/search?q=${encodeURIComponent(q)}`);
});

window.addEventListener('popstate', () => void render());

if (location.pathname === OPENMRS_BASE || location.pathname === `${OPENMRS_BASE}/`) {
  history.replaceState(null, '', `${OPENMRS_BASE}/home`);
}
void render();
