/**
 * Opening patients, in the built extension: a patient no one has seen (cold), one seen before (warm
 * switch), and one whose list was in view first (prefetched). Each time runs from the EPR showing the
 * patient to the record drawn in the panel, and is split where the extension hands over: the page's
 * reading reaching the background (detect), the background finding the patient (resolve), the panel
 * drawing (draw).
 *
 * Two kinds of EPR page: the OpenMRS demo, a single-page app whose banner changes in place (timed from
 * the banner's change), and the NHS CUI demo, whose every patient is a page load (timed from the page's
 * DOM being ready, so the content script's start is inside the time).
 */
import type { Page } from 'puppeteer';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from '../e2e/extension-browser';
import { OpenMrsDriver } from '../e2e/epr-pages';
import { SidePanelPage } from '../e2e/side-panel-page';
import type { RosterPatient } from '../sandbox/roster';
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
    const log: { at: number; kind?: string; status?: string }[] = [];
    (globalThis as unknown as { __contextWrites: typeof log }).__contextWrites = log;
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area !== 'session') return;
      for (const [key, change] of Object.entries(changes)) {
        if (!key.startsWith('tab:')) continue;
        const ctx = change.newValue as { detection?: { kind: string }; resolution?: { status: string } } | undefined;
        log.push({ at: Date.now(), kind: ctx?.detection?.kind, status: ctx?.resolution?.status });
      }
    });
  });
}

/** Shows a patient in the EPR; answers when (epoch ms) the EPR showed them. */
type Show = () => Promise<number>;

/** A page load of the NHS CUI demo's patient page: shown when its DOM (with the banner) is ready. */
const pageLoad = (sandbox: Sandbox, page: Page, nhsNumber: string): Show => async () => {
  await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${nhsNumber}`);
  // Wall-clock times throughout (Date.now), as the worker and the panel keep them: each page's
  // performance clock drifts from the wall clock by milliseconds over minutes.
  return page.evaluate(() => Date.now() - (performance.now() - (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive));
};

/**
 * The OpenMRS demo's own navigation from its worklist to a patient's chart: shown when the patient
 * banner appears in place (seen by an observer in the page, before the EPR's click handler runs).
 */
const bannerChange = (openmrs: OpenMrsDriver, p: RosterPatient): Show => async () => {
  await openmrs.goToList();
  await openmrs.page.evaluate(() => {
    const w = window as unknown as { __bannerAt?: number };
    w.__bannerAt = undefined;
    const seen = new MutationObserver(() => {
      if (w.__bannerAt || !document.querySelector('header[aria-label="patient banner"]')) return;
      w.__bannerAt = Date.now();
      seen.disconnect();
    });
    seen.observe(document.documentElement, { childList: true, subtree: true });
  });
  await openmrs.openPatient(p);
  return openmrs.page.evaluate(() => (window as unknown as { __bannerAt: number }).__bannerAt);
};

async function openOne(eb: ExtensionBrowser, sandbox: Sandbox, panel: SidePanelPage, nhsNumber: string, show: Show): Promise<Open> {
  const w = await eb.worker();
  const before = sandbox.fhir.requestLog.length;
  const writesBefore = await w.evaluate(() => (globalThis as unknown as { __contextWrites: unknown[] }).__contextWrites.length);
  const spaced = nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
  // Drawn when the panel's banner shows the patient, seen by an observer in the panel itself (polling
  // from outside adds its own delay).
  await panel.page.evaluate((n) => {
    const w = window as unknown as { __drawnAt?: number };
    w.__drawnAt = undefined;
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid="patient-nhs-number"]')?.textContent !== n) return;
      w.__drawnAt = Date.now();
      seen.disconnect();
    });
    seen.observe(document, { subtree: true, childList: true, characterData: true });
  }, spaced);
  const shownAt = await show();
  const handle = await panel.page.waitForFunction(() => (window as unknown as { __drawnAt?: number }).__drawnAt, { timeout: 20_000 });
  const drawnAt = (await handle.jsonValue()) as number;
  // The first write with a patient seen after the EPR showed them, and the first with them found.
  const writes = (await w.evaluate((from) => (globalThis as unknown as { __contextWrites: { at: number; kind?: string; status?: string }[] }).__contextWrites.slice(from), writesBefore)).filter((x) => x.at >= shownAt && x.kind === 'patient');
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

    // Page loads (NHS CUI): cold, then each again.
    const cold: Open[] = [];
    for (const p of patients) cold.push(await openOne(eb, sandbox, panel, p.nhsNumber, pageLoad(sandbox, page, p.nhsNumber)));
    const warmLoads: Open[] = [];
    for (const p of patients) warmLoads.push(await openOne(eb, sandbox, panel, p.nhsNumber, pageLoad(sandbox, page, p.nhsNumber)));
    // Banner changes in place (OpenMRS), all patients cached by now: the warm switch.
    const openmrs = new OpenMrsDriver(page, sandbox.epr.baseUrl);
    const warm: Open[] = [];
    for (const p of patients) await openOne(eb, sandbox, panel, p.nhsNumber, bannerChange(openmrs, p));
    for (let i = 0; i < 2; i++) for (const p of patients) warm.push(await openOne(eb, sandbox, panel, p.nhsNumber, bannerChange(openmrs, p)));
    report('cold-open-ms', Math.round(median(cold.map((c) => c.ms))));
    report('cold-open-p95-ms', Math.round(p95(cold.map((c) => c.ms))));
    report('cold-open-requests', median(cold.map((c) => c.requests)));
    report('cold-open-requests-max', Math.max(...cold.map((c) => c.requests)));
    report('warm-switch-ms', Math.round(median(warm.map((c) => c.ms))));
    report('warm-switch-p95-ms', Math.round(p95(warm.map((c) => c.ms))));
    report('warm-switch-requests', median(warm.map((c) => c.requests)));
    report('warm-switch-detect-ms', Math.round(median(warm.map((c) => c.detectMs))));
    report('warm-switch-resolve-ms', Math.round(median(warm.map((c) => c.resolveMs))));
    report('warm-switch-draw-ms', Math.round(median(warm.map((c) => c.drawMs))));
    report('warm-switch-samples', warm.length);
    report('warm-page-load-ms', Math.round(median(warmLoads.map((c) => c.ms))));
    report('warm-page-load-p95-ms', Math.round(p95(warmLoads.map((c) => c.ms))));
    report('warm-page-load-detect-ms', Math.round(median(warmLoads.map((c) => c.detectMs))));
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
    const prefetchedLoads: Open[] = [];
    for (const p of listed.slice(0, 15)) prefetchedLoads.push(await openOne(eb, sandbox, panel, p.nhsNumber, pageLoad(sandbox, page, p.nhsNumber)));

    // Again in the EPR whose banner changes in place (OpenMRS): its worklist shows the NHS numbers it
    // holds (every other patient), and those patients are opened from it.
    await panel.page.evaluate(() => new Promise((r) => chrome.runtime.sendMessage({ id: 2, type: 'clearCachedData', timestamp: Date.now() }, r)));
    const withNhs = sandbox.data.roster.filter((_, i) => i % 2 === 0).slice(0, 30);
    const queriesThen = (await queries()).length;
    await page.goto(`${sandbox.epr.baseUrl}/openmrs/spa/home`);
    for (let i = 0; i < 200; i++) {
      const named = (await queries()).slice(queriesThen).flatMap((e) => (e as { entity?: unknown[] }).entity ?? []).length;
      if (named >= withNhs.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const prefetched: Open[] = [];
    for (const p of withNhs.slice(0, 15)) prefetched.push(await openOne(eb, sandbox, panel, p.nhsNumber, bannerChange(openmrs, p)));
    report('prefetched-open-ms', Math.round(median(prefetched.map((c) => c.ms))));
    report('prefetched-open-p95-ms', Math.round(p95(prefetched.map((c) => c.ms))));
    report('prefetched-open-requests', median(prefetched.map((c) => c.requests)));
    report('prefetched-open-requests-max', Math.max(...prefetched.map((c) => c.requests)));
    report('prefetched-page-load-ms', Math.round(median(prefetchedLoads.map((c) => c.ms))));
    report('prefetched-page-load-p95-ms', Math.round(p95(prefetchedLoads.map((c) => c.ms))));
    report('prefetched-page-load-requests', median(prefetchedLoads.map((c) => c.requests)));
  } finally {
    await eb.close();
    await sandbox.close();
  }
}
