/// <reference types="chrome" />
/**
 * The content script runs only on the EPR origins the configuration names, port included: it is
 * registered at run time, and a page on any other origin (or another port of the same host) is never read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

const registered = async () => (await eb.worker()).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []).sort());

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('reads EPR pages only on the configured origins, port included', async () => {
  const epr = new URL(sandbox.epr.baseUrl);
  expect(epr.hostname).toBe('127.0.0.1');
  // The demo build's default site: the demo EPRs on localhost:8200, nothing else.
  expect(await until(registered, (m) => m.length === 1)).toEqual(['http://localhost:8200/*']);

  // The trust names the same host on another port: this EPR's pages are not read at all.
  const otherPort = `http://127.0.0.1:${Number(epr.port) + 1}`;
  await configureExtension(eb, { ...sandboxSettings(sandbox), eprSites: [{ origin: otherPort, readers: ['nhs-cui-banner'] }] });
  expect(await until(registered, (m) => m[0] === `${otherPort}/*`)).toEqual([`${otherPort}/*`]);
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${sandbox.epr.baseUrl}/`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  const driver = new NhsCuiDriver(page, sandbox.epr.baseUrl);
  const [a] = sandbox.data.roster;
  await driver.openPatient(a!);
  await new Promise((r) => setTimeout(r, 1500));
  expect(await panel.state()).toBe('no-patient');
  expect(sandbox.fhir.requestLog.filter((r) => r.url.includes('identifier='))).toEqual([]);

  // Named: read from the next page load on.
  await configureExtension(eb, sandboxSettings(sandbox));
  expect(await until(registered, (m) => m[0] === `${epr.origin}/*`)).toEqual([`${epr.origin}/*`]);
  await page.reload();
  await panel.waitForPatient(a!.nhsNumber);
});

it('reads a page already open again when the trust changes its readers, without a reload', async () => {
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  const [, b] = sandbox.data.roster;
  await configureExtension(eb, sandboxSettings(sandbox, ['openmrs', 'nhs-cui-banner']));
  await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${b!.nhsNumber}`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  await panel.waitForPatient(b!.nhsNumber);
  // The CUI banner's reader taken off this origin: the open page is read again without it, and the patient goes.
  await configureExtension(eb, sandboxSettings(sandbox, ['openmrs']));
  expect(await until(() => panel.state(), (s) => s === 'no-patient')).toBe('no-patient');
  // Given back (its script is already on the page): read again.
  await configureExtension(eb, sandboxSettings(sandbox, ['openmrs', 'nhs-cui-banner']));
  await panel.waitForPatient(b!.nhsNumber);
});

it('a reader newly assigned to an origin reads its pages already open, without a reload', async () => {
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  const [, , c] = sandbox.data.roster;
  // The page loads with only the OpenMRS reader here: the CUI banner's script is not on it, and it shows no one.
  await configureExtension(eb, sandboxSettings(sandbox, ['openmrs']));
  await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${c!.nhsNumber}`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  await new Promise((r) => setTimeout(r, 1000));
  expect(await panel.state()).toBe('no-patient');
  expect(await page.evaluate(() => document.documentElement.outerHTML)).toContain(c!.family.toUpperCase());
  // The trust assigns the CUI banner's reader: its script is added to the open page, which is read.
  await configureExtension(eb, sandboxSettings(sandbox, ['openmrs', 'nhs-cui-banner']));
  await panel.waitForPatient(c!.nhsNumber);
});
