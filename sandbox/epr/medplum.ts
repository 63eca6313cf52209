/**
 * A Medplum-app-style EPR: routes `/medplum/Patient/<FHIR id>/<tab>` and the patient header in the
 * markup Medplum's published PatientHeader renders (an InfoBar of key/value entries: Name, DoB, Age,
 * Gender, then one per identifier keyed by its system; sandbox/epr/real-markup.test.ts holds it to the
 * real rendering), above the Timeline.
 *
 *   /medplum/Patient                      a search-results list (no single patient)
 *   /medplum/Patient/<id>/timeline        one patient; also /details
 */
import type { RosterPatient } from '../roster';
import { escapeHtml } from './assets/common.js';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Medplum</title>` +
  `<style>body{font:14px system-ui,sans-serif;margin:0;background:#f8f9fa}nav{background:#fff;border-bottom:1px solid #dee2e6;padding:8px 16px}` +
  `.InfoBar_root{display:flex;gap:20px;align-items:center;background:#fff;padding:8px 16px;border-bottom:1px solid #dee2e6}.InfoBar_key{color:#868e96;font-size:11px;text-transform:uppercase}.mantine-Avatar-placeholder{display:grid;place-items:center;width:40px;height:40px;border-radius:50%;background:#e7f5ff;color:#1c7ed6}main{padding:0 0 16px}main>h2,.Timeline{padding:0 16px}dt{color:#868e96}dd{margin:0 0 4px}</style></head>` +
  `<body><nav><a href="/medplum/Patient">Patients</a></nav>${body}</body></html>`;

export function renderMedplumList(roster: RosterPatient[]): string {
  const rows = roster
    .map((p) => `<tr><td><a href="/medplum/Patient/${escapeHtml(p.fhirId)}/timeline">${escapeHtml(p.given)} ${escapeHtml(p.family)}</a></td><td>${escapeHtml(p.birthDate)}</td><td>${escapeHtml(p.nhsNumber)}</td></tr>`)
    .join('');
  return page('Patient', `<main><h1>Patient</h1><table><tr><th>Name</th><th>Birth date</th><th>Identifier</th></tr>${rows}</table></main>`);
}

export function renderMedplumPatient(p: RosterPatient, now = new Date()): string {
  const age = now.getFullYear() - Number(p.birthDate.slice(0, 4)) - (now.toISOString().slice(5, 10) < p.birthDate.slice(5) ? 1 : 0);
  // Medplum writes a name with its prefix, and the avatar shows its first and last words' initials.
  const name = [p.title, p.given, p.family].filter(Boolean).join(' ');
  const words = name.split(' ');
  const entry = (key: string, value: string) => `<div class="InfoBar_entry"><div class="InfoBar_key">${escapeHtml(key)}</div><div class="InfoBar_value">${value}</div></div>`;
  // PatientHeader as @medplum/react 5.2 renders it (fixtures/real-epr/pages/medplum-patient-*.html): an
  // avatar titled with the name, then key/value entries, one per identifier keyed by its system.
  const header =
    `<div class="InfoBar_root"><div class="mantine-Avatar-root"><span class="mantine-Avatar-placeholder" title="${escapeHtml(name)}">${escapeHtml(`${words[0]![0]}${words.at(-1)![0]}`.toUpperCase())}</span></div>` +
    entry('Name', `<a href="/medplum/Patient/${escapeHtml(p.fhirId)}">${escapeHtml(name)}</a>`) +
    entry('DoB', escapeHtml(p.birthDate)) +
    entry('Age', `${String(age).padStart(3, '0')}Y`) +
    entry('Gender', escapeHtml(p.gender)) +
    entry('https://fhir.nhs.uk/Id/nhs-number', escapeHtml(p.nhsNumber)) +
    `</div>`;
  // The Timeline's history entry repeats the identifiers (a description list): history, not the banner.
  const history = `<div class="Timeline"><p>Created</p><dl class="DescriptionList_root"><dt>Identifier</dt><dd>https://fhir.nhs.uk/Id/nhs-number: ${escapeHtml(p.nhsNumber)}</dd><dt>Name</dt><dd>${escapeHtml(name)}</dd></dl></div>`;
  return page(name, `<main>${header}<h2>Timeline</h2>${history}</main>`);
}
