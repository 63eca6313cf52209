// @ts-check
/**
 * OpenEMR-style demo EPR: the contents of the top frame's patient header, div#attendantData.
 * Used by the top frame's script (openemr-main.js) and by the node side (../openemr.ts, ../snapshots.ts).
 * Types: openemr-render.d.ts.
 *
 * The markup is OpenEMR 7.0.3's, as Knockout renders interface/main/tabs/templates/patient_data_template.php
 * (fixtures/real-epr/pages/openemr-main-*.html; sandbox/epr/real-markup.test.ts holds it to that): no
 * labels but "DOB:", the data in bound spans, updated in place when another patient is set:
 *   <span data-bind="text: pname()">Ada Fakeham</span> (<span data-bind="text: pubpid">PUB1001</span>)
 *   <span data-bind="text:patient().str_dob()"> DOB: 1950-03-12 Age: 76</span>
 * With no patient, the `<!-- ko if: patient -->` blocks are empty.
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

/** pname(): "John Smith" @param {OpenemrPatientData} d */
export function openemrNameText(d) {
  return `${d.fname} ${d.lname}`;
}

/** pubpid: "PUB1001" @param {OpenemrPatientData} d */
export function openemrPubpidText(d) {
  return d.pubpid;
}

/** str_dob(): " DOB: 1950-03-12 Age: 76" @param {OpenemrPatientData} d @param {Date} [now] */
export function openemrDobText(d, now = new Date()) {
  return ` DOB: ${d.dob} Age: ${ageYears(d.dob, now)}`;
}

/** The inner HTML of #attendantData for a patient. @param {OpenemrPatientData} d @param {Date} [now] */
export function renderAttendantPatient(d, now = new Date()) {
  return `<div class="d-lg-inline-flex w-100"><div class="flex-fill"><div class="float-left mx-2"></div><div class="form-group"> <!-- ko if: patient --> <div class="d-inline"> <a class="ptName " data-bind="click:refreshPatient,with: patient" href="#" title="To Dashboard"> <span data-bind="text: pname()">${escapeHtml(openemrNameText(d))}</span> <span class="text-muted">(<span data-bind="text: pubpid">${escapeHtml(openemrPubpidText(d))}</span>)</span> </a> </div> <div class="mt-2"> <span data-bind="text:patient().str_dob()">${escapeHtml(openemrDobText(d, now))}</span> </div> <!-- /ko --> </div></div></div>`;
}

/** The inner HTML of #attendantData with no patient set. */
export function renderAttendantEmpty() {
  return '<div class="d-lg-inline-flex w-100"><div class="flex-fill"><div class="float-left mx-2"> <!-- ko if: patient --><!-- /ko --> </div><div class="form-group"> <!-- ko if: patient --><!-- /ko --> </div></div></div>';
}
