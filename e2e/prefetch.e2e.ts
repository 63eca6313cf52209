/**
 * Prefetch from the list in view, in the built extension: on a page listing patients, their records are
 * fetched ahead (audited as one query), nobody is shown or badged, and opening a listed patient asks
 * nothing more of the shared record.
 */
import type { AuditEvent } from '@medplum/fhirtypes';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import type { RosterPatient } from '../sandbox/roster';
import { UK_CORE_PATIENT_ID } from '../sandbox/seed/uk-core-patient';
import { MedplumDriver, NhsCuiDriver, OpenEmrDriver, OpenMrsDriver, type EprDriver } from './epr-pages';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { until } from './helpers';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;
let page: Page;
let panel: SidePanelPage;

/** The prefetch queries audited so far: each lists the patients fetched ahead. */
async function prefetchAudits(): Promise<string[][]> {
  const events = await sandbox.fhir.repo.searchResources<AuditEvent>({ resourceType: 'AuditEvent' });
  return events.filter((e) => e.type.code === '110112').map((e) => (e.entity ?? []).map((x) => x.what?.reference ?? '').sort());
}

const everyone = (roster: RosterPatient[]) => roster;
describe.each([
  { name: 'NHS CUI', make: (p: Page, base: string): EprDriver => new NhsCuiDriver(p, base), pick: 3, listed: everyone },
  { name: 'Medplum', make: (p: Page, base: string): EprDriver => new MedplumDriver(p, base), pick: 5, listed: everyone },
  // A worklist drawn after the page loads, showing the NHS numbers this EPR holds (every other patient's).
  { name: 'OpenMRS', make: (p: Page, base: string): EprDriver => new OpenMrsDriver(p, base), pick: 4, listed: (roster: RosterPatient[]) => roster.filter((_, i) => i % 2 === 0) },
  // The Patient Finder, in a frame of the main page, listing OpenEMR's own ids: the shared record knows
  // them for every patient but the one written in UK Core's own form (sandbox/seed/uk-core-patient.ts).
  { name: 'OpenEMR', make: (p: Page, base: string): EprDriver => new OpenEmrDriver(p, base), pick: 6, listed: (roster: RosterPatient[]) => roster.filter((p) => p.fhirId !== UK_CORE_PATIENT_ID) },
])('$name: a list of patients', ({ make, pick, listed }) => {
  // A browser of its own for each EPR: nothing cached or in view from another case.
  beforeAll(async () => {
    sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
    eb = await launchWithExtension();
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 600, prefetchMaxPatients: 30 });
    page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  });
  afterAll(async () => {
    await eb?.close();
    await sandbox?.close();
  });

  it('fetches the listed patients ahead, shows and badges no one, and a listed patient then opens with no request', async () => {
    const epr = make(page, sandbox.epr.baseUrl);
    const before = (await prefetchAudits()).length;
    await epr.goToList();
    await until(async () => (await prefetchAudits()).length > before, 'the prefetch to be audited');
    const [fetchedAhead] = (await prefetchAudits()).slice(before);
    const roster = sandbox.data.roster;
    expect(fetchedAhead).toEqual(listed(roster).map((p) => `Patient/${p.fhirId}`).sort());
    // Nobody shown, nobody counted on the badge.
    await panel.page.waitForFunction(() => document.querySelector('[data-state="no-patient"] h1')?.textContent === 'Several patients on this page');
    const w = await eb.worker();
    expect(await w.evaluate(async () => (await chrome.action.getBadgeText({})).replace(/^!\d+$/, ''))).toBe('');

    const p = roster[pick]!;
    await new Promise((r) => setTimeout(r, 500));
    sandbox.fhir.resetRequestLog();
    await epr.openPatient(p);
    await panel.waitForPatient(p.nhsNumber);
    await new Promise((r) => setTimeout(r, 500));
    // The only request: the view's own AuditEvent (a view is audited; the record came from the cache).
    expect(sandbox.fhir.requestLog.filter((r) => !r.url.endsWith('/AuditEvent'))).toEqual([]);
  });
});
