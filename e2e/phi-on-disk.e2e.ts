/**
 * No patient data readable on disk after the browser session: the browser is driven through several
 * patients in each demo EPR, closed, and every file of its profile folder is searched for every NHS
 * number, name and date of birth it showed.
 *
 * Files the browser itself keeps about the pages visited (history, session restore, caches of the EPR's
 * own pages) are the host EPR's footprint, not Alongside's, and a trust controls them by browser policy;
 * hits there are listed separately. Hits in anything Alongside writes (its IndexedDB, its extension
 * storage, its service worker) fail the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import type { RosterPatient } from '../sandbox/roster';
import { NhsCuiDriver, OpenEmrDriver, OpenMrsDriver } from './epr-pages';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf } from './extension-browser';
import { filesUnder, identifyingValues, scanProfile } from './profile-scan';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
const profile = mkdtempSync(path.join(tmpdir(), 'alongside-phi-'));

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(profile, { recursive: true, force: true });
});

it('leaves no NHS number, name or date of birth in what Alongside stores on disk', async () => {
  const eb = await launchWithExtension({ userDataDir: profile });
  const seen: RosterPatient[] = [];
  try {
    await configureExtension(eb, { ...sandboxSettings(sandbox) });
    const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    const roster = sandbox.data.roster;
    const drivers = [new NhsCuiDriver(page, sandbox.epr.baseUrl), new OpenMrsDriver(page, sandbox.epr.baseUrl), new OpenEmrDriver(page, sandbox.epr.baseUrl)];
    for (const [i, p] of roster.slice(0, 6).entries()) {
      const driver = drivers[i % drivers.length]!;
      await driver.goToList();
      await driver.openPatient(p);
      await panel.waitForPatient(p.nhsNumber);
      seen.push(p);
    }
  } finally {
    await eb.close();
  }

  const extensionId = eb.extensionId;
  const values = [...new Set(seen.flatMap(identifyingValues))].filter((v) => v.length >= 4);
  const { alongsideHits, valuesFound, browserHits } = scanProfile(profile, extensionId, values);
  console.log(`phi-on-disk: ${valuesFound.size} of ${values.length} values searched`);
  console.log(`phi-in-browser-own-files: ${[...browserHits.entries()].map(([f, n]) => `${f} (${n})`).join('; ') || 'none'}`);
  for (const h of alongsideHits) console.log(`  found: ${h}`);
  expect(seen).toHaveLength(6);
  // The extension's own folders exist, so the search really looked where Alongside writes.
  expect(filesUnder(profile).some((f) => f.includes(`chrome-extension_${extensionId}`))).toBe(true);
  expect(alongsideHits).toEqual([]);
});
