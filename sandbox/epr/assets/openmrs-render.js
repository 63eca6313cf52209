// @ts-check
/**
 * OpenMRS O3-style demo EPR: the pure render functions (HTML strings) of every route.
 * Used by the browser app (openmrs-app.js) and by the node-side snapshots (../snapshots.ts).
 * Types: openmrs-render.d.ts.
 *
 * Routes (all under /openmrs/spa/, served the same shell HTML):
 *   home                              "Home": active-visits worklist, every roster patient (no patient open)
 *   search?q=TEXT                     search results: name / OpenMRS ID / NHS number match (no patient open)
 *   patient/<uuid>/chart/<view>       a patient's chart; view one of OPENMRS_VIEWS ids
 *
 * Stable markup (keep in step with ../openmrs.ts's shell):
 *   #omrs-patient-banner-slot         holds the banner while a patient is open; empty otherwise
 *   header[role="banner"][aria-label="patient banner"]   the patient banner, in the markup the published
 *     @openmrs/esm-patient-banner-app renders (fixtures/real-epr/pages/openmrs-patient-chart-*.html),
 *     build-hashed class names and all: the avatar (`aria-label="Avatar for Given Family"`), the name,
 *     gender, "76 yrs", "12-Mar-1950", then identifiers as `<span>OpenMRS ID: </span><span>…</span>` in a
 *     tag and `<label …><span>NHS Number: </span><span>943 476 5919</span></label>`.
 *     NHS Number is shown only for patients at even roster positions (0, 2, 4 ...): openmrsShowsNhsNumber().
 *     sandbox/epr/real-markup.test.ts holds this to the real rendering's structure.
 *   #omrs-main                          route content; [aria-busy="true"] .omrs-skeleton while "loading"
 *   .omrs-chart-nav a[aria-current="page"]   the open chart view
 *   .omrs-worklist tbody tr, .omrs-search-result   rows/cards of the list pages (several patients, no banner)
 */
import { ageYears, escapeHtml, fakeClinicalData, formatDateDMY, formatNhsNumber, genderLabel } from './common.js';

export const OPENMRS_BASE = '/openmrs/spa';

export const OPENMRS_VIEWS = [
  { id: 'patient-summary', label: 'Patient Summary' },
  { id: 'vitals', label: 'Vitals & Biometrics' },
  { id: 'medications', label: 'Medications' },
  { id: 'allergies', label: 'Allergies' },
  { id: 'visits', label: 'Visits' },
];

/**
 * @typedef {import('../../roster.ts').RosterPatient} RosterPatient
 * @typedef {{ kind: 'home' } | { kind: 'search', q: string } | { kind: 'patient', uuid: string, view: string } | { kind: 'not-found', path: string }} OpenmrsRoute
 */

/**
 * Route of a location under /openmrs/spa.
 * @param {string} pathname
 * @param {string} [search]
 * @returns {OpenmrsRoute}
 */
export function parseOpenmrsRoute(pathname, search = '') {
  const rest = pathname.startsWith(OPENMRS_BASE) ? pathname.slice(OPENMRS_BASE.length).replace(/\/+$/, '') : null;
  if (rest === null) return { kind: 'not-found', path: pathname };
  if (rest === '' || rest === '/home') return { kind: 'home' };
  if (rest === '/search') return { kind: 'search', q: new URLSearchParams(search).get('q') ?? '' };
  const m = /^\/patient\/([^/]+)(?:\/chart(?:\/([^/]+))?)?$/.exec(rest);
  if (m) return { kind: 'patient', uuid: decodeURIComponent(/** @type {string} */ (m[1])), view: m[2] ?? 'patient-summary' };
  return { kind: 'not-found', path: pathname };
}

/** @param {string} uuid @param {string} [view] */
export function chartUrl(uuid, view = 'patient-summary') {
  return `${OPENMRS_BASE}/patient/${encodeURIComponent(uuid)}/chart/${view}`;
}

/**
 * This EPR records the NHS number only for some patients: those at even roster positions.
 * @param {RosterPatient[]} roster @param {RosterPatient} patient
 */
export function openmrsShowsNhsNumber(roster, patient) {
  return roster.findIndex((p) => p.openmrsUuid === patient.openmrsUuid) % 2 === 0;
}

/** @param {RosterPatient} p */
function fullName(p) {
  return `${p.given} ${p.family}`;
}

/** The class names the published banner app's build gives its elements (hashed: not to be read). */
const C = {
  container: '-esm-patient-banner__patient-banner__container___S639F -esm-patient-banner__patient-banner__activePatientContainer___osgau',
  banner: '-esm-patient-banner__patient-banner__patientBanner___Jty1Y',
  avatarCol: '-esm-patient-banner__patient-banner__patientAvatar___8WodQ',
  avatar: 't5TmZmWjzvbCohKkMNbM-g==',
  initials: '-k9HvZjk0UAVuy9F8zZz0w==',
  info: '+WtDB+1dogKuMZh79ffYHA==',
  nameRow: 'NIOYIHZjX3g7f-6H9EkSAg==',
  nameCol: 'VxdGBrkVaGOrwx9RLt5iGA==',
  name: '-bF9a-l+JKDw4GnX6Iibsw==',
  gender: '_4XkLqr-02wazwbUoUfB7ow==',
  demographics: 'Vtf3vivMNnVD8Iw8FKnzIg==',
  separator: 'iYBA3rO3YNmv7d1qmnvvcA==',
  identifier: 'bSJIFK4yvsj7cwSGcOeCeg==',
  tag: 'yOV1BITeMsXWDZ0-ZuNmRA==',
  value: 'sBM-qDgU2-uAwtlPf+7gjA==',
  label: 'WvJbhTqh9ZSXAOeO7O+qjw==',
  buttons: '-esm-patient-banner__patient-banner__buttonCol___TbFSi',
};
const SEPARATOR = `<span class="${C.separator}">·</span>`;

/** The primary identifier, in a Carbon tag. @param {string} type @param {string} value */
function identifierTag(type, value) {
  return `<span class="${C.identifier}"><span class="${C.tag}"><div class="cds--tag cds--tag--gray"><span title="" class="cds--tag__label" dir="auto"><span>${escapeHtml(type)}: </span><span class="${C.value}">${escapeHtml(value)}</span></span></div></span></span>`;
}

/** Another identifier, as a label. @param {string} type @param {string} value */
function identifierLabel(type, value) {
  return `<span class="${C.identifier}"><label for="patient-banner-identifier-${escapeHtml(value)}" class="cds--label cds--label--no-margin ${C.label}" dir="auto"><span>${escapeHtml(type)}: </span><span class="${C.value}">${escapeHtml(value)}</span></label></span>`;
}

/** @param {RosterPatient[]} roster @param {RosterPatient} p */
function identifierTags(roster, p) {
  const tags = [identifierTag('OpenMRS ID', p.openmrsId)];
  if (openmrsShowsNhsNumber(roster, p)) tags.push(identifierLabel('NHS Number', formatNhsNumber(p.nhsNumber)));
  return tags.join(SEPARATOR);
}

/** @param {RosterPatient} p */
function initials(p) {
  return `${p.given.charAt(0)}${p.family.charAt(0)}`.toUpperCase();
}

/**
 * The patient banner (the whole <header>).
 * @param {RosterPatient[]} roster @param {RosterPatient} p @param {Date} [now]
 */
export function renderOpenmrsBanner(roster, p, now = new Date()) {
  const name = escapeHtml(fullName(p));
  return `<header aria-label="patient banner" class="${C.container}" role="banner"><div class="${C.banner}">` +
    `<div class="${C.avatarCol}"><div aria-label="Avatar for ${name}"><div class="${C.avatar}" title="${name}"><span class="${C.initials}">${escapeHtml(initials(p))}</span></div></div></div>` +
    `<div class="${C.info}"><div class="${C.nameRow}"><div class="${C.nameCol}"><span class="${C.name}">${name}</span>` +
    `<div class="${C.gender}"><span>${escapeHtml(genderLabel(p.gender))}</span></div>` +
    `<div data-extension-slot-name="patient-banner-tags-slot"></div></div></div>` +
    `<div class="${C.demographics}"><span>${ageYears(p.birthDate, now)} yrs</span>${SEPARATOR}<span>${escapeHtml(formatDateDMY(p.birthDate))}</span>${SEPARATOR}${identifierTags(roster, p)}` +
    `<div data-extension-slot-name="patient-banner-bottom-slot"></div></div></div>` +
    `<div class="${C.buttons}"><a class="cds--btn cds--btn--ghost" href="${OPENMRS_BASE}/home" data-omrs-link>Close</a></div>` +
    `</div></header>`;
}

/** @param {'list' | 'chart'} kind */
export function renderOpenmrsSkeleton(kind) {
  const line = '<div class="omrs-skeleton__line"></div>';
  return `<div class="omrs-skeleton omrs-skeleton--${kind}" aria-busy="true" aria-label="Loading">
  ${kind === 'chart' ? '<div class="omrs-skeleton__banner"></div>' : ''}
  ${line}${line}${line}${line}
</div>`;
}

/** @param {RosterPatient[]} roster @param {Date} now */
export function renderOpenmrsHome(roster, now = new Date()) {
  const rows = roster.map((p, i) => `
      <tr>
        <td>${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '05'}</td>
        <td><a href="${chartUrl(p.openmrsUuid)}" data-omrs-link>${escapeHtml(fullName(p))}</a></td>
        <td>${escapeHtml(p.openmrsId)}</td>
        <td>${openmrsShowsNhsNumber(roster, p) ? escapeHtml(formatNhsNumber(p.nhsNumber)) : '<span class="omrs-muted">&mdash;</span>'}</td>
        <td>${escapeHtml(genderLabel(p.gender))}</td>
        <td>${ageYears(p.birthDate, now)}</td>
        <td>${i % 3 === 0 ? 'Facility Visit' : i % 3 === 1 ? 'OPD Visit' : 'Home Visit'}</td>
      </tr>`).join('');
  return `<div class="omrs-page omrs-home">
  <h1 class="omrs-page-title">Home</h1>
  <div class="omrs-tiles">
    <div class="omrs-tile"><div class="omrs-tile__label">Active visits</div><div class="omrs-tile__value">${roster.length}</div></div>
    <div class="omrs-tile"><div class="omrs-tile__label">Scheduled appointments</div><div class="omrs-tile__value">${roster.length + 3}</div></div>
    <div class="omrs-tile"><div class="omrs-tile__label">Waiting for triage</div><div class="omrs-tile__value">${Math.min(2, roster.length)}</div></div>
  </div>
  <section class="omrs-card">
    <h2 class="omrs-card__title">Active Visits</h2>
    <table class="omrs-table omrs-worklist">
      <thead><tr><th>Visit time</th><th>Name</th><th>OpenMRS ID</th><th>NHS Number</th><th>Gender</th><th>Age</th><th>Visit type</th></tr></thead>
      <tbody>${rows}
      </tbody>
    </table>
  </section>
</div>`;
}

/** @param {RosterPatient[]} roster @param {string} q */
export function searchOpenmrsPatients(roster, q) {
  const text = q.trim().toLowerCase();
  if (!text) return [];
  const digits = text.replace(/[\s-]/g, '');
  return roster.filter((p) =>
    `${p.given} ${p.family}`.toLowerCase().includes(text) ||
    `${p.family} ${p.given}`.toLowerCase().includes(text) ||
    p.openmrsId.toLowerCase().includes(text) ||
    (/^\d+$/.test(digits) && p.nhsNumber.includes(digits)));
}

/** @param {RosterPatient[]} roster @param {string} q @param {Date} now */
export function renderOpenmrsSearch(roster, q, now = new Date()) {
  const results = searchOpenmrsPatients(roster, q);
  const cards = results.map((p) => `
    <li class="omrs-search-result" role="banner">
      <div class="omrs-search-result__avatar" aria-hidden="true">${escapeHtml(initials(p))}</div>
      <div>
        <a class="omrs-search-result__name" href="${chartUrl(p.openmrsUuid)}" data-omrs-link>${escapeHtml(fullName(p))}</a>
        <div class="omrs-search-result__demographics">${escapeHtml(genderLabel(p.gender))} &middot; ${ageYears(p.birthDate, now)} yrs &middot; ${escapeHtml(formatDateDMY(p.birthDate))}</div>
        <div class="omrs-search-result__identifiers">
        ${identifierTags(roster, p)}
        </div>
      </div>
    </li>`).join('');
  return `<div class="omrs-page omrs-search">
  <h1 class="omrs-page-title">Search results</h1>
  <p class="omrs-search__summary">${results.length} search result${results.length === 1 ? '' : 's'} for &ldquo;${escapeHtml(q)}&rdquo;</p>
  ${results.length ? `<ul class="omrs-search-results">${cards}
  </ul>` : '<div class="omrs-empty">No patients found. Try another name or identifier.</div>'}
</div>`;
}

/** @param {string} uuid @param {string} view */
function renderChartNav(uuid, view) {
  return OPENMRS_VIEWS.map((v) =>
    `<a href="${chartUrl(uuid, v.id)}" data-omrs-link${v.id === view ? ' aria-current="page" class="active"' : ''}>${escapeHtml(v.label)}</a>`).join('\n    ');
}

/** @param {RosterPatient} p @param {string} view */
export function renderOpenmrsChartView(p, view) {
  const d = fakeClinicalData(p);
  const meds = `<table class="omrs-table"><thead><tr><th>Medication</th><th>Dose</th><th>Status</th></tr></thead><tbody>
      ${d.medications.map((m) => `<tr><td><strong>${escapeHtml(m.name)}</strong> ${escapeHtml(m.form)}</td><td>${escapeHtml(m.dose)}</td><td><span class="omrs-tag omrs-tag--green">Active</span></td></tr>`).join('')}
    </tbody></table>`;
  const allergies = d.allergies.length
    ? `<table class="omrs-table"><thead><tr><th>Allergen</th><th>Reaction</th><th>Severity</th></tr></thead><tbody>${d.allergies.map((a) => `<tr><td>${escapeHtml(a.allergen)}</td><td>${escapeHtml(a.reaction)}</td><td><span class="omrs-tag omrs-tag--red">${escapeHtml(a.severity)}</span></td></tr>`).join('')}</tbody></table>`
    : '<div class="omrs-empty">No known allergies</div>';
  const vitals = `<table class="omrs-table"><thead><tr><th>Date</th><th>BP (mmHg)</th><th>Pulse</th><th>Temp (&deg;C)</th><th>SpO&#8322; (%)</th><th>Resp. rate</th><th>Weight (kg)</th></tr></thead><tbody>
      ${d.vitals.map((v) => `<tr><td>${escapeHtml(formatDateDMY(v.date))}</td><td>${v.systolic} / ${v.diastolic}</td><td>${v.pulse}</td><td>${v.temperature}</td><td>${v.spo2}</td><td>${v.respiratoryRate}</td><td>${v.weight}</td></tr>`).join('')}
    </tbody></table>`;
  const conditions = `<table class="omrs-table"><thead><tr><th>Condition</th><th>Onset date</th><th>Status</th></tr></thead><tbody>${d.conditions.map((c) => `<tr><td>${escapeHtml(c.name)}</td><td>${escapeHtml(formatDateDMY(c.onset))}</td><td>${escapeHtml(c.status)}</td></tr>`).join('')}</tbody></table>`;
  const visits = `<table class="omrs-table"><thead><tr><th>Date</th><th>Visit type</th><th>Location</th></tr></thead><tbody>${d.visits.map((v) => `<tr><td>${escapeHtml(formatDateDMY(v.date))}</td><td>${escapeHtml(v.type)}</td><td>${escapeHtml(v.location)}</td></tr>`).join('')}</tbody></table>`;
  /** @param {string} title @param {string} body */
  const card = (title, body) => `<section class="omrs-card"><h2 class="omrs-card__title">${title}</h2>${body}</section>`;
  switch (view) {
    case 'vitals': return card('Vitals &amp; Biometrics', vitals);
    case 'medications': return card('Active medications', meds);
    case 'allergies': return card('Allergies', allergies);
    case 'visits': return card('Visits', visits);
    default: return card('Conditions', conditions) + card('Allergies', allergies) + card('Recent vitals', vitals) + card('Active medications', meds);
  }
}

/** @param {RosterPatient} p @param {string} view */
export function renderOpenmrsChart(p, view) {
  const known = OPENMRS_VIEWS.some((v) => v.id === view);
  return `<div class="omrs-chart">
  <nav class="omrs-chart-nav" aria-label="Patient chart">
    ${renderChartNav(p.openmrsUuid, view)}
  </nav>
  <section class="omrs-chart-view" data-view="${escapeHtml(view)}">
    ${known ? renderOpenmrsChartView(p, view) : `<div class="omrs-empty">No such chart view: ${escapeHtml(view)}</div>`}
  </section>
</div>`;
}

/** @param {string} message */
export function renderOpenmrsNotFound(message) {
  return `<div class="omrs-page"><h1 class="omrs-page-title">Not found</h1><div class="omrs-empty">${escapeHtml(message)}</div>
  <p><a href="${OPENMRS_BASE}/home" data-omrs-link>Back to Home</a></p></div>`;
}

/**
 * Everything a route renders once "loaded": the banner slot's HTML ('' when no patient is open),
 * the main area's HTML and the document title.
 * @param {RosterPatient[]} roster @param {OpenmrsRoute} route @param {Date} [now]
 * @returns {{ banner: string, main: string, title: string, patient: RosterPatient | undefined }}
 */
export function renderOpenmrsRoute(roster, route, now = new Date()) {
  switch (route.kind) {
    case 'home':
      return { banner: '', main: renderOpenmrsHome(roster, now), title: 'Home - OpenMRS', patient: undefined };
    case 'search':
      return { banner: '', main: renderOpenmrsSearch(roster, route.q, now), title: 'Search - OpenMRS', patient: undefined };
    case 'patient': {
      const p = roster.find((r) => r.openmrsUuid === route.uuid);
      if (!p) return { banner: '', main: renderOpenmrsNotFound(`No patient with UUID ${route.uuid}`), title: 'Not found - OpenMRS', patient: undefined };
      const label = OPENMRS_VIEWS.find((v) => v.id === route.view)?.label ?? 'Patient chart';
      return { banner: renderOpenmrsBanner(roster, p, now), main: renderOpenmrsChart(p, route.view), title: `${label} - OpenMRS`, patient: p };
    }
    default:
      return { banner: '', main: renderOpenmrsNotFound(`No page at ${route.path}`), title: 'Not found - OpenMRS', patient: undefined };
  }
}
