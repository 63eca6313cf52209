/**
 * `npm run demo`: builds Alongside, starts the sandbox (FHIR server with synthetic patients, demo EPR
 * pages) and opens Chromium with the extension loaded.
 *
 * With a display: a browser window on the demo EPRs; click the Alongside toolbar button for the side
 * panel. Runs until Ctrl-C.
 * With `--headless`, or no display: walks through opening patients in each EPR and saves a screenshot
 * of each step (the EPR page with the side panel beside it), printing the folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from '../e2e/extension-browser';
import { GP_CONNECT_PATH } from '../sandbox/fhir-server/gp-connect';
import { NATIONAL_RECORDS_PATH } from '../sandbox/fhir-server/national-records';
import { NhsCuiDriver, OpenEmrDriver, OpenMrsDriver } from '../e2e/epr-pages';
import { SidePanelPage } from '../e2e/side-panel-page';
import { DEFAULT_PORTS, startSandbox, type Sandbox } from '../sandbox/index';

const args = new Set(process.argv.slice(2));
const headless = args.has('--headless') || !process.env.DISPLAY;
const root = path.resolve(import.meta.dirname, '..');

if (!args.has('--no-build')) {
  console.log('Building the extension…');
  execFileSync('npx', ['wxt', 'build', '--mode', 'demo'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

// Websocket Subscriptions on, so notifications arrive at once; `--auth` adds sign-in.
const sandbox = await startSandbox({ fhirPort: DEFAULT_PORTS.fhir, eprPort: DEFAULT_PORTS.epr, subscriptions: true, auth: args.has('--auth') });
console.log(`FHIR R4 server: ${sandbox.fhir.baseUrl} (${sandbox.data.roster.length} synthetic patients)`);
console.log(`Demo EPR pages: ${sandbox.epr.baseUrl}/`);
console.log(`Make care events happen (notifications): ${sandbox.epr.baseUrl}/control`);
if (sandbox.auth) console.log(`Sign-in server: ${sandbox.auth.issuer} (the panel asks you to sign in; no password)`);

const eb = await launchWithExtension({ headless });
// The GP's record (GP Connect) and national record pointers come from the sandbox too.
const sandboxOrigin = new URL(sandbox.fhir.baseUrl).origin;
await configureExtension(eb, {
  ...sandboxSettings(sandbox),
  gpConnectEndpoint: `${sandboxOrigin}${GP_CONNECT_PATH}`,
  nationalRecordsEndpoint: `${sandboxOrigin}${NATIONAL_RECORDS_PATH}`,
  ...(sandbox.auth ? { authIssuer: sandbox.auth.issuer } : {}),
});

if (headless) {
  await walkThrough(eb, sandbox);
  await eb.close();
  await sandbox.close();
} else {
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${sandbox.epr.baseUrl}/`);
  console.log('Chromium is open on the demo EPRs. Click the Alongside toolbar button to open the side panel.');
  console.log('Press Ctrl-C to stop.');
  const stop = () => void eb.close().then(() => sandbox.close()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  eb.browser.on('disconnected', stop);
}

/** Opens patients in each EPR and saves the EPR page with the panel beside it at every step. */
async function walkThrough(eb: ExtensionBrowser, sandbox: Sandbox): Promise<void> {
  const outDir = path.join(root, 'demo-output', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(outDir, { recursive: true });
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.setViewport({ width: 1000, height: 800 });
  await page.goto(`${sandbox.epr.baseUrl}/`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  const base = sandbox.epr.baseUrl;
  const roster = sandbox.data.roster;
  const [p1, p2, p3, p4] = roster;
  if (!p1 || !p2 || !p3 || !p4) throw new Error('The sandbox has too few patients for the demo.');
  let step = 0;
  const shot = async (name: string) => {
    const file = path.join(outDir, `${String(++step).padStart(2, '0')}-${name}.png`);
    await sideBySide(eb, page, panel.page, file);
    console.log(`  ${path.basename(file)}`);
  };

  console.log('Walking through the demo:');
  const nhs = new NhsCuiDriver(page, base);
  await nhs.goToList();
  await panel.waitForState('no-patient');
  await shot('nhs-patient-list-no-patient');
  await nhs.openPatient(p1);
  await panel.waitForPatient(p1.nhsNumber);
  await shot('nhs-patient-open');

  const openmrs = new OpenMrsDriver(page, base);
  await openmrs.goToList();
  await panel.waitForState('no-patient');
  await openmrs.openPatient(p2);
  await panel.waitForPatient(p2.nhsNumber);
  await shot('openmrs-patient-open');
  await openmrs.openPatient(p3);
  await panel.waitForPatient(p3.nhsNumber);
  await shot('openmrs-switched-patient');

  const openemr = new OpenEmrDriver(page, base);
  await openemr.goToList();
  await panel.waitForState('no-patient');
  await shot('openemr-finder-no-patient');
  await openemr.openPatient(p4);
  await panel.waitForPatient(p4.nhsNumber);
  await shot('openemr-patient-open');

  sandbox.fhir.setFaults({ down: true });
  await panel.refresh();
  await panel.waitForOfflineNotice();
  await shot('offline-cached-record');
  sandbox.fhir.setFaults({ down: false });
  await panel.refresh();

  // Working a task: accepted from the panel, on the shared record at once.
  const firstTask = await panel.page.waitForSelector('li[data-task-id] button[data-action="accept"], li[data-task-id] button[data-action="start"]');
  await firstTask?.click();
  await new Promise((r) => setTimeout(r, 1000));
  await shot('task-worked-from-the-panel');

  // A care event on the shared record becomes a notice (and a notification) within moments.
  const tasks = await eb.browser.newPage();
  await tasks.setViewport({ width: 900, height: 800 });
  await tasks.goto(`chrome-extension://${eb.extensionId}/tasks.html`);
  await tasks.click('button');
  await tasks.waitForFunction(() => document.body.innerText.includes('Checked'), { timeout: 60_000 });
  await fetch(`${new URL(sandbox.fhir.baseUrl).origin}/_sandbox/events`, { method: 'POST', body: JSON.stringify({ kind: 'admission', patientId: p4.fhirId }) });
  await tasks.waitForSelector('[data-notice-kind="admission"]', { timeout: 60_000 });
  const file = path.join(outDir, `${String(++step).padStart(2, '0')}-my-tasks-and-notices.png`);
  await tasks.screenshot({ path: file as `${string}.png` });
  console.log(`  ${path.basename(file)}`);

  // The options page: the clinician's own settings first, then the trust's (here, an unmanaged install).
  const options = await eb.browser.newPage();
  await options.setViewport({ width: 900, height: 1200 });
  await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
  await options.waitForSelector('[data-section="rule-tester"]');
  const optionsFile = path.join(outDir, `${String(++step).padStart(2, '0')}-options-page.png`);
  await options.screenshot({ path: optionsFile as `${string}.png` });
  console.log(`  ${path.basename(optionsFile)}`);

  console.log(`Saved ${step} screenshots in ${outDir}`);
}

/** One PNG of the EPR page with the side panel beside it, as a clinician sees them. */
async function sideBySide(eb: ExtensionBrowser, epr: Page, panel: Page, file: string): Promise<void> {
  const [left, right] = [await epr.screenshot({ encoding: 'base64' }), await panel.screenshot({ encoding: 'base64' })];
  const canvas = await eb.browser.newPage();
  await canvas.setViewport({ width: 1400, height: 800 });
  await canvas.setContent(
    `<body style="margin:0;display:flex;background:#ccc"><img src="data:image/png;base64,${left}" style="width:1000px;height:800px">` +
      `<img src="data:image/png;base64,${right}" style="width:400px;height:800px;border-left:2px solid #888"></body>`,
  );
  await canvas.screenshot({ path: file as `${string}.png` });
  await canvas.close();
}
