/**
 * A Medplum-app-style EPR: routes `/medplum/Patient/<FHIR id>/<tab>` and a patient header in the
 * shape of Medplum's PatientHeader (`div.medplum-patient-header` holding `<dl><dt>Label</dt><dd>value</dd></dl>`
 * pairs: Name, DoB, Age, Gender, then one per identifier with the identifier system as its label).
 *
 *   /medplum/Patient                      a search-results list (no single patient)
 *   /medplum/Patient/<id>/timeline        one patient; also /details
 */
import type { RosterPatient } from '../roster';
import { escapeHtml } from './assets/common.js';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Medplum</title>` +
  `<style>body{font:14px system-ui,sans-serif;margin:0;background:#f8f9fa}nav{background:#fff;border-bottom:1px solid #dee2e6;padding:8px 16px}` +
  `.medplum-patient-header{display:flex;gap:20px;background:#fff;padding:8px 16px;border-bottom:1px solid #dee2e6}dl{margin:0}dt{color:#868e96;font-size:11px;text-transform:uppercase}dd{margin:0}main{padding:16px}</style></head>` +
  `<body><nav><a href="/medplum/Patient">Patients</a></nav>${body}</body></html>`;

export function renderMedplumList(roster: RosterPatient[]): string {
  const rows = roster
    .map((p) => `<tr><td><a href="/medplum/Patient/${escapeHtml(p.fhirId)}/timeline">${escapeHtml(p.given)} ${escapeHtml(p.family)}</a></td><td>${escapeHtml(p.birthDate)}</td><td>${escapeHtml(p.nhsNumber)}</td></tr>`)
    .join('');
  return page('Patient', `<main><h1>Patient</h1><table><tr><th>Name</th><th>Birth date</th><th>Identifier</th></tr>${rows}</table></main>`);
}

export function renderMedplumPatient(p: RosterPatient, now = new Date()): string {
  const age = now.getFullYear() - Number(p.birthDate.slice(0, 4)) - (now.toISOString().slice(5, 10) < p.birthDate.slice(5) ? 1 : 0);
  const dl = (label: string, value: string) => `<dl><dt>${escapeHtml(label)}</dt><dd>${escapeHtml(value)}</dd></dl>`;
  const header =
    `<div class="medplum-patient-header" data-testid="patient-header">` +
    dl('Name', `${p.given} ${p.family}`) +
    dl('DoB', p.birthDate) +
    dl('Age', `${String(age).padStart(3, '0')}Y`) +
    dl('Gender', p.gender) +
    dl('https://fhir.nhs.uk/Id/nhs-number', p.nhsNumber) +
    `</div>`;
  return page(`${p.given} ${p.family}`, `${header}<main><h2>Timeline</h2><p>No recent activity.</p></main>`);
}
