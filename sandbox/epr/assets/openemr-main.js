// @ts-check
/**
 * OpenEMR-style demo EPR: the top frame's script (main.php). Browser only.
 *
 * The top URL never changes. The patient finder lives in iframe[name="fin"]; choosing a patient loads
 * demographics.php?set_pid=N into iframe[name="pat"], and that page calls window.top.setPatient(data)
 * (like OpenEMR's left_nav.setPatient), which updates div#attendantData IN PLACE: the element is never
 * replaced, and when it already shows a patient only the text of its spans changes.
 * "Clear patient" and the Finder (menu item or tab) empty #attendantData and close the patient's tab
 * (a simplification: real OpenEMR keeps the patient selected while the finder is shown).
 */
import { openemrDobText, openemrNameText, openemrPubpidText, renderAttendantEmpty, renderAttendantPatient } from './openemr-render.js';

const attendant = /** @type {HTMLElement} */ (document.getElementById('attendantData'));
const finFrame = /** @type {HTMLIFrameElement} */ (document.getElementById('oe-frame-fin'));
const patFrame = /** @type {HTMLIFrameElement} */ (document.getElementById('oe-frame-pat'));
const finTab = /** @type {HTMLElement} */ (document.getElementById('oe-tab-fin'));
const patTab = /** @type {HTMLElement} */ (document.getElementById('oe-tab-pat'));
const DEMOGRAPHICS = '/openemr/interface/patient_file/summary/demographics.php';

/** @param {'fin' | 'pat'} which */
function activateTab(which) {
  finFrame.hidden = which !== 'fin';
  patFrame.hidden = which !== 'pat';
  finTab.classList.toggle('active', which === 'fin');
  finTab.setAttribute('aria-selected', String(which === 'fin'));
  patTab.classList.toggle('active', which === 'pat');
  patTab.setAttribute('aria-selected', String(which === 'pat'));
}

/**
 * Called by demographics.php in the pat frame once it has loaded a patient.
 * @param {import('./openemr-render.js').OpenemrPatientData} data
 */
function setPatient(data) {
  // Knockout updates the bound spans in place when the patient changes.
  const name = attendant.querySelector('[data-bind="text: pname()"]');
  const pubpid = attendant.querySelector('[data-bind="text: pubpid"]');
  const dob = attendant.querySelector('[data-bind="text:patient().str_dob()"]');
  if (name && pubpid && dob) {
    name.textContent = openemrNameText(data);
    pubpid.textContent = openemrPubpidText(data);
    dob.textContent = openemrDobText(data);
  } else {
    attendant.innerHTML = renderAttendantPatient(data);
  }
  patTab.hidden = false;
  patTab.title = `${data.lname}, ${data.fname}`;
  activateTab('pat');
}

/** Loads a patient's summary into the pat frame (it then calls setPatient). @param {number | string} pid */
function openPatient(pid) {
  patFrame.src = `${DEMOGRAPHICS}?set_pid=${encodeURIComponent(String(pid))}`;
  patTab.hidden = false;
  activateTab('pat');
}

function clearPatient() {
  attendant.innerHTML = renderAttendantEmpty();
  patFrame.src = 'about:blank';
  patTab.hidden = true;
  activateTab('fin');
}

function showFinder() {
  clearPatient();
}

Object.assign(window, { setPatient, openPatient, clearPatient, showFinder });

document.getElementById('oe-clear-patient')?.addEventListener('click', clearPatient);
document.getElementById('oe-menu-finder')?.addEventListener('click', (e) => { e.preventDefault(); showFinder(); });
finTab.addEventListener('click', () => showFinder());
patTab.addEventListener('click', () => activateTab('pat'));
for (const el of document.querySelectorAll('.oe-menu [data-unavailable]')) {
  el.addEventListener('click', (e) => e.preventDefault());
}
