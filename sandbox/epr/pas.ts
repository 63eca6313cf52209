/**
 * "Northshire PAS": a plain patient administration system that no built-in reader knows, for showing
 * that a trust-declared detection rule (docs/epr-rules.md) works without new code.
 *
 *   /pas/patients                the list
 *   /pas/patient/<hospital no.>  one patient; header `div.pt-hdr`:
 *                                "Name: SMITH, John | DOB 12/03/1950 | Hospital No: PUB1001"
 * The hospital number is the roster's OpenEMR public id (the same local id system, for the demo).
 *   /pas/workspace               the same PAS inside a frame (`iframe#pas-main`) of a page whose address
 *                                never changes: for rules with a `frame`
 */
import type { RosterPatient } from '../roster';
import { escapeHtml } from './assets/common.js';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Northshire PAS</title>` +
  `<style>body{font:14px Verdana,sans-serif;margin:0}header{background:#444;color:#fff;padding:6px 10px}.pt-hdr{background:#ffd;border-bottom:1px solid #cc9;padding:6px 10px}main{padding:10px}td,th{padding:2px 8px;text-align:left}</style></head>` +
  `<body><header>Northshire PAS · <a style="color:#fff" href="/pas/patients">Patients</a></header>${body}</body></html>`;

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

export function renderPasList(roster: RosterPatient[]): string {
  const rows = roster
    .map((p) => `<tr><td><a href="/pas/patient/${escapeHtml(p.openemrPubpid)}">${escapeHtml(p.family.toUpperCase())}, ${escapeHtml(p.given)}</a></td><td>${dmy(p.birthDate)}</td><td>${escapeHtml(p.openemrPubpid)}</td></tr>`)
    .join('');
  return page('Patients', `<main><h1>Patients</h1><table><tr><th>Name</th><th>DOB</th><th>Hospital No</th></tr>${rows}</table></main>`);
}

export function renderPasPatient(p: RosterPatient): string {
  return page(
    `${p.family}, ${p.given}`,
    `<div class="pt-hdr">Name: ${escapeHtml(p.family.toUpperCase())}, ${escapeHtml(p.given)} | DOB ${dmy(p.birthDate)} | Hospital No: ${escapeHtml(p.openemrPubpid)}</div>` +
      `<main><h1>Admissions and appointments</h1><p>No current admission.</p></main>`,
  );
}

/** The PAS inside a frame: the top page's address never changes as patients are opened in the frame. */
export function renderPasWorkspace(): string {
  return page('Workspace', '<iframe id="pas-main" title="PAS" src="/pas/patients" style="border:0;width:100%;height:90vh"></iframe>');
}
