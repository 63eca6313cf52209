/**
 * "Clear cached records" (what sign-out and the inactivity timeout do) really deletes the cache: with
 * the shared record unreachable afterwards, nothing of the patient can be shown.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { spaced } from './helpers';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  await configureExtension(eb, { ...sandboxSettings(sandbox) });
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

it('wipes the cache: offline afterwards, the patient cannot be shown', async () => {
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${sandbox.epr.baseUrl}/`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
  const p = sandbox.data.roster[0]!;
  await epr.openPatient(p);
  await panel.waitForPatient(p.nhsNumber);

  sandbox.fhir.setFaults({ down: true });
  await panel.clearCache();
  await panel.waitForState('offline');
  const text = await panel.text();
  expect(text).toContain('Nothing is cached');
  expect(text).not.toContain(spaced(p.nhsNumber));
  const w = await eb.worker();
  const rows = await w.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('alongside');
        open.onsuccess = () => {
          const count = open.result.transaction('records').objectStore('records').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
  expect(rows).toBe(0);
  sandbox.fhir.setFaults({});
});
