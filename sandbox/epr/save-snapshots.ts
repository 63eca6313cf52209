/**
 * Saves the RENDERED DOM (document.documentElement.outerHTML once the page has rendered) of each key
 * state of the demo EPRs into sandbox/epr/__snapshots__/*.html, for unit tests of the detection readers,
 * and writes __snapshots__/README.md saying which patient each file shows.
 *
 *   npx tsx sandbox/epr/save-snapshots.ts
 *
 * Starts the EPR server on a free port with the three fictitious patients of fake-roster.ts and drives
 * Chromium (CHROMIUM_PATH, default /usr/bin/chromium) with Puppeteer through the pages as a user would.
 * Ages in the files are as of the day the script ran.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Page } from 'puppeteer';
import { formatNhsNumber } from '../../utils/shared/nhs-number.ts';
import type { RosterPatient } from '../roster.ts';
import { chartUrl, openmrsShowsNhsNumber } from './assets/openmrs-render.js';
import { fakeRoster } from './fake-roster.ts';
import { nhsGenderNotKnown } from './nhs.ts';
import { OPENEMR_MAIN } from './openemr.ts';
import { startEprSandbox } from './server.ts';

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '__snapshots__');
const SEARCH_QUERY = 'Fakeham';

async function rendered(page: Page): Promise<string> {
  return `<!DOCTYPE html>\n${await page.evaluate(() => document.documentElement.outerHTML)}\n`;
}

function who(p: RosterPatient): string {
  return `${p.title ? `${p.title} ` : ''}${p.given} ${p.family.toUpperCase()} (born ${p.birthDate}, gender ${p.gender}; ` +
    `NHS number ${formatNhsNumber(p.nhsNumber)}; OpenMRS ${p.openmrsId} / uuid ${p.openmrsUuid}; OpenEMR pid ${p.openemrPid} / ${p.openemrPubpid})`;
}

async function main(): Promise<void> {
  const roster = fakeRoster();
  const [first] = roster as [RosterPatient, ...RosterPatient[]];
  const notKnown = roster.find((p) => nhsGenderNotKnown(roster, p));
  if (!notKnown) throw new Error('no patient shows gender "Not Known"');
  const epr = await startEprSandbox({ port: 0, roster });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const files: { name: string; html: string; shows: string }[] = [];
  const errors: string[] = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800 });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    const url = (path: string) => epr.baseUrl + path;
    const omrsLoaded = '#omrs-main:not([aria-busy])';

    // OpenMRS: home, then into a chart by clicking, then search from the navbar (SPA navigation throughout).
    await page.goto(url('/openmrs/spa/home'));
    await page.waitForSelector(`${omrsLoaded} .omrs-worklist`);
    files.push({ name: 'openmrs-home.html', html: await rendered(page), shows: `No patient open: the Home "Active Visits" worklist, every patient (${roster.length}) with OpenMRS ID, and NHS Number for those at even roster positions. URL /openmrs/spa/home.` });

    await page.click(`.omrs-worklist a[href="${chartUrl(first.openmrsUuid)}"]`);
    await page.waitForSelector(`${omrsLoaded} .omrs-chart-view:not(:has(.omrs-skeleton))`);
    await page.waitForSelector('#omrs-patient-banner-slot header[aria-label="patient banner"]');
    files.push({
      name: 'openmrs-patient-chart.html',
      html: await rendered(page),
      shows: `Patient open: ${who(first)}. URL ${chartUrl(first.openmrsUuid)}. The banner shows OpenMRS ID ${first.openmrsId}` +
        (openmrsShowsNhsNumber(roster, first) ? ` and NHS Number ${formatNhsNumber(first.nhsNumber)}.` : ' only (no NHS number).'),
    });

    await page.type('#omrs-search-input', SEARCH_QUERY);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${omrsLoaded} .omrs-search-result`);
    files.push({ name: 'openmrs-search.html', html: await rendered(page), shows: `No patient open: search results for "${SEARCH_QUERY}": ${roster.filter((p) => p.family === 'Fakeham').map((p) => `${p.given} ${p.family} (${p.openmrsId})`).join(', ')}. URL /openmrs/spa/search?q=${SEARCH_QUERY}.` });

    // OpenEMR: top frame with no patient, then choose a patient in the finder iframe.
    await page.goto(url(OPENEMR_MAIN));
    const finder = await (await page.waitForSelector('iframe[name="fin"]'))?.contentFrame();
    if (!finder) throw new Error('no finder frame');
    await finder.waitForSelector('#pt_table tbody tr');
    files.push({ name: 'openemr-top-none.html', html: await rendered(page), shows: `No patient: top frame (URL ${OPENEMR_MAIN}) with #attendantData's patient blocks empty; the finder iframe lists every patient.` });
    files.push({ name: 'openemr-finder.html', html: `<!DOCTYPE html>\n${await finder.evaluate(() => document.documentElement.outerHTML)}\n`, shows: 'No patient: the finder page (iframe "fin", /openemr/interface/main/finder/dynamic_finder.php), every patient with ID, DOB and NHS number.' });

    await finder.click(`#pt_table tbody tr[data-pid="${first.openemrPid}"] a`);
    await page.waitForSelector('#attendantData [data-bind="text: pname()"]');
    const pat = await (await page.$('iframe[name="pat"]'))?.contentFrame();
    await pat?.waitForSelector('body.oe-demographics');
    files.push({ name: 'openemr-top-patient.html', html: await rendered(page), shows: `Patient set: ${who(first)}. #attendantData (OpenEMR 7.0.3's Knockout markup) reads "${first.given} ${first.family} (${first.openemrPubpid}) DOB: ${first.birthDate} Age: ..."; iframe "pat" src demographics.php?set_pid=${first.openemrPid}.` });
    if (pat) files.push({ name: 'openemr-demographics.html', html: `<!DOCTYPE html>\n${await pat.evaluate(() => document.documentElement.outerHTML)}\n`, shows: `The patient summary in iframe "pat" (demographics.php?set_pid=${first.openemrPid}): ${who(first)}.` });

    // NHS: classic pages.
    await page.goto(url('/nhs/patients'));
    files.push({ name: 'nhs-patients-list.html', html: await rendered(page), shows: `No patient open: the patient list (URL /nhs/patients), every patient with name, NHS No., born and gender; no banner.` });
    await page.click(`tr[data-nhs-number="${first.nhsNumber}"] a`);
    await page.waitForSelector('.nhsuk-patient-banner');
    files.push({ name: 'nhs-patient.html', html: await rendered(page), shows: `Patient open: ${who(first)}. URL /nhs/patient/${first.nhsNumber}. CUI banner "${first.family.toUpperCase()}, ${first.given}${first.title ? ` (${first.title})` : ''}".` });
    await page.goto(url(`/nhs/patient/${notKnown.nhsNumber}`));
    await page.waitForSelector('.nhsuk-patient-banner');
    files.push({ name: 'nhs-patient-not-known.html', html: await rendered(page), shows: `Patient open: ${who(notKnown)}. URL /nhs/patient/${notKnown.nhsNumber}. CUI banner with Gender "Not Known"${notKnown.title ? '' : ' and no title'}.` });

    // Medplum-app style: server-rendered, no script.
    await page.goto(url('/medplum/Patient'));
    files.push({ name: 'medplum-list.html', html: await rendered(page), shows: 'No patient: the Patient search list, every patient with birth date and NHS number. URL /medplum/Patient.' });
    await page.goto(url(`/medplum/Patient/${first.fhirId}/timeline`));
    await page.waitForSelector('.InfoBar_root');
    files.push({ name: 'medplum-patient.html', html: await rendered(page), shows: `Patient open: ${who(first)}. URL /medplum/Patient/${first.fhirId}/timeline. PatientHeader (InfoBar) with Name, DoB, Age, Gender and the NHS number under its system; the Timeline's history repeats the identifiers.` });

    // The hash-routed ward dashboard (docs/epr-rules.md's worked example): opened from the ward list, once loaded.
    await page.goto(url('/ward/#/default/patients'));
    await page.click(`a[href="#/default/patient/${first.openmrsUuid}/dashboard"]`);
    await page.waitForSelector('#patient-dashboard .demographics');
    files.push({ name: 'ward-dashboard.html', html: await rendered(page), shows: `Patient open: ${who(first)}. URL /ward/#/default/patient/${first.openmrsUuid}/dashboard. Sticky header "${first.family.toUpperCase()}, ${first.given} · <age> y · …" with Hospital No and NHS Number; the date of birth only in the Demographics card below.` });
  } finally {
    await browser.close();
    await epr.close();
  }
  if (errors.length) throw new Error(`page errors:\n${errors.join('\n')}`);

  mkdirSync(OUT_DIR, { recursive: true });
  for (const f of files) writeFileSync(join(OUT_DIR, f.name), f.html);
  const readme = `# Demo EPR snapshots

The rendered DOM (\`document.documentElement.outerHTML\` once the page had rendered, in Chromium) of the demo
EPR pages' key states, for unit tests of the patient-detection readers. Made by
\`npx tsx sandbox/epr/save-snapshots.ts\` (do not edit by hand; re-run it). Ages are as of the day it ran
(${new Date().toISOString().slice(0, 10)}). \`sandbox/epr/snapshots.ts\` renders the same states on the node side for any roster.

## The patients (sandbox/epr/fake-roster.ts, fictitious)

${roster.map((p, i) => `${i + 1}. ${who(p)}`).join('\n')}

## The files

| File | Shows |
| --- | --- |
${files.map((f) => `| \`${f.name}\` | ${f.shows.replace(/\|/g, '\\|')} |`).join('\n')}
`;
  writeFileSync(join(OUT_DIR, 'README.md'), readme);
  console.log(`wrote ${files.length} snapshots and README.md to ${OUT_DIR}`);
}

await main();
