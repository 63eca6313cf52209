// @ts-check
/**
 * OpenEMR-style demo EPR: the contents of the top frame's patient header, div#attendantData.
 * Used by the top frame's script (openemr-main.js) and by the node side (../openemr.ts, ../snapshots.ts).
 * Types: openemr-render.d.ts.
 *
 * Stable markup inside #attendantData while a patient is set (no patient: #attendantData is empty):
 *   <div class="patientDataColumn">
 *     <span class="ptName">Patient: Smith, John</span> <span class="ptPubpid">(ID: PUB1001)</span>
 *   </div>
 *   <div class="patientDataColumn">
 *     <span class="ptDob">DOB: 1950-03-12 Age: 76</span>
 *   </div>
 *   <div class="patientDataColumn"><span class="ptEncounter">Selected Encounter: None</span></div>
 */
import { ageYears, escapeHtml } from './common.js';

/**
 * What the patient summary (demographics.php) hands the top frame, like OpenEMR's
 * parent.left_nav.setPatient(pname, pid, pubpid, frname, str_dob).
 * @typedef {{ pid: number, pubpid: string, fname: string, lname: string, dob: string }} OpenemrPatientData
 */

/** @param {import('../../roster.ts').RosterPatient} p @returns {OpenemrPatientData} */
export function openemrPatientData(p) {
  return { pid: p.openemrPid, pubpid: p.openemrPubpid, fname: p.given, lname: p.family, dob: p.birthDate };
}

/** "Patient: Smith, John" @param {OpenemrPatientData} d */
export function openemrNameText(d) {
  return `Patient: ${d.lname}, ${d.fname}`;
}

/** "(ID: PUB1001)" @param {OpenemrPatientData} d */
export function openemrPubpidText(d) {
  return `(ID: ${d.pubpid})`;
}

/** "DOB: 1950-03-12 Age: 76" @param {OpenemrPatientData} d @param {Date} [now] */
export function openemrDobText(d, now = new Date()) {
  return `DOB: ${d.dob} Age: ${ageYears(d.dob, now)}`;
}

/** The inner HTML of #attendantData for a patient. @param {OpenemrPatientData} d @param {Date} [now] */
export function renderAttendantPatient(d, now = new Date()) {
  return `
<div class="patientDataColumn">
  <span class="ptName">${escapeHtml(openemrNameText(d))}</span> <span class="ptPubpid">${escapeHtml(openemrPubpidText(d))}</span>
</div>
<div class="patientDataColumn">
  <span class="ptDob">${escapeHtml(openemrDobText(d, now))}</span>
</div>
<div class="patientDataColumn"><span class="ptEncounter">Selected Encounter: None</span></div>
`;
}
