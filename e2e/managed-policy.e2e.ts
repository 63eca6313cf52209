/**
 * The managed path in real Chromium: the extension's configuration comes from a browser policy file
 * (/etc/chromium/policies/managed/, as docs/deployment.md describes for Linux), not from the options page.
 * Needs write access to /etc/chromium (CI runs as root); skipped, saying so, where it has none.
 */
import { accessSync, constants, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { SidePanelPage } from './side-panel-page';

const POLICY_DIR = '/etc/chromium/policies/managed';
const EXTENSION_ID = 'ldnoijeblfdalhpmiaajbeheahnbccef';
const policyFile = path.join(POLICY_DIR, `alongside-e2e-${process.pid}.json`);

function canWritePolicy(): boolean {
  try {
    mkdirSync(POLICY_DIR, { recursive: true });
    accessSync(POLICY_DIR, constants.W_OK);
    // A run that was killed may have left its policy behind; it would take over every later browser.
    for (const f of readdirSync(POLICY_DIR)) if (f.startsWith('alongside-e2e-')) rmSync(path.join(POLICY_DIR, f), { force: true });
    return true;
  } catch {
    console.log(`managed-policy: skipped, ${POLICY_DIR} is not writable here`);
    return false;
  }
}

describe.runIf(canWritePolicy())('configuration by managed policy', () => {
  let sandbox: Sandbox;
  let eb: ExtensionBrowser;

  beforeAll(async () => {
    sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
    writeFileSync(
      policyFile,
      JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: { ...sandboxSettings(sandbox), staleAfterSeconds: 30 } } } }),
    );
    eb = await launchWithExtension();
  });

  afterAll(async () => {
    rmSync(policyFile, { force: true });
    await eb?.close();
    await sandbox?.close();
  });

  it('the extension has the id the policy files name, and reads its managed settings', async () => {
    expect(eb.extensionId).toBe(EXTENSION_ID);
    const w = await eb.worker();
    let managed: Record<string, unknown> = {};
    for (let i = 0; i < 50 && !managed.fhirBaseUrl; i++) {
      managed = await w.evaluate(() => chrome.storage.managed.get(null));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(managed).toEqual({ ...sandboxSettings(sandbox), staleAfterSeconds: 30 });
  });

  it('uses the managed FHIR server: a patient opens with no options set, and the options page shows it locked', async () => {
    const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patients`);
    const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    const p = sandbox.data.roster[0]!;
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
    await panel.waitForPatient(p.nhsNumber);
    expect(sandbox.fhir.requestLog.length).toBeGreaterThan(0);

    const options = await eb.browser.newPage();
    await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
    await options.waitForSelector('input[name="fhirBaseUrl"]');
    const field = await options.$eval('input[name="fhirBaseUrl"]', (el) => ({ value: (el as HTMLInputElement).value, disabled: (el as HTMLInputElement).disabled }));
    expect(field).toEqual({ value: sandbox.fhir.baseUrl, disabled: true });
    expect(await options.evaluate(() => document.body.innerText)).toContain('set by your organisation');
  });
});
