/**
 * The wrong-patient stress test: random sequences of clinician actions across the demo EPRs, in real
 * Chromium with the built extension, while the shared record answers with random delays (0–2 s) and
 * occasional errors. Every frame the side panel renders is recorded from inside the panel page, and
 * checked against what the EPR in the followed tab was showing.
 *
 * A frame is wrong when it shows a patient that the followed tab did not show at any moment in the
 * last `graceMs` (the time for the extension to notice a change: a frame or two for the content
 * script, a message, a storage write). Showing no one is always allowed.
 */
import type { Page } from 'puppeteer';
import { SeededRandom } from '../../sandbox/seed/random';
import { startSandbox, type Sandbox } from '../../sandbox/index';
import type { RosterPatient } from '../../sandbox/roster';
import { NhsCuiDriver, OpenEmrDriver, OpenMrsDriver, type EprDriver } from '../epr-pages';
import { LOCAL_IDENTIFIER_SYSTEMS } from '../../utils/context/adapters/local-identifiers';
import { configureExtension, DEMO_READERS, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from '../extension-browser';
import { activateTab, openTabInWindow, type BrowserTab } from '../helpers';
import { SidePanelPage } from '../side-panel-page';
import { recordGroundTruth, Timeline, type TruthEvent } from './ground-truth';

export interface StressResult {
  steps: number;
  frames: number;
  wrongFrames: number;
  /** Panel states sampled after each step (also checked). */
  stepChecks: number;
  wrongSteps: number;
  graceMs: number;
  /** A few wrong frames, for the failure message. */
  examples: string[];
  actions: Record<string, number>;
}

interface EprTab extends BrowserTab {
  name: string;
  driver: EprDriver;
}

export async function runStress(opts: { steps: number; seed?: number; graceMs?: number }): Promise<StressResult> {
  const random = new SeededRandom(opts.seed ?? 42);
  const graceMs = opts.graceMs ?? 500;
  const sandbox: Sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  const eb: ExtensionBrowser = await launchWithExtension();
  try {
    // Every reader on, the general one included, and the trust's PAS rule: the hostile pages below are
    // read by everything that could be fooled by them.
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const pasRule = {
      id: 'northshire-pas', label: 'Northshire PAS', origins: [origin], pathPrefix: '/pas/',
      urlPatientId: { pattern: '/pas/patient/([A-Za-z0-9]+)', system: LOCAL_IDENTIFIER_SYSTEMS.openemrPubpid },
      banner: { selector: '.pt-hdr', namePattern: 'Name: ([^|]+?) \\|', birthDatePattern: 'DOB (\\d{2}/\\d{2}/\\d{4})' },
    };
    await configureExtension(eb, { ...sandboxSettings(sandbox, [...DEMO_READERS, 'nhs-number-fallback']), eprRules: [pasRule], staleAfterSeconds: 5 });
    const first = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await first.goto(`${sandbox.epr.baseUrl}/`);
    const windowId = await windowIdOf(eb, first);
    const panel = await SidePanelPage.open(eb, windowId);
    await startFrameRecorder(panel.page);

    const events: TruthEvent[] = [];
    const w = await eb.worker();
    const timeline = new Timeline(events);
    const roster = sandbox.data.roster;
    const patients = roster.slice(0, 6);
    const base = sandbox.epr.baseUrl;

    let reopened = 0;
    const makeTab = async (name: string, window: number, make: (p: Page) => EprDriver): Promise<EprTab> => {
      const tab = await openTabInWindow(eb, window, `${base}/`);
      await recordGroundTruth(tab.page, name, roster, events);
      const driver = make(tab.page);
      await driver.goToList();
      return { ...tab, name, driver };
    };
    const tabs = [
      await makeTab('openmrs', windowId, (p) => new OpenMrsDriver(p, base)),
      await makeTab('nhs', windowId, (p) => new NhsCuiDriver(p, base)),
      await makeTab('openemr', windowId, (p) => new OpenEmrDriver(p, base)),
    ];
    // A second window, where the clinician also works: the panel following window 1 must ignore it.
    const otherWindowId = await w.evaluate(() => chrome.windows.create({ focused: false }).then((win) => win!.id!));
    const otherWindow = await makeTab('other-window', otherWindowId, (p) => new NhsCuiDriver(p, base));
    await first.close();

    let active = tabs[2]!;
    timeline.activate(active.name, now());
    sandbox.fhir.setFaults({ delayMs: [0, 2000], errorRate: 0.05 });

    const actions: Record<string, number> = {};
    const stepSamples: { at: number; shown: string | null }[] = [];
    const stepLog: { at: number; step: number; action: string; tab: string }[] = [];
    const patient = (): RosterPatient => random.pick(patients);
    for (let step = 0; step < opts.steps; step++) {
      const roll = random.next();
      let action: string;
      const startedAt = now();
      try {
        if (roll < 0.4) {
          action = 'open';
          await active.driver.openPatient(patient());
        } else if (roll < 0.5) {
          action = 'open-quickly-twice';
          void active.driver.openPatient(patient()).catch(() => {});
          await sleep(random.int(0, 60));
          await active.driver.openPatient(patient());
        } else if (roll < 0.6) {
          action = 'leave';
          await active.driver.leavePatient();
        } else if (roll < 0.67) {
          action = 'back';
          await active.page.goBack({ timeout: 5000 }).catch(() => null);
        } else if (roll < 0.72) {
          action = 'forward';
          await active.page.goForward({ timeout: 5000 }).catch(() => null);
        } else if (roll < 0.77) {
          action = 'reload';
          await active.page.reload();
        } else if (roll < 0.8) {
          // Close the tab in front: the browser brings another forward. Then open a new EPR tab of
          // the same kind, which comes to the front, as a clinician re-opening the record would.
          action = 'close-tab';
          const closing = active;
          tabs.splice(tabs.indexOf(closing), 1);
          const closedAt = now();
          await closing.page.close();
          const front = await w.evaluate((win) => chrome.tabs.query({ active: true, windowId: win }).then((t) => t[0]?.id), windowId);
          const shown = tabs.find((t) => t.tabId === front);
          // The browser brought that tab forward as part of the close: it is in front from then on.
          if (shown) timeline.activate(shown.name, closedAt);
          const kind = closing.name.split('_')[0]!;
          const make = kind === 'openmrs' ? (p: Page) => new OpenMrsDriver(p, base) : kind === 'nhs' ? (p: Page) => new NhsCuiDriver(p, base) : (p: Page) => new OpenEmrDriver(p, base);
          const opened = await makeTab(`${kind}_${++reopened}`, windowId, make);
          timeline.activate(opened.name, now());
          tabs.push(opened);
          active = opened;
        } else if (roll < 0.86) {
          // A page on the EPR's own origin that shows NHS numbers, names and dates of birth without one
          // patient's record being open: the ground truth is no one, so anything shown is wrong.
          action = 'hostile-page';
          await active.page.goto(`${base}${hostilePage(random, patients).replace('PORT', new URL(base).port)}`);
        } else if (roll < 0.92) {
          action = 'switch-tab';
          const next = random.pick(tabs.filter((t) => t !== active));
          timeline.activate(next.name, now());
          await activateTab(eb, next);
          active = next;
        } else {
          action = 'other-window';
          await otherWindow.driver.openPatient(patient());
        }
      } catch {
        // An action a clinician could not complete (a page still loading): the panel must still be right.
        action = 'interrupted';
      }
      actions[action] = (actions[action] ?? 0) + 1;
      stepLog.push({ at: startedAt, step, action, tab: active.name });
      await sleep(random.int(0, 250));
      stepSamples.push({ at: now(), shown: await shownInPanel(panel.page) });
    }
    sandbox.fhir.setFaults({});

    const frames = await panel.page.evaluate(() => (window as unknown as { __frames: [number, string | null][] }).__frames);
    const examples: string[] = [];
    const wrong = (at: number, shown: string | null) => {
      const ok = timeline.acceptableAt(at, graceMs);
      if (ok.has(shown)) return false;
      if (examples.length < 3) {
        const recent = stepLog.filter((l) => l.at <= at && l.at > at - 4000).map((l) => `#${l.step} ${l.action}@${l.tab} ${Math.round(l.at - at)}ms`);
        const truth = events.filter((e) => e.at <= at && e.at > at - 4000).map((e) => `${e.tab}=${e.nhs} ${Math.round(e.at - at)}ms`);
        examples.push(`panel showed ${shown}, EPR showed ${[...ok].join('/')}; steps: ${recent.join(', ')}; truth: ${truth.join(', ')}`);
      }
      return true;
    };
    const wrongFrames = frames.filter(([at, shown]) => wrong(at, shown)).length;
    const wrongSteps = stepSamples.filter((s) => wrong(s.at, s.shown)).length;
    return { steps: opts.steps, frames: frames.length, wrongFrames, stepChecks: stepSamples.length, wrongSteps, graceMs, examples, actions };
  } finally {
    await eb.close();
    await sandbox.close();
  }
}

const now = () => performance.timeOrigin + performance.now();

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const spaced = (nhs: string) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;

/**
 * One of the hostile pages (sandbox/epr/hostile.ts): a fake banner mixing two patients, a team inbox,
 * NHS numbers in free text and links, another origin's patient page in a frame, a plain header mixing
 * two patients (for the general reader), the PAS worklist whose query holds a patient page's address.
 */
function hostilePage(random: SeededRandom, patients: RosterPatient[]): string {
  const a = random.pick(patients);
  const b = random.pick(patients.filter((p) => p !== a));
  const name = encodeURIComponent(`${b.family.toUpperCase()}, ${b.given}`);
  const born = `${b.birthDate.slice(8, 10)}-${MONTHS[Number(b.birthDate.slice(5, 7)) - 1]}-${b.birthDate.slice(0, 4)}`;
  const pages = [
    `/hostile/banner?nhs=${spaced(a.nhsNumber)}&name=${name}&born=${born}`,
    '/hostile/inbox',
    '/hostile/free-text',
    // The sandbox serves 127.0.0.1; the same server as localhost is another origin.
    `/hostile/frame?src=${encodeURIComponent(`http://localhost:${'PORT'}/nhs/patient/${a.nhsNumber}`)}`,
    `/hostile/header?nhs=${spaced(a.nhsNumber)}&name=${encodeURIComponent(`${b.given} ${b.family.toUpperCase()}`)}&born=${b.birthDate.split('-').reverse().join('/')}`,
    `/pas/worklist?next=/pas/patient/${a.openemrPubpid}`,
  ];
  return random.pick(pages);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records, inside the panel page, the patient shown at every animation frame and every DOM change. */
async function startFrameRecorder(page: Page): Promise<void> {
  await page.evaluate(() => {
    const frames: [number, string | null][] = [];
    (window as unknown as { __frames: typeof frames }).__frames = frames;
    const shown = () => document.querySelector('[data-testid="patient-nhs-number"]')?.textContent?.replace(/\D/g, '') || null;
    const tick = () => {
      frames.push([performance.timeOrigin + performance.now(), shown()]);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new MutationObserver(() => frames.push([performance.timeOrigin + performance.now(), shown()])).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

async function shownInPanel(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('[data-testid="patient-nhs-number"]')?.textContent?.replace(/\D/g, '') || null);
}
