/**
 * IndexedDB faults injected into the built extension's background (the demo build's hook,
 * `__alongsideIdbFaults`, testing/idb-faults.ts): for each, a patient is opened and the panel must show
 * the record (from the network, held in memory), say that this computer could not keep a copy, and the
 * database must be made again and working without reinstalling.
 */
import { startSandbox, type Sandbox } from '../../sandbox/index';
import type { InjectedFault } from '../../testing/idb-faults';
import { INJECTED_FAULTS } from '../../testing/idb-faults';
import { NhsCuiDriver } from '../epr-pages';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf } from '../extension-browser';
import { until } from '../helpers';
import { SidePanelPage } from '../side-panel-page';

export interface IdbFaultResult {
  handled: number;
  faults: number;
  /** Why each fault not handled was not. */
  problems: string[];
}

/** How many operations each fault spoils: enough to fail the record's write or read, few enough to recover. */
const TIMES: Record<InjectedFault, number> = { 'cannot-open': 1, aborted: 1, quota: 1, unreadable: 1, deleted: 1 };
/**
 * The record store's tables (utils/storage/db.ts). The patient's record may already be cached (the list
 * page prefetched it): then the write that fails is the view's (`views`).
 */
const RECORD_TABLES = ['records', 'syncStates', 'views'];

export async function runIdbFaults(): Promise<IdbFaultResult> {
  const sandbox: Sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  const eb = await launchWithExtension();
  const problems: string[] = [];
  let handled = 0;
  try {
    await configureExtension(eb, { ...sandboxSettings(sandbox) });
    const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    if (process.env.FAULTS_DEBUG) panel.page.on('console', (m) => console.log(`panel: ${m.text()}`)).on('pageerror', (e) => console.log(`panel error: ${String(e)}`));
    const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
    const roster = sandbox.data.roster;
    // A patient opened before any fault: the database works.
    await epr.openPatient(roster[0]!);
    await panel.waitForPatient(roster[0]!.nhsNumber);
    for (const [i, fault] of INJECTED_FAULTS.entries()) {
      const p = roster[i + 1]!;
      try {
        await epr.leavePatient();
        const w = await eb.worker();
        await until(() => w.evaluate(() => !!(globalThis as { __alongsideIdbFaults?: unknown }).__alongsideIdbFaults), 'the fault hook');
        // Aimed at the record store's tables: a write elsewhere (the audit queue, the task outbox, on an
        // alarm's timing) would otherwise take the fault first, and the record's write not fail at all.
        await w.evaluate((f, times, only) => (globalThis as unknown as { __alongsideIdbFaults: (f: string, n: number, only: string[]) => Promise<void> }).__alongsideIdbFaults(f, times, only), fault, TIMES[fault], RECORD_TABLES);
        await epr.openPatient(p);
        // Told, in the panel, of this fault, and never a blank: the record is drawn.
        await panel.page.waitForFunction((k) => document.querySelector(`[data-testid="cache-fault"][data-fault-kind="${k}"]`) !== null, { timeout: 15_000, polling: 50 }, fault);
        await panel.waitForPatient(p.nhsNumber);
        // Made again without reinstalling, and working: this patient's record is on disk again.
        await panel.page.waitForFunction((k) => document.querySelector(`[data-testid="cache-fault"][data-fault-kind="${k}"][data-recovery="recovered"]`) !== null, { timeout: 15_000, polling: 50 }, fault);
        const rows = await (await eb.worker()).evaluate(
          () =>
            new Promise<number>((resolve, reject) => {
              const open = indexedDB.open('alongside');
              open.onerror = () => reject(open.error);
              open.onsuccess = () => {
                const count = open.result.transaction('records').objectStore('records').count();
                count.onsuccess = () => {
                  open.result.close();
                  resolve(count.result);
                };
              };
            }),
        );
        if (rows < 1) throw new Error(`the database was made again but holds ${rows} records`);
        await panel.waitForPatient(p.nhsNumber);
        handled++;
      } catch (err) {
        problems.push(`${fault}: ${(err instanceof Error ? err.message : String(err)).slice(0, 120)}; state ${await panel.state().catch(() => '?')}; worker: ${await eb.worker().then((w) => w.evaluate(async () => JSON.stringify(Object.keys(((await chrome.storage.session.get('cacheFault')).cacheFault as { live?: object } | undefined)?.live ?? {})))).catch((e: unknown) => String(e))}; panel: ${(await panel.text().catch(() => '?')).replace(/\s+/g, ' ').slice(0, 900)}`);
      }
    }
    return { handled, faults: INJECTED_FAULTS.length, problems };
  } finally {
    await eb.close();
    await sandbox.close();
  }
}
