/**
 * Opening patients, in the built extension and the NHS CUI demo EPR (full page loads, the banner in the
 * page's HTML): a patient no one has seen (cold), one seen before (warm switch), and one whose list was
 * in view first (prefetched). Each time runs from the EPR showing the patient (the page's DOM ready) to
 * the record drawn in the panel, and is split where the extension hands over: the page's reading reaching
 * the background (detect), the background finding the patient (resolve), the panel drawing (draw).
 */
import type { Page } from 'puppeteer';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from '../e2e/extension-browser';
import { SidePanelPage } from '../e2e/side-panel-page';
import { startSandbox, type Sandbox } from '../sandbox/index';

type Report = (name: string, value: number) => void;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const p95 = (xs: number[]) => quantile(xs, 0.95);

interface Open {
  ms: number;
  detectMs: number;
  resolveMs: number;
  drawMs: number;
  requests: number;
}

/** Records, in the background, when each tab's context is written: with the patient seen, and found. */
async function recordContextWrites(eb: ExtensionBrowser): Promise<void> {
  const w = await eb.worker();
  await w.evaluate(() => {
    const log: { at: number; nhs?: string; status?: string }[] = [];
    (globalThis as unknown as { __contextWrites: typeof log }).__contextWrites = log;
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== 'session') return;
      for (const [key, change] of Object.entries(changes)) {
        if (!key.startsWith('tab:')) continue;
        const ctx = change.newValue as { detection?: { kind: string; patient?: { nhsNumber?: string } }; resolution?: { status: string } } | undefined;
        log.push({ at: Date.now(), nhs: ctx?.detection?.patient?.nhsNumber, status: ctx?.resolution?.status });
      }
    });
  });
}

async function openOne(eb: ExtensionBrowser, sandbox: Sandbox, page: Page, panel: SidePanelPage, nhsNumber: string): Promise<Open> {
  const w = await eb.worker();
  const before = sandbox.fhir.requestLog.length;
  const writesBefore = await w.evaluate(() => (globalThis as unknown as { __contextWrites: unknown[] }).__contextWrites.length);
  await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${nhsNumber}`);
  const shownAt = await page.evaluate(() => performance.timeOrigin + (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive);
  const spaced = nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
  const handle = await panel.page.waitForFunction(
    (n) => document.querySelector('[data-testid="patient-nhs-number"]')?.textContent === n && performance.timeOrigin + performance.now(),
    { polling: 'mutation', timeout: 20_000 },
    spaced,
  );
  const drawnAt = (await handle.jsonValue()) as number;
  const writes = (await w.evaluate((from) => (globalThis as unknown as { __contextWrites: { at: number; nhs?: string; status?: string }[] }).__contextWrites.slice(from), writesBefore)).filter((x) => x.nhs === nhsNumber);
  const seenAt = writes[0]?.at ?? drawnAt;
  const foundAt = writes.find((x) => x.status === 'found')?.at ?? drawnAt;
  await new Promise((r) => setTimeout(r, 300)); // any refresh the open started, before counting requests
  // Reads of the record; the AuditEvent each view posts is counted on its own.
  const made = sandbox.fhir.requestLog.slice(before).filter((r) => !(r.method === 'POST' && r.url.endsWith('/AuditEvent')));
  return { ms: drawnAt - shownAt, detectMs: seenAt - shownAt, resolveMs: foundAt - seenAt, drawMs: drawnAt - foundAt, requests: made.length };
}

export async function benchOpenTimes(report: Report): Promise<void> {
  const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0 });
  const eb = await launchWithExtension();
  try {
    // No prefetch for the cold and warm opens: each patient is opened straight from its own page.
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 600, prefetchMaxPatients: 0 });
    await recordContextWrites(eb);
    const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    const patients = sandbox.data.roster.slice(0, 20);

    const cold: Open[] = [];
    for (const p of patients) cold.push(await openOne(eb, sandbox, page, panel, p.nhsNumber));
    const warm: Open[] = [];
    for (const p of patients) warm.push(await openOne(eb, sandbox, page, panel, p.nhsNumber));
    report('cold-open-ms', Math.round(median(cold.map((c) => c.ms))));
    report('cold-open-p95-ms', Math.round(p95(cold.map((c) => c.ms))));
    report('cold-open-requests', median(cold.map((c) => c.requests)));
    report('warm-switch-ms', Math.round(median(warm.map((c) => c.ms))));
    report('warm-switch-p95-ms', Math.round(p95(warm.map((c) => c.ms))));
    report('warm-switch-requests', median(warm.map((c) => c.requests)));
    report('warm-switch-detect-ms', Math.round(median(warm.map((c) => c.detectMs))));
    report('warm-switch-resolve-ms', Math.round(median(warm.map((c) => c.resolveMs))));
    report('warm-switch-draw-ms', Math.round(median(warm.map((c) => c.drawMs))));
    report('open-samples', patients.length);

    // Prefetch: everything cached is wiped, the list is opened, then its patients one by one.
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 600, prefetchMaxPatients: 30 });
    await panel.page.evaluate(() => new Promise((r) => chrome.runtime.sendMessage({ id: 1, type: 'clearCachedData', timestamp: Date.now() }, r)));
    const listed = sandbox.data.roster.slice(0, 30);
    const before = sandbox.fhir.requestLog.length;
    const queries = () => sandbox.fhir.repo.searchResources({ resourceType: 'AuditEvent', filters: [{ code: 'type', operator: 'eq' as never, value: '110112' }] });
    const queriesBefore = (await queries()).length;
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patients`);
    // Done when the prefetch queries audited name every listed patient.
    for (let i = 0; i < 200; i++) {
      const named = (await queries()).slice(queriesBefore).flatMap((e) => (e as { entity?: unknown[] }).entity ?? []).length;
      if (named >= listed.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    report('prefetch-requests-per-list', sandbox.fhir.requestLog.slice(before).filter((r) => !r.url.endsWith('/AuditEvent') && !r.url.endsWith('/metadata')).length);
    report('prefetch-list-patients', listed.length);
    const prefetched: Open[] = [];
    for (const p of listed.slice(0, 15)) prefetched.push(await openOne(eb, sandbox, page, panel, p.nhsNumber));
    report('prefetched-open-ms', Math.round(median(prefetched.map((c) => c.ms))));
    report('prefetched-open-p95-ms', Math.round(p95(prefetched.map((c) => c.ms))));
    report('prefetched-open-requests', median(prefetched.map((c) => c.requests)));
  } finally {
    await eb.close();
    await sandbox.close();
  }
}
