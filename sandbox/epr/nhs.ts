/**
 * NHS-style demo EPR: classic multi-page, server-rendered, with the patient banner in the
 * NHS Common User Interface (CUI) format.
 *
 *   /nhs/patients                       patient list: every patient with NHS No. (no banner, no patient open)
 *   /nhs/patient/<nhsNumber>            a patient's record: CUI banner + record content (10 digits, no spaces)
 *
 * Stable markup of the banner (only on a patient's page):
 *   <section class="nhsuk-patient-banner" aria-label="Patient banner">
 *     <div class="nhsuk-patient-banner__inner">
 *       <span class="nhsuk-patient-banner__name">SMITH, John (Mr)</span>     family name uppercased; "(Title)" only if known
 *       <dl class="nhsuk-patient-banner__details">
 *         <div class="nhsuk-patient-banner__item" data-item="born">
 *           <dt class="nhsuk-patient-banner__label">Born</dt> <dd class="nhsuk-patient-banner__value">12-Mar-1950 (76y)</dd></div>
 *         ... data-item="gender"  "Gender"  "Male" | "Female" | "Indeterminate" | "Not Known"
 *         ... data-item="nhs-number"  "NHS No."  "943 476 5919"
 *   Labels have no colons; unknown values read "Not Known".
 *   Gender "Not Known": FHIR gender 'unknown' ('other' shows "Indeterminate"); and if no roster patient has
 *   gender 'unknown', the LAST roster patient's gender counts as not recorded in this EPR (nhsGenderText).
 * Stable markup of the list: table.nhs-patient-list, one tbody tr[data-nhs-number] per patient.
 */
import type { RosterPatient } from '../roster.ts';
import { escapeHtml, fakeClinicalData, formatDateDMY, formatNhsNumber } from './assets/common.js';

export const NHS_LIST = '/nhs/patients';

export function nhsPatientUrl(p: RosterPatient): string {
  return `/nhs/patient/${p.nhsNumber}`;
}

/** "SMITH, John (Mr)"; no "(...)" without a title. */
export function nhsBannerName(p: RosterPatient): string {
  return `${p.family.toUpperCase()}, ${p.given}${p.title ? ` (${p.title})` : ''}`;
}

/** True when this EPR shows the patient's gender as "Not Known" (see the file comment). */
export function nhsGenderNotKnown(roster: RosterPatient[], p: RosterPatient): boolean {
  if (p.gender === 'unknown') return true;
  if (roster.some((r) => r.gender === 'unknown')) return false;
  return roster.length > 0 && roster[roster.length - 1]?.nhsNumber === p.nhsNumber;
}

export function nhsGenderText(roster: RosterPatient[], p: RosterPatient): string {
  if (nhsGenderNotKnown(roster, p)) return 'Not Known';
  return p.gender === 'male' ? 'Male' : p.gender === 'female' ? 'Female' : 'Indeterminate';
}

/** CUI age: "76y" from 2 years, "11m" under 2 years, "20d" under a month. */
export function cuiAge(birthDate: string, now: Date = new Date()): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  if (!m) return 'Not Known';
  const born = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  let months = (now.getFullYear() - born.getFullYear()) * 12 + (now.getMonth() - born.getMonth());
  if (now.getDate() < born.getDate()) months--;
  if (months >= 24) return `${Math.floor(months / 12)}y`;
  if (months >= 1) return `${months}m`;
  return `${Math.max(0, Math.floor((now.getTime() - born.getTime()) / 86_400_000))}d`;
}

/** "12-Mar-1950 (76y)" */
export function nhsBornText(p: RosterPatient, now: Date = new Date()): string {
  return p.birthDate ? `${formatDateDMY(p.birthDate)} (${cuiAge(p.birthDate, now)})` : 'Not Known';
}

export function renderNhsBanner(roster: RosterPatient[], p: RosterPatient, now: Date = new Date()): string {
  const item = (key: string, label: string, value: string) => `
      <div class="nhsuk-patient-banner__item" data-item="${key}">
        <dt class="nhsuk-patient-banner__label">${label}</dt>
        <dd class="nhsuk-patient-banner__value">${escapeHtml(value)}</dd>
      </div>`;
  return `<section class="nhsuk-patient-banner" aria-label="Patient banner">
  <div class="nhsuk-patient-banner__inner">
    <span class="nhsuk-patient-banner__name">${escapeHtml(nhsBannerName(p))}</span>
    <dl class="nhsuk-patient-banner__details">${item('born', 'Born', nhsBornText(p, now))}${item('gender', 'Gender', nhsGenderText(roster, p))}${item('nhs-number', 'NHS No.', p.nhsNumber ? formatNhsNumber(p.nhsNumber) : 'Not Known')}
    </dl>
  </div>
</section>`;
}

function page(title: string, body: string, opts: { banner?: string } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Northshire Clinical Record</title>
<link rel="stylesheet" href="/assets/nhs.css">
</head>
<body class="nhs">
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<header class="nhsuk-header" role="banner">
  <div class="nhsuk-header__container">
    <a class="nhsuk-header__link" href="${NHS_LIST}" aria-label="Northshire Clinical Record homepage">
      <span class="nhsuk-logo" aria-hidden="true">NHS</span>
      <span class="nhsuk-header__service-name">Northshire Clinical Record</span>
    </a>
    <nav class="nhsuk-header__nav" aria-label="Primary navigation">
      <a href="${NHS_LIST}">Patients</a><a href="#">Clinics</a><a href="#">Results</a><a href="#">Sign out</a>
    </nav>
  </div>
</header>
${opts.banner ?? ''}
<main class="nhsuk-main-wrapper" id="maincontent">
${body}
</main>
<footer class="nhsuk-footer"><div class="nhsuk-footer__container">Northshire Hospitals NHS Foundation Trust &middot; Demo system: all patients are fictitious</div></footer>
</body>
</html>
`;
}

export function renderNhsPatientList(roster: RosterPatient[], now: Date = new Date()): string {
  const rows = roster.map((p) => `
      <tr data-nhs-number="${p.nhsNumber}">
        <td><a href="${nhsPatientUrl(p)}">${escapeHtml(nhsBannerName(p))}</a></td>
        <td>${escapeHtml(formatNhsNumber(p.nhsNumber))}</td>
        <td>${escapeHtml(nhsBornText(p, now))}</td>
        <td>${escapeHtml(nhsGenderText(roster, p))}</td>
      </tr>`).join('');
  return page('Patients', `<div class="nhsuk-width-container">
  <h1 class="nhsuk-heading-l">Patients</h1>
  <p class="nhsuk-body">Ward 7B &middot; ${roster.length} patients</p>
  <table class="nhsuk-table nhs-patient-list">
    <caption class="nhsuk-table__caption">Current inpatients</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">NHS No.</th><th scope="col">Born</th><th scope="col">Gender</th></tr></thead>
    <tbody>${rows}
    </tbody>
  </table>
</div>`);
}

export function renderNhsPatient(roster: RosterPatient[], p: RosterPatient, now: Date = new Date()): string {
  const d = fakeClinicalData(p);
  const li = (items: string[]) => (items.length ? `<ul class="nhsuk-list nhsuk-list--bullet">${items.join('')}</ul>` : '<p class="nhsuk-body">None recorded</p>');
  const card = (title: string, body: string) => `<section class="nhsuk-card"><div class="nhsuk-card__content"><h2 class="nhsuk-card__heading">${title}</h2>${body}</div></section>`;
  const body = `<div class="nhsuk-width-container">
  <nav class="nhsuk-breadcrumb" aria-label="Breadcrumb"><a href="${NHS_LIST}">Patients</a> &rsaquo; <span>Record</span></nav>
  <h1 class="nhsuk-heading-l">Clinical summary</h1>
  <div class="nhs-grid">
    ${card('Problems', li(d.conditions.map((c) => `<li>${escapeHtml(c.name)} <span class="nhs-muted">(${escapeHtml(c.status)}, since ${escapeHtml(formatDateDMY(c.onset))})</span></li>`)))}
    ${card('Allergies and adverse reactions', d.allergies.length ? li(d.allergies.map((a) => `<li>${escapeHtml(a.allergen)}: ${escapeHtml(a.reaction)}</li>`)) : '<p class="nhsuk-body">No known drug allergies</p>')}
    ${card('Current medications', li(d.medications.map((m) => `<li><strong>${escapeHtml(m.name)}</strong> ${escapeHtml(m.form)}: ${escapeHtml(m.dose)}</li>`)))}
    ${card('Observations', `<table class="nhsuk-table"><thead><tr><th>Date</th><th>BP</th><th>Pulse</th><th>SpO&#8322;</th><th>Temp</th></tr></thead><tbody>${d.vitals.map((v) => `<tr><td>${escapeHtml(formatDateDMY(v.date))}</td><td>${v.systolic}/${v.diastolic}</td><td>${v.pulse}</td><td>${v.spo2}%</td><td>${v.temperature}</td></tr>`).join('')}</tbody></table>`)}
    ${card('Encounters', li(d.visits.map((v) => `<li>${escapeHtml(formatDateDMY(v.date))}: ${escapeHtml(v.location)} (${escapeHtml(v.type)})</li>`)))}
  </div>
</div>`;
  return page(nhsBannerName(p), body, { banner: renderNhsBanner(roster, p, now) });
}

export function renderNhsNotFound(message: string): string {
  return page('Not found', `<div class="nhsuk-width-container"><h1 class="nhsuk-heading-l">Patient not found</h1><p class="nhsuk-body">${escapeHtml(message)}</p><p><a href="${NHS_LIST}">Back to patients</a></p></div>`);
}
