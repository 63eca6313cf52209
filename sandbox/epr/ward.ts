/**
 * "Northshire Ward Dashboard": a hash-routed single-page app in the AngularJS manner, that no built-in
 * reader knows, for the worked example in docs/epr-rules.md (a rule reading the id from the hash, and a
 * date of birth away from the sticky header). It behaves as such apps do while they load:
 *
 *   /ward/                                       the app; the route is in the hash:
 *   /ward/#/default/patients                     the ward list
 *   /ward/#/default/patient/<uuid>/dashboard     one patient (the roster's OpenMRS uuid)
 *
 * On a patient route, the dashboard `#patient-dashboard` first shows three skeleton headers
 * (`.patient-header`, "Loading…") for 400 ms, then the sticky header without its identifiers for 300 ms,
 * then the whole dashboard: the sticky header "SMITH, John · 87 y · Male" with "Hospital No PUB1001 ·
 * NHS Number 999 000 1014" (the NHS number as an extra identifier), and further down, in the
 * Demographics card, "Date of birth 17 Apr 1938". The header shows the age, never the date of birth.
 */
import type { RosterPatient } from '../roster';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** What the app's script needs of each patient (its "API"), embedded in the page. */
function wardPatients(roster: RosterPatient[]) {
  return roster.map((p) => ({
    uuid: p.openmrsUuid,
    name: `${p.family.toUpperCase()}, ${p.given}`,
    born: `${Number(p.birthDate.slice(8, 10))} ${MONTHS[Number(p.birthDate.slice(5, 7)) - 1]} ${p.birthDate.slice(0, 4)}`,
    birthDate: p.birthDate,
    gender: p.gender === 'male' ? 'Male' : p.gender === 'female' ? 'Female' : 'Other',
    hospitalNo: p.openemrPubpid,
    nhs: `${p.nhsNumber.slice(0, 3)} ${p.nhsNumber.slice(3, 6)} ${p.nhsNumber.slice(6)}`,
  }));
}

/** The whole app: one page, routed by its hash. */
export function renderWardApp(roster: RosterPatient[]): string {
  const data = JSON.stringify(wardPatients(roster)).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Northshire Ward Dashboard</title>
<style>
body{font:14px Arial,sans-serif;margin:0}
.app-bar{background:#2d3e50;color:#fff;padding:8px 12px}
.patient-header{position:sticky;top:0;background:#eef3f7;border-bottom:1px solid #c5d3de;padding:8px 12px}
.patient-header .ids{color:#555;margin-left:8px}
.skeleton{color:#999}
.card{border:1px solid #ddd;margin:12px;padding:8px 12px}
main{padding:0}
</style></head>
<body ng-app="ward">
<div class="app-bar">Northshire Ward Dashboard · <a style="color:#fff" href="#/default/patients">Ward 7</a></div>
<main id="view"></main>
<script>
(function () {
  var patients = ${data};
  var view = document.getElementById('view');
  var timers = [];
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
  function later(ms, fn) { timers.push(setTimeout(fn, ms)); }
  function age(iso) { var b = new Date(iso), n = new Date(); var a = n.getFullYear() - b.getFullYear(); if (n.getMonth() < b.getMonth() || (n.getMonth() === b.getMonth() && n.getDate() < b.getDate())) a--; return a; }
  function list() {
    view.innerHTML = '<div class="card"><h1>Ward 7</h1><table><tr><th>Patient</th><th>Bed</th></tr>' +
      patients.map(function (p, i) { return '<tr><td><a href="#/default/patient/' + p.uuid + '/dashboard">' + esc(p.name) + '</a></td><td>' + (i + 1) + '</td></tr>'; }).join('') + '</table></div>';
  }
  function header(p, withIds) {
    return '<div class="patient-header"><span class="name">' + esc(p.name) + '</span> · ' + age(p.birthDate) + ' y · ' + esc(p.gender) +
      (withIds ? '<span class="ids">Hospital No ' + esc(p.hospitalNo) + ' · NHS Number ' + esc(p.nhs) + '</span>' : '') + '</div>';
  }
  function dashboard(p) {
    // As the app loads: skeletons, then the header without identifiers, then everything.
    view.innerHTML = '<div id="patient-dashboard"><div class="patient-header skeleton">Loading…</div><div class="patient-header skeleton">Loading patient…</div><div class="patient-header skeleton">…</div></div>';
    later(400, function () { document.getElementById('patient-dashboard').innerHTML = header(p, false); });
    later(700, function () {
      document.getElementById('patient-dashboard').innerHTML = header(p, true) +
        '<div class="card"><h2>Observations</h2><p>NEWS2 1 · last set 2 hours ago</p></div>' +
        '<div class="card demographics"><h2>Demographics</h2><p>Date of birth ' + esc(p.born) + '</p><p>Gender ' + esc(p.gender) + '</p></div>';
    });
  }
  function route() {
    timers.forEach(clearTimeout); timers = [];
    var m = /^#\\/default\\/patient\\/([0-9a-f-]{36})\\/dashboard$/.exec(location.hash);
    var p = m && patients.filter(function (x) { return x.uuid === m[1]; })[0];
    if (p) dashboard(p); else list();
  }
  window.addEventListener('hashchange', route);
  if (!location.hash) location.hash = '#/default/patients'; else route();
})();
</script></body></html>`;
}
