/**
 * The browser killed (SIGKILL) mid-write, again and again, on one profile: while a record is being
 * written (a patient opened), while a task write is going into the outbox (the server down, so it is
 * queued), and while the cache is being wiped. At each restart the server is up: every task write the
 * panel said was queued must reach the server exactly once (the outbox intact), the patient opened must
 * be drawn right (the cache consistent, or discarded and fetched again), and at the end nothing of any
 * patient shown is readable anywhere Alongside writes in the profile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Task } from '@medplum/fhirtypes';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import { demoPatient } from '../../sandbox/seed';
import { SeededRandom } from '../../sandbox/seed/random';
import { NhsCuiDriver } from '../epr-pages';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from '../extension-browser';
import { identifyingValues, scanProfile } from '../profile-scan';
import { SidePanelPage } from '../side-panel-page';

export interface KillResult {
  killRestarts: number;
  writesLost: number;
  writesDuplicated: number;
  cacheInconsistent: number;
  /** Values of the patients shown found in Alongside's files after the kills. */
  phiHits: string[];
  during: Record<string, number>;
  problems: string[];
}

const TASK_ID = 'uk-margaret-thompson-task-2';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGKILL the browser's process (no shutdown, no flush), and wait for it to be gone. */
async function kill(eb: ExtensionBrowser): Promise<void> {
  const proc = eb.browser.process();
  if (!proc?.pid) throw new Error('no browser process to kill');
  const gone = new Promise<void>((done) => (proc.exitCode !== null ? done() : proc.once('exit', () => done())));
  process.kill(proc.pid, 'SIGKILL');
  await gone;
  eb.browser.disconnect().catch(() => {});
}

export async function runKillRestarts(opts: { kills: number; seed?: number }): Promise<KillResult> {
  const random = new SeededRandom(opts.seed ?? 11);
  const sandbox: Sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  const profile = mkdtempSync(path.join(tmpdir(), 'alongside-kill-'));
  const margaret = demoPatient(sandbox.data, 'margaret-thompson');
  const roster = sandbox.data.roster.slice(0, 6);
  const shown = new Set([margaret, ...roster]);
  /** Notes the panel said were queued (or sent), by text. */
  const confirmed = new Set<string>();
  /** Notes attempted (maybe queued when the browser died). */
  const attempted = new Set<string>();
  const during: Record<string, number> = {};
  const problems: string[] = [];
  let cacheInconsistent = 0;
  let extensionId = '';
  const notes = async () => ((await sandbox.fhir.repo.readResource<Task>('Task', TASK_ID)).note ?? []).map((n) => n.text ?? '');
  let sent: string[] = [];
  try {
    for (let i = 0; i <= opts.kills; i++) {
      sandbox.fhir.setFaults({});
      const eb = await launchWithExtension({ userDataDir: profile });
      extensionId = eb.extensionId;
      if (i === 0) await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 3600 });
      const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
      await page.goto(`${sandbox.epr.baseUrl}/`);
      const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
      const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
      // After a kill: the cache (of a session whose keys died with it) is consistent or discarded, and
      // the patient is drawn right from a fresh fetch.
      try {
        await epr.openPatient(margaret);
        await panel.waitForPatient(margaret.nhsNumber, 20_000);
      } catch (err) {
        cacheInconsistent++;
        problems.push(`restart ${i}: ${(err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 300)}`);
      }
      if (i === opts.kills) {
        // The server up: every queued write reaches it (the outbox flushes as the worker starts).
        for (let t = 0; t < 120 && ![...confirmed].every((n) => sent.includes(n)); t++) {
          await sleep(500);
          sent = await notes();
        }
        await eb.close();
        break;
      }
      const what = random.pick(['record-write', 'outbox-write', 'outbox-write', 'wipe'] as const);
      during[what] = (during[what] ?? 0) + 1;
      if (what === 'record-write') {
        const p = random.pick(roster);
        void epr.openPatient(p).catch(() => {});
        await sleep(random.int(50, 600));
      } else if (what === 'outbox-write') {
        // The server down: the write is queued in the outbox, and the browser dies as (or just after) it is.
        sandbox.fhir.setFaults({ down: true });
        const note = `Kill test note ${i} ${random.int(1000, 9999)}`;
        attempted.add(note);
        await panel.openTaskForm(TASK_ID, 'note').catch(() => {});
        await panel.page.type(`li[data-task-id="${TASK_ID}"] textarea`, note).catch(() => {});
        const confirm = panel.page.click(`li[data-task-id="${TASK_ID}"] button[data-confirm="note"]`).catch(() => {});
        if (random.next() < 0.5) {
          // Queued, as the panel says, then killed.
          await confirm;
          // This note's own line, not any other waiting change (an earlier note may still be waiting).
          await panel.page
            .waitForFunction(
              (text) => [...document.querySelectorAll('li[data-write-state="waiting"]')].some((li) => li.querySelector('.task-write__what')?.textContent?.includes(text) && /Waiting to send/.test(li.textContent ?? '')),
              { timeout: 10_000 },
              note,
            )
            .then(() => confirmed.add(note))
            .catch(() => {});
        } else await sleep(random.int(0, 80));
      } else {
        void panel.clearCache().catch(() => {});
        await sleep(random.int(0, 200));
      }
      await kill(eb);
    }

    const landed = await notes();
    const writesLost = [...confirmed].filter((n) => !landed.includes(n)).length;
    const writesDuplicated = [...attempted].reduce((d, n) => d + Math.max(0, landed.filter((x) => x === n).length - 1), 0);

    const values = [...new Set([...shown].flatMap(identifyingValues))];
    const scan = scanProfile(profile, extensionId, values);
    if (!scan.searchedAlongside) problems.push('the profile had no Alongside folders to search');
    return { killRestarts: opts.kills, writesLost, writesDuplicated, cacheInconsistent, phiHits: scan.alongsideHits, during, problems };
  } finally {
    await sandbox.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
