/**
 * `npm run bench`: prints one figure a line as `name: value`. Medians of several runs measured in this
 * one run; no assertions (the machines are shared and noisy).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'puppeteer';
import { configureExtension, sandboxSettings, EXTENSION_DIR, launchWithExtension, windowIdOf } from '../e2e/extension-browser';
import { NhsCuiDriver } from '../e2e/epr-pages';
import { SidePanelPage } from '../e2e/side-panel-page';
import { startSandbox } from '../sandbox/index';
import { benchHighlightsAndSync } from './highlights-and-sync';
import { benchHostCost } from './host-cost';
import { benchPush } from './push';

const root = path.resolve(import.meta.dirname, '..');
const figures: [string, number | string][] = [];
const report = (name: string, value: number | string) => {
  figures.push([name, value]);
  console.log(`${name}: ${value}`);
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

await openTimes();
await benchHostCost(report);
await benchHighlightsAndSync(report);
await benchPush(report);
sizes();

/** Cold open and warm switch back, in the NHS CUI demo EPR (full page loads, banner in the HTML). */
async function openTimes() {
  const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0 });
  const eb = await launchWithExtension();
  try {
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 600 });
    const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patients`);
    const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
    const patients = sandbox.data.roster.slice(0, 7);

    const measure = async (nhsNumber: string) => {
      const before = sandbox.fhir.requestLog.length;
      await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${nhsNumber}`);
      // The EPR shows the patient when its page's DOM (with the banner) is ready.
      const shownAt = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return performance.timeOrigin + nav.domInteractive;
      });
      const spaced = nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
      const handle = await panel.page.waitForFunction(
        (n) => document.querySelector('[data-testid="patient-nhs-number"]')?.textContent === n && performance.timeOrigin + performance.now(),
        { polling: 'mutation', timeout: 20_000 },
        spaced,
      );
      const drawnAt = (await handle.jsonValue()) as number;
      await new Promise((r) => setTimeout(r, 300)); // let any background refresh finish before counting
      // Reads of the record, apart from the AuditEvent each view posts (counted on its own).
      const made = sandbox.fhir.requestLog.slice(before);
      const audits = made.filter((r) => r.method === 'POST' && r.url.endsWith('/AuditEvent')).length;
      return { ms: drawnAt - shownAt, requests: made.length - audits, audits };
    };

    const cold: { ms: number; requests: number; audits: number }[] = [];
    for (const p of patients) {
      await epr.goToList();
      cold.push(await measure(p.nhsNumber));
    }
    const warm: { ms: number; requests: number; audits: number }[] = [];
    for (const p of patients) {
      await epr.goToList();
      warm.push(await measure(p.nhsNumber));
    }
    report('cold-open-ms', Math.round(median(cold.map((c) => c.ms))));
    report('cold-open-requests', median(cold.map((c) => c.requests)));
    report('warm-switch-ms', Math.round(median(warm.map((c) => c.ms))));
    report('warm-switch-requests', median(warm.map((c) => c.requests)));
    report('audit-events-per-view', median([...cold, ...warm].map((c) => c.audits)));
    report('open-samples', patients.length);
    void (page as Page);
  } finally {
    await eb.close();
    await sandbox.close();
  }
}

/** Built sizes, gzipped as a browser store or a policy download would move them. */
function sizes() {
  const gz = (file: string) => gzipSync(readFileSync(file)).length;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
  const all = files(EXTENSION_DIR);
  report('size-content-script-gzip-bytes', gz(path.join(EXTENSION_DIR, 'content-scripts/epr.js')));
  const html = readFileSync(path.join(EXTENSION_DIR, 'sidepanel.html'), 'utf8');
  const sidepanelFiles = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((m) => path.join(EXTENSION_DIR, m[1]!));
  const sidepanelChunks = new Set([path.join(EXTENSION_DIR, 'sidepanel.html'), ...sidepanelFiles]);
  report('size-sidepanel-gzip-bytes', [...sidepanelChunks].reduce((n, f) => n + gz(f), 0));
  report('size-background-gzip-bytes', gz(path.join(EXTENSION_DIR, 'background.js')));
  report('size-unpacked-bytes', all.reduce((n, f) => n + statSync(f).size, 0));
  execFileSync('npx', ['wxt', 'zip'], { cwd: root, stdio: 'ignore' });
  const zip = readdirSync(path.join(root, '.output')).find((f) => f.endsWith('-chrome.zip'));
  if (zip) report('size-package-zip-bytes', statSync(path.join(root, '.output', zip)).size);
}
