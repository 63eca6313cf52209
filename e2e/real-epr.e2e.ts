/**
 * The built extension on real EPR screens: the pages rendered by the published Medplum, OpenMRS 3 and
 * OpenEMR UI code (fixtures/real-epr), served at the addresses they have in those EPRs. For each EPR:
 * the right patient shown, their name and date of birth cross-checked against the shared record, a
 * record naming someone else hidden, and the pages that show no one patient saying why.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditEvent, Patient } from '@medplum/fhirtypes';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirSandbox, type FhirSandbox } from '../sandbox/fhir-server/server';
import { NHS_NUMBER_SYSTEM } from '../utils/shared/nhs-number';
import { configureExtension, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { until } from './helpers';
import { SidePanelPage } from './side-panel-page';

const PAGES = path.resolve(import.meta.dirname, '../fixtures/real-epr/pages');
interface FixturePage {
  file: string;
  epr: 'medplum' | 'openmrs' | 'openemr';
  path: string;
  frameOf?: string;
  expect: { kind: 'patient' | 'none' | 'list'; nhsNumber?: string; name?: string };
}
const pages = JSON.parse(readFileSync(path.join(PAGES, 'index.json'), 'utf8')) as FixturePage[];
const page = (file: string) => pages.find((p) => p.file === file)!;
/** Where the trust says the shared record keeps these EPRs' own patient ids. */
const LOCAL = 'https://fhir.example-trust.test/Id/epr-patient';

/** The fixtures' patients on the shared record, under the ids their pages show. */
const patients: Patient[] = [
  {
    resourceType: 'Patient', id: '7f1c2a9e-0001-4d6b-9a3e-5c1f00000001', name: [{ family: 'Fakeham', given: ['Ada'], prefix: ['Mrs'] }], birthDate: '1950-03-12', gender: 'female',
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9990001014' }, { system: LOCAL, value: 'PUB1001' }],
  },
  {
    // On the shared record, the NHS number 999 000 1030 belongs to someone else than the EPRs show.
    resourceType: 'Patient', id: 'not-bob', name: [{ family: 'Otherperson', given: ['Robert'] }], birthDate: '1962-08-30', gender: 'male',
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9990001030' }],
  },
  {
    resourceType: 'Patient', id: '7f1c2a9e-0003-4d6b-9a3e-5c1f00000003', name: [{ family: 'Nomark', given: ['Cleo'] }], birthDate: '1987-07-21', gender: 'female',
    identifier: [{ system: LOCAL, value: 'c5b9d1e2-0003-4f3a-8b7c-2d6e00000003' }],
  },
];

let fhir: FhirSandbox;
let eprServer: Server;
let eprBase: string;
let eb: ExtensionBrowser;
let tab: Page;
let panel: SidePanelPage;

beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: patients });
  // Each saved page at its own address in its EPR; pages sharing an address are told apart by `fixture`.
  eprServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = url.searchParams.get('fixture');
    // A page shown only in another's frame (OpenEMR's finder) is served at its own address.
    const known = pages.find((p) => p.file === file) ?? pages.find((p) => p.frameOf && p.path === url.pathname);
    if (!known) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>EPR</title><p>Start</p>');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(readFileSync(path.join(PAGES, known.file)));
  });
  await new Promise<void>((r) => eprServer.listen(0, '127.0.0.1', r));
  eprBase = `http://127.0.0.1:${(eprServer.address() as AddressInfo).port}`;
  eb = await launchWithExtension();
  await configureExtension(eb, { fhirBaseUrl: fhir.baseUrl, staleAfterSeconds: 0, eprSites: [{ origin: eprBase, readers: ['medplum-app', 'openmrs', 'openemr'], localIdSystem: LOCAL }] });
  tab = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await tab.goto(`${eprBase}/`);
  panel = await SidePanelPage.open(eb, await windowIdOf(eb, tab));
}, 120_000);

afterAll(async () => {
  await eb?.close();
  await fhir?.close();
  await new Promise((r) => eprServer?.close(r));
});

async function open(file: string): Promise<void> {
  const p = page(file);
  await tab.goto(`${eprBase}${p.path}${p.path.includes('?') ? '&' : '?'}fixture=${encodeURIComponent(file)}`);
}
const crossChecked = async () =>
  (await eb.worker()).evaluate(async () =>
    Object.values(await chrome.storage.session.get(null)).some((v) => {
      const checked = (v as { resolution?: { status: string; checked?: { name: boolean; birthDate: boolean } } })?.resolution?.checked;
      return checked?.name === true && checked.birthDate === true;
    }),
  );

describe('OpenEMR, real screens: the Patient Finder', () => {
  it('reads the list in the finder tab in front, fetches its patients ahead as one audited query, and shows no one', async () => {
    const audits = async () => (await fhir.repo.searchResources<AuditEvent>({ resourceType: 'AuditEvent' })).filter((e) => e.type.code === '110112');
    const before = (await audits()).length;
    await open('openemr-webroot-main-finder.html');
    await panel.page.waitForFunction(() => document.querySelector('[data-state="no-patient"] h1')?.textContent === 'Several patients on this page', { timeout: 15_000 });
    await until(async () => (await audits()).length > before, 'the prefetch to be audited');
    const fetched = (await audits()).slice(before).flatMap((e) => (e.entity ?? []).map((x) => x.what?.reference));
    // The shared record's patients under the NHS numbers the finder lists (999 000 1049 is not on it).
    expect(fetched.sort()).toEqual(['Patient/7f1c2a9e-0001-4d6b-9a3e-5c1f00000001', 'Patient/not-bob']);
    expect(await panel.state()).toBe('no-patient');
  });
});

describe.each([
  { epr: 'Medplum', ada: 'medplum-patient-ada.html', bob: 'medplum-patient-bob.html', cleo: 'medplum-patient-no-nhs-number.html', none: 'medplum-patient-list.html', noneTitle: 'Several patients on this page' },
  { epr: 'OpenMRS 3', ada: 'openmrs-patient-chart-ada.html', bob: 'openmrs-patient-chart-bob.html', cleo: 'openmrs-patient-chart-no-nhs-number.html', none: 'openmrs-patient-search.html', noneTitle: 'Several patients on this page' },
  // Identifiers as earlier O3 releases drew them (a tag holding only the type's name, the value beside it; a tag holding "Type:").
  { epr: 'OpenMRS 3, earlier identifier forms', ada: 'openmrs-patient-chart-ada-identifier-tag-label.html', bob: 'openmrs-patient-chart-bob-identifier-tags.html', cleo: undefined, none: 'openmrs-patient-search.html', noneTitle: 'Several patients on this page' },
  { epr: 'OpenEMR', ada: 'openemr-webroot-main-patient-local-id.html', bob: 'openemr-main-patient-nhs-pubpid.html', cleo: undefined, none: 'openemr-webroot-main-no-patient.html', noneTitle: 'No patient in view' },
])('$epr, real screens', ({ ada, bob, cleo, none, noneTitle }) => {
  it('shows the patient in view, their name and date of birth cross-checked with the record', async () => {
    await open(ada);
    await panel.waitForPatient('9990001014');
    expect(await panel.text()).toContain('FAKEHAM, Ada');
    expect(await crossChecked()).toBe(true);
  });

  it.runIf(cleo)('shows a patient with no NHS number by the id the trust says the record holds', async () => {
    await open(cleo!);
    await panel.page.waitForFunction(() => document.querySelector('[data-testid="patient-name"]')?.textContent?.includes('NOMARK, Cleo'), { timeout: 15_000 });
  });

  it('hides a record whose name is not the one on the screen', async () => {
    await open(bob);
    await panel.waitForState('mismatch');
    expect(await panel.text()).toMatch(/Bob Testwick.*Robert Otherperson/s);
    expect(await panel.state()).not.toBe('record');
  });

  it('shows no one on a page with no one patient, and says why', async () => {
    await open(none);
    await panel.page.waitForFunction((title) => document.querySelector('[data-state="no-patient"] h1')?.textContent === title, { timeout: 15_000 }, noneTitle);
    expect(await panel.state()).toBe('no-patient');
  });
});
