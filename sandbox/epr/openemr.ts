/**
 * OpenEMR-style demo EPR: server-rendered pages.
 *
 *   /openemr/interface/main/tabs/main.php                          top frame; its URL never changes
 *   /openemr/interface/main/finder/dynamic_finder.php              patient finder (iframe "fin"): every patient
 *   /openemr/interface/patient_file/summary/demographics.php?set_pid=N   patient summary (iframe "pat")
 *
 * Stable markup of the top frame:
 *   div#attendantData.body_title          the patient header, in OpenEMR 7.0.3's Knockout markup (see
 *                                          assets/openemr-render.js): bound spans for the name, the public
 *                                          id and "DOB: … Age: …"; no text when no patient is set. Updated
 *                                          in place, never replaced (assets/openemr-main.js).
 *   iframe#oe-frame-fin[name="fin"]        the finder
 *   iframe#oe-frame-pat[name="pat"]        the patient summary; src demographics.php?set_pid=N (about:blank when none)
 *   #oe-tab-fin, #oe-tab-pat               the tabs; #oe-clear-patient, #oe-menu-finder clear the patient
 * Stable markup of the finder: table#pt_table, one tbody tr#pid_N[data-pid] per patient (name, External ID, DOB, sex, NHS number), as OpenEMR's DataTables rows.
 * Stable markup of the summary: body.oe-demographics[data-pid], h1.oe-dashboard-title "Medical Record Dashboard - John Smith".
 */
import type { RosterPatient } from '../roster.ts';
import { ageYears, escapeHtml, fakeClinicalData, formatDateDMY, formatNhsNumber, genderLabel } from './assets/common.js';
import { openemrPatientData, renderAttendantEmpty, renderAttendantPatient } from './assets/openemr-render.js';

export const OPENEMR_MAIN = '/openemr/interface/main/tabs/main.php';
export const OPENEMR_FINDER = '/openemr/interface/main/finder/dynamic_finder.php';
export const OPENEMR_DEMOGRAPHICS = '/openemr/interface/patient_file/summary/demographics.php';

export function demographicsUrl(pid: number): string {
  return `${OPENEMR_DEMOGRAPHICS}?set_pid=${pid}`;
}

/** JSON safe to put inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The top frame. Served with no patient (the browser sets one); `patient` renders the state after a
 * patient was chosen, for snapshots.
 */
export function renderOpenemrMain(opts: { patient?: RosterPatient; now?: Date } = {}): string {
  const p = opts.patient;
  const attendant = p ? renderAttendantPatient(openemrPatientData(p), opts.now) : renderAttendantEmpty();
  const menu = (label: string, extra = '') => `<li><a href="#" data-unavailable${extra}>${label}</a></li>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OpenEMR</title>
<link rel="stylesheet" href="/assets/openemr.css">
<script type="module" src="/assets/openemr-main.js"></script>
</head>
<body class="oe oe-main">
<div id="mainBox">
  <nav class="oe-navbar" aria-label="Main menu">
    <a class="oe-brand" href="${OPENEMR_MAIN}"><span class="oe-brand__logo" aria-hidden="true">&#10010;</span> OpenEMR</a>
    <ul class="oe-menu">
      ${menu('Calendar')}
      <li><a href="${OPENEMR_FINDER}" id="oe-menu-finder">Finder</a></li>
      ${menu('Flow')}
      ${menu('Recalls')}
      ${menu('Messages')}
      ${menu('Patient')}
      ${menu('Fees')}
      ${menu('Procedures')}
      ${menu('Reports')}
      ${menu('Admin')}
    </ul>
    <div class="oe-navbar__right">
      <button type="button" id="oe-clear-patient" class="oe-btn oe-btn--small">Clear patient</button>
      <span class="oe-user">Administrator</span>
    </div>
  </nav>
  <div id="attendantData" class="body_title acck" data-bind="template: {name: app_view_model.attendant_template_type, data: application_data}">${attendant}</div>
  <div id="tabs_div" class="oe-tabs">
    <div class="oe-tabs__bar" role="tablist">
      <button type="button" role="tab" id="oe-tab-fin" class="oe-tab${p ? '' : ' active'}" aria-selected="${p ? 'false' : 'true'}">Patient Finder</button>
      <button type="button" role="tab" id="oe-tab-pat" class="oe-tab${p ? ' active' : ''}" aria-selected="${p ? 'true' : 'false'}"${p ? '' : ' hidden'}>Dashboard</button>
    </div>
    <div id="framesDisplay">
      <iframe name="fin" id="oe-frame-fin" title="Patient Finder" src="${OPENEMR_FINDER}"${p ? ' hidden' : ''}></iframe>
      <iframe name="pat" id="oe-frame-pat" title="Dashboard" src="${p ? demographicsUrl(p.openemrPid) : 'about:blank'}"${p ? '' : ' hidden'}></iframe>
    </div>
  </div>
</div>
</body>
</html>
`;
}

function fakePhone(p: RosterPatient): string {
  const n = String(p.openemrPid * 7919 + 100000).slice(-6);
  return `01632 ${n}`;
}

/** The patient finder (iframe "fin"): all patients, with their identifiers. */
export function renderOpenemrFinder(roster: RosterPatient[]): string {
  const rows = roster.map((p) => `
      <tr id="pid_${p.openemrPid}" data-pid="${p.openemrPid}">
        <td><a href="${demographicsUrl(p.openemrPid)}">${escapeHtml(`${p.family}, ${p.given}`)}</a></td>
        <td>${escapeHtml(p.openemrPubpid)}</td>
        <td>${escapeHtml(p.birthDate)}</td>
        <td>${escapeHtml(genderLabel(p.gender))}</td>
        <td>${escapeHtml(formatNhsNumber(p.nhsNumber))}</td>
        <td>${escapeHtml(fakePhone(p))}</td>
      </tr>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Patient Finder</title>
<link rel="stylesheet" href="/assets/openemr.css">
<script type="module" src="/assets/openemr-finder.js"></script>
</head>
<body class="oe oe-frame oe-finder">
<div class="oe-frame__toolbar">
  <h1 class="oe-frame__title">Patient Finder</h1>
  <label class="oe-finder__search">Search: <input id="oe-finder-search" type="search" placeholder="Name, ID, DOB or NHS number" autocomplete="off"></label>
</div>
<table id="pt_table" class="oe-table oe-table--hover">
  <thead><tr><th>Full Name</th><th>External ID</th><th>DOB</th><th>Sex</th><th>NHS Number</th><th>Home Phone</th></tr></thead>
  <tbody>${rows}
  </tbody>
</table>
<div id="oe-finder-count" class="oe-muted">Showing ${roster.length} of ${roster.length} entries</div>
</body>
</html>
`;
}

/** The patient summary ("Dashboard", iframe "pat"); tells the top frame which patient is set. */
export function renderOpenemrDemographics(p: RosterPatient, now: Date = new Date()): string {
  const d = fakeClinicalData(p);
  const data = openemrPatientData(p);
  const card = (title: string, body: string) =>
    `<section class="oe-card"><h2 class="oe-card__title">${title}</h2><div class="oe-card__body">${body}</div></section>`;
  const list = (items: string[]) => (items.length ? `<ul class="oe-list">${items.join('')}</ul>` : '<div class="oe-muted">Nothing recorded</div>');
  const v = d.vitals[0];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Dashboard</title>
<link rel="stylesheet" href="/assets/openemr.css">
</head>
<body class="oe oe-frame oe-demographics" data-pid="${p.openemrPid}">
<div class="oe-frame__toolbar">
  <h1 class="oe-dashboard-title">Medical Record Dashboard - ${escapeHtml(`${p.given} ${p.family}`)}</h1>
  <nav class="oe-subnav" aria-label="Patient record">
    <a href="#" class="active">Dashboard</a><a href="#">History</a><a href="#">Report</a><a href="#">Documents</a><a href="#">Transactions</a><a href="#">Issues</a>
  </nav>
</div>
<div class="oe-dashboard">
  <div class="oe-dashboard__col">
    ${card('Demographics', `<table class="oe-kv">
      <tr><th>Name</th><td>${escapeHtml(`${p.title ? `${p.title} ` : ''}${p.given} ${p.family}`)}</td></tr>
      <tr><th>DOB</th><td>${escapeHtml(p.birthDate)}</td></tr>
      <tr><th>Age</th><td>${ageYears(p.birthDate, now)}</td></tr>
      <tr><th>Sex</th><td>${escapeHtml(genderLabel(p.gender))}</td></tr>
      <tr><th>External ID</th><td>${escapeHtml(p.openemrPubpid)}</td></tr>
      <tr><th>NHS Number</th><td>${escapeHtml(formatNhsNumber(p.nhsNumber))}</td></tr>
    </table>`)}
    ${card('Allergies', list(d.allergies.map((a) => `<li>${escapeHtml(a.allergen)} <span class="oe-muted">(${escapeHtml(a.reaction)})</span></li>`)))}
    ${card('Medical Problems', list(d.conditions.map((c) => `<li>${escapeHtml(c.name)} <span class="oe-muted">since ${escapeHtml(c.onset)}</span></li>`)))}
  </div>
  <div class="oe-dashboard__col">
    ${card('Medications', list(d.medications.map((m) => `<li><strong>${escapeHtml(m.name)}</strong> ${escapeHtml(m.form)} &mdash; ${escapeHtml(m.dose)}</li>`)))}
    ${v ? card('Vitals', `<table class="oe-kv">
      <tr><th>Date</th><td>${escapeHtml(v.date)}</td></tr>
      <tr><th>Blood pressure</th><td>${v.systolic}/${v.diastolic} mmHg</td></tr>
      <tr><th>Pulse</th><td>${v.pulse} /min</td></tr>
      <tr><th>Temperature</th><td>${v.temperature} &deg;C</td></tr>
      <tr><th>Weight</th><td>${v.weight} kg</td></tr>
    </table>`) : ''}
    ${card('Encounters', list(d.visits.map((e) => `<li>${escapeHtml(formatDateDMY(e.date))} &mdash; ${escapeHtml(e.location)} (${escapeHtml(e.type)})</li>`)))}
  </div>
</div>
<script>
  (function () {
    var patient = ${scriptJson(data)};
    try {
      if (window.top !== window && typeof window.top.setPatient === 'function') window.top.setPatient(patient);
    } catch (e) { /* not inside the OpenEMR top frame */ }
  })();
</script>
</body>
</html>
`;
}

export function renderOpenemrNotFound(message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenEMR</title><link rel="stylesheet" href="/assets/openemr.css"></head>
<body class="oe oe-frame"><div class="oe-alert">${escapeHtml(message)}</div></body></html>
`;
}
