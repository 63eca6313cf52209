/**
 * The end-to-end slice in real Chromium with the built extension: for each demo EPR style, the panel
 * shows the patient in view, follows switches and tabs, clears when the patient is left, and shows the
 * cached record with an offline notice when the shared record cannot be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { startSandbox, type Sandbox } from '../sandbox/index';
import type { RosterPatient } from '../sandbox/roster';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { MedplumDriver, NhsCuiDriver, OpenEmrDriver, OpenMrsDriver, type EprDriver } from './epr-pages';
import { activateTab, openTabInWindow, spaced, type BrowserTab } from './helpers';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;
let windowId: number;
let panel: SidePanelPage;
let firstTab: Page;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0 });
  eb = await launchWithExtension();
  // staleAfterSeconds 0: every open refreshes, so the offline step really tries the server.
  await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 0 });
  firstTab = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await firstTab.goto(`${sandbox.epr.baseUrl}/`);
  windowId = await windowIdOf(eb, firstTab);
  panel = await SidePanelPage.open(eb, windowId);
});

afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

type DriverFactory = (page: Page, base: string) => EprDriver;
const STYLES: [string, DriverFactory][] = [
  ['OpenMRS', (p, b) => new OpenMrsDriver(p, b)],
  ['OpenEMR', (p, b) => new OpenEmrDriver(p, b)],
  ['NHS CUI', (p, b) => new NhsCuiDriver(p, b)],
  ['Medplum', (p, b) => new MedplumDriver(p, b)],
];

/** Two of our patients and, when ../shared is present, a Synthea one nobody here wrote. */
function patientsFor(styleIndex: number): [RosterPatient, RosterPatient] {
  const roster = sandbox.data.roster;
  const synthea = roster.filter((p) => p.source === 'synthea');
  const ours = roster.filter((p) => p.source === 'alongside');
  const a = ours[styleIndex % ours.length]!;
  const b = synthea[styleIndex] ?? ours[(styleIndex + 3) % ours.length]!;
  return [a, b];
}

async function expectNothingOf(p: RosterPatient) {
  const text = await panel.text();
  expect(text).not.toContain(spaced(p.nhsNumber));
  expect(text.toUpperCase()).not.toContain(`${p.family.toUpperCase()}, ${p.given.toUpperCase()}`);
}

describe.each(STYLES.map(([name, make], i) => ({ name, make, i })))('$name', ({ make, i }) => {
  let epr: EprDriver;
  let tab: BrowserTab;
  let a: RosterPatient;
  let b: RosterPatient;

  beforeAll(async () => {
    [a, b] = patientsFor(i);
    tab = await openTabInWindow(eb, windowId, `${sandbox.epr.baseUrl}/`);
    epr = make(tab.page, sandbox.epr.baseUrl);
    await epr.goToList();
  });

  afterAll(async () => {
    await tab.page.close();
  });

  it('shows no patient on a list of patients', async () => {
    await panel.waitForState('no-patient');
  });

  it('opens patient A: the panel shows A', async () => {
    await epr.openPatient(a);
    await panel.waitForPatient(a.nhsNumber);
    expect(await panel.asOfText()).toMatch(/Shared record as of \d{2}-\w{3}-\d{4} \d{2}:\d{2}/);
  });

  it('opens patient B: the panel shows B and nothing of A', async () => {
    await epr.openPatient(b);
    await panel.waitForPatient(b.nhsNumber);
    await expectNothingOf(a);
  });

  it('leaves the patient: the panel shows no patient data', async () => {
    await epr.leavePatient();
    await panel.waitForState('no-patient');
    await expectNothingOf(a);
    await expectNothingOf(b);
  });

  it('two tabs with different patients: the panel follows the active tab', async () => {
    await epr.openPatient(a);
    await panel.waitForPatient(a.nhsNumber);
    const other = await openTabInWindow(eb, windowId, `${sandbox.epr.baseUrl}/`);
    const otherEpr = make(other.page, sandbox.epr.baseUrl);
    await otherEpr.goToList();
    await otherEpr.openPatient(b);
    await panel.waitForPatient(b.nhsNumber);
    await expectNothingOf(a);
    await activateTab(eb, tab);
    await panel.waitForPatient(a.nhsNumber);
    await expectNothingOf(b);
    await activateTab(eb, other);
    await panel.waitForPatient(b.nhsNumber);
    await other.page.close();
    await activateTab(eb, tab);
    await panel.waitForPatient(a.nhsNumber);
  });

  it('the shared record goes down: the cached record is shown with its time and an offline notice', async () => {
    await epr.leavePatient();
    await panel.waitForState('no-patient');
    sandbox.fhir.setFaults({ down: true });
    try {
      await epr.openPatient(a);
      await panel.waitForPatient(a.nhsNumber);
      await panel.waitForOfflineNotice();
      expect(await panel.asOfText()).toMatch(/as of/);
      expect(await panel.text()).toContain('Offline');
    } finally {
      sandbox.fhir.setFaults({ down: false });
    }
    await epr.leavePatient();
  });
});
