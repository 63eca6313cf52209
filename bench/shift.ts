/**
 * A long shift, accelerated: the built demo extension in Chromium, signed in to the sandbox, following
 * an NHS CUI page while the clinician switches patient 10,000 times (`BENCH_SHIFT_SWITCHES`), adds a
 * note to a task 500 times (`BENCH_SHIFT_TASK_ACTIONS`), and the sign-in token is renewed all along
 * (a token life of `BENCH_SHIFT_TOKEN_S` seconds, 60 by default, in place of an hour: a 12-hour shift's
 * renewals in 12 minutes). Switches are made in place, as a single-page EPR changes patient (the banner
 * rewritten); every 20th waits until the panel shows that patient.
 *
 * Measured at the start (after a warm-up) and at the end, each after a forced garbage collection (CDP
 * `HeapProfiler.collectGarbage`): the JS heap of the service worker and of the panel
 * (`Runtime.getHeapUsage`), the event listeners on each one's global object and document
 * (`DOMDebugger.getEventListeners`), and the IndexedDB usage (`navigator.storage.estimate`).
 */
import type { CDPSession, Page, Target } from 'puppeteer';
import { startSandbox, type Sandbox } from '../sandbox/index';
import type { RosterPatient } from '../sandbox/roster';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from '../e2e/extension-browser';
import { NhsCuiDriver } from '../e2e/epr-pages';
import { SidePanelPage } from '../e2e/side-panel-page';

type Report = (name: string, value: number | string) => void;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

interface Snapshot {
  workerHeapMb: number;
  panelHeapMb: number;
  workerListeners: number | undefined;
  panelListeners: number | undefined;
  idbMb: number;
}

/** The banner's fields as the NHS CUI page shows them. */
function bannerFields(p: RosterPatient) {
  return { name: `${p.family.toUpperCase()}, ${p.given}`, born: `${p.birthDate.slice(8, 10)}-${MONTHS[Number(p.birthDate.slice(5, 7)) - 1]}-${p.birthDate.slice(0, 4)}`, nhs: `${p.nhsNumber.slice(0, 3)} ${p.nhsNumber.slice(3, 6)} ${p.nhsNumber.slice(6)}` };
}

async function withSession<T>(target: Target, work: (s: CDPSession) => Promise<T>): Promise<T> {
  const session = await target.createCDPSession();
  try {
    return await work(session);
  } finally {
    await session.detach().catch(() => {});
  }
}

/** Heap after a full collection, and the listeners on the global object and (in a page) the document's tree. */
async function measureTarget(target: Target): Promise<{ heapMb: number; listeners: number | undefined }> {
  return withSession(target, async (s) => {
    await s.send('HeapProfiler.enable');
    await s.send('HeapProfiler.collectGarbage');
    await s.send('HeapProfiler.collectGarbage');
    const heap = await s.send('Runtime.getHeapUsage');
    let listeners: number | undefined = 0;
    for (const expression of ['globalThis', 'typeof document === "undefined" ? undefined : document']) {
      const { result } = await s.send('Runtime.evaluate', { expression });
      if (!result.objectId) continue;
      // A service worker has no DOMDebugger domain: its listeners are not counted (undefined).
      const found = await s.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: -1, pierce: true }).catch(() => undefined);
      listeners = found && listeners !== undefined ? listeners + found.listeners.length : undefined;
      await s.send('Runtime.releaseObject', { objectId: result.objectId });
    }
    return { heapMb: heap.usedSize / MB, listeners };
  });
}

async function snapshot(eb: ExtensionBrowser, panel: Page): Promise<Snapshot> {
  const worker = await eb.worker();
  const workerTarget = eb.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${eb.extensionId}/`))!;
  const w = await measureTarget(workerTarget);
  const p = await measureTarget(panel.target());
  const idb = await worker.evaluate(async () => {
    const estimate = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
    return estimate.usageDetails?.indexedDB ?? estimate.usage ?? 0;
  });
  return { workerHeapMb: w.heapMb, panelHeapMb: p.heapMb, workerListeners: w.listeners, panelListeners: p.listeners, idbMb: idb / MB };
}

export async function benchShift(report: Report): Promise<void> {
  const switches = Number(process.env.BENCH_SHIFT_SWITCHES ?? 10_000);
  const taskActions = Number(process.env.BENCH_SHIFT_TASK_ACTIONS ?? Math.round(switches / 20));
  const tokenLifeS = Number(process.env.BENCH_SHIFT_TOKEN_S ?? 60);
  const sandbox: Sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null, auth: { accessTokenTtlSeconds: tokenLifeS } });
  const eb = await launchWithExtension();
  const startedAt = Date.now();
  try {
    await configureExtension(eb, { ...sandboxSettings(sandbox), authIssuer: sandbox.auth!.issuer });
    const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
    const patients = sandbox.data.roster.slice(0, 6);
    await epr.openPatient(patients[0]!);
    await panel.waitForState('sign-in', 30_000);
    await panel.page.click('button[data-action="sign-in"]');
    await panel.waitForPatient(patients[0]!.nhsNumber, 30_000);

    const tokenOf = async () => (await eb.worker()).evaluate(async () => ((await chrome.storage.session.get('authTokens')).authTokens as { accessToken?: string } | undefined)?.accessToken);
    const tokens = new Set<string>();
    const noteToken = async () => {
      const t = await tokenOf().catch(() => undefined);
      if (t) tokens.add(t);
    };
    const switchTo = (p: RosterPatient) =>
      page.evaluate((f) => {
        document.querySelector('.nhsuk-patient-banner__name')!.textContent = f.name;
        document.querySelector('[data-item="born"] dd')!.textContent = f.born;
        document.querySelector('[data-item="nhs-number"] dd')!.textContent = f.nhs;
      }, bannerFields(p));
    let actionsDone = 0;
    let actionsSkipped = 0;
    let actionsFailed = 0;
    /** A note on the first pending task the panel shows for this patient (none shown: skipped). */
    const taskAction = async (n: number) => {
      const taskId = await panel.page.evaluate(() => document.querySelector('li[data-task-id] button[data-action="note"]')?.closest('li')?.getAttribute('data-task-id'));
      if (!taskId) {
        actionsSkipped++;
        return;
      }
      // The list may redraw under the click (a poll, the last note landing): that action is counted as
      // not made, and the shift goes on.
      const made = await panel.taskAction(taskId, 'note', `Shift note ${n}`).then(() => true, () => false);
      if (made) actionsDone++;
      else actionsFailed++;
    };
    const run = async (count: number, withTasks: boolean) => {
      const actionEvery = withTasks && taskActions > 0 ? Math.max(1, Math.floor(count / taskActions)) : Infinity;
      for (let i = 1; i <= count; i++) {
        const p = patients[i % patients.length]!;
        await switchTo(p);
        if (i % 20 === 0 || i % actionEvery === 0) await panel.waitForPatient(p.nhsNumber, 30_000);
        if (i % actionEvery === 0 && actionsDone + actionsSkipped + actionsFailed < taskActions) await taskAction(i);
        if (i % 200 === 0) await noteToken();
      }
    };

    // Warm-up: every patient's record cached, the panel's code loaded, the first renewals made.
    await run(60, false);
    const start = await snapshot(eb, panel.page);
    await run(switches, true);
    await panel.waitForPatient(patients[switches % patients.length]!.nhsNumber, 30_000);
    await noteToken();
    const end = await snapshot(eb, panel.page);

    report('shift-switches', switches);
    report('shift-task-actions', `${actionsDone} (${actionsSkipped} skipped: no task shown; ${actionsFailed} not made: the list redrew under the click)`);
    report('shift-minutes', round1((Date.now() - startedAt) / 60_000));
    report('shift-token-renewals', Math.max(0, tokens.size - 1));
    report('shift-heap-start-mb', `${round1(start.workerHeapMb)} (worker), ${round1(start.panelHeapMb)} (panel)`);
    report('shift-heap-end-mb', `${round1(end.workerHeapMb)} (worker), ${round1(end.panelHeapMb)} (panel)`);
    report('shift-heap-growth-mb', `${round1(end.workerHeapMb - start.workerHeapMb)} (worker), ${round1(end.panelHeapMb - start.panelHeapMb)} (panel)`);
    const count = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? 'not measurable' : `${a} → ${b}`);
    report('shift-listeners', `${count(start.workerListeners, end.workerListeners)} (worker), ${count(start.panelListeners, end.panelListeners)} (panel)`);
    report('shift-indexeddb-mb', `${round1(start.idbMb)} → ${round1(end.idbMb)}`);
  } finally {
    await eb.close();
    await sandbox.close();
  }
}
