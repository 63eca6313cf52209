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
import { LOCAL_IDENTIFIER_SYSTEMS } from '../../utils/shared/local-identifiers';
import { configureExtension, DEMO_READERS, sandboxSettings, launchWithExtension, stopWorker, windowIdOf, type ExtensionBrowser } from '../extension-browser';
import { activateTab, openTabInWindow, type BrowserTab } from '../helpers';
import { SidePanelPage } from '../side-panel-page';
import { recordGroundTruth, Timeline, type TruthEvent } from './ground-truth';
import { workBeside, type WorkBesideResult } from './work-beside';

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
  /** Times the service worker was stopped at random moments beside the steps (`workerStops`). */
  workerStops: number;
  /** Task writes and care events made beside the steps, and what became of them (`work`). */
  work?: WorkBesideResult;
}

interface EprTab extends BrowserTab {
  name: string;
  driver: EprDriver;
}

/**
 * @param opts.workerStops - also stop the service worker at random moments, beside the steps (not between
 *   them), this many times at least: the steps go on until it has been stopped that often
 * @param opts.work - then make task writes from the panel and care events on the server, the worker stopped
 *   a moment into each (e2e/stress/work-beside.ts), and count the writes lost or made twice and the events
 *   never told or told twice
 */
export async function runStress(opts: { steps: number; seed?: number; graceMs?: number; workerStops?: number; work?: boolean }): Promise<StressResult> {
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
    // The worker is stopped during the run (stop-worker): a handle to it is taken afresh each time.
    const w = { evaluate: async <A extends unknown[], R>(fn: (...args: A) => R | Promise<R>, ...args: A): Promise<R> => (await eb.worker()).evaluate(fn as never, ...(args as unknown as never[])) as Promise<R> };
    const timeline = new Timeline(events);
    const roster = sandbox.data.roster;
    const patients = roster.slice(0, 6);
    const base = sandbox.epr.baseUrl;
    // Twins and namesakes: alike in everything but one detail, each shown by their own banner.
    const alike = await lookAlikes(sandbox);

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
    // With a random source of its own: the steps are the same with or without it.
    // The work's patients are opened in a tab of its own in window 1 (the steps' tabs may be anywhere by then).
    let workTab: EprTab | undefined;
    const showRecord = async () => {
      workTab ??= await makeTab('work', windowId, (p) => new NhsCuiDriver(p, base));
      if (active !== workTab) {
        timeline.activate(workTab.name, now());
        await activateTab(eb, workTab);
        active = workTab;
      }
      await workTab.driver.openPatient(patient());
    };
    const work = opts.work ? workBeside({ eb, panel, sandbox, random: new SeededRandom((opts.seed ?? 42) + 2), patients, showRecord }) : undefined;
    // The worker stopped at random moments, whatever a step is doing (a report in flight, a fetch, a write).
    let workerStops = 0;
    let stepping = true;
    const stopper = (async () => {
      const when = new SeededRandom((opts.seed ?? 42) + 1);
      while (stepping && workerStops < (opts.workerStops ?? 0)) {
        await sleep(when.int(20, 400));
        // Counted only when a worker was running to be stopped (it may not have woken again yet).
        const running = eb.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${eb.extensionId}/`));
        if (running && (await stopWorker(eb).then(() => true, () => false))) workerStops++;
      }
    })();
    for (let step = 0; step < opts.steps || workerStops < (opts.workerStops ?? 0); step++) {
      const roll = random.next();
      let action: string;
      const startedAt = now();
      try {
        if (roll < 0.3) {
          action = 'open';
          await active.driver.openPatient(patient());
        } else if (roll < 0.38) {
          action = 'open-quickly-twice';
          void active.driver.openPatient(patient()).catch(() => {});
          await sleep(random.int(0, 60));
          await active.driver.openPatient(patient());
        } else if (roll < 0.46) {
          action = 'leave';
          await active.driver.leavePatient();
        } else if (roll < 0.52) {
          action = 'back';
          await active.page.goBack({ timeout: 5000 }).catch(() => null);
        } else if (roll < 0.56) {
          action = 'forward';
          await active.page.goForward({ timeout: 5000 }).catch(() => null);
        } else if (roll < 0.6) {
          action = 'reload';
          await active.page.reload();
        } else if (roll < 0.63) {
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
        } else if (roll < 0.69) {
          // A page on the EPR's own origin that shows NHS numbers, names and dates of birth without one
          // patient's record being open: the ground truth is no one, so anything shown is wrong.
          action = 'hostile-page';
          await active.page.goto(`${base}${hostilePage(random, patients, alike).replace('PORT', new URL(base).port)}`);
        } else if (roll < 0.74) {
          action = 'switch-tab';
          const next = random.pick(tabs.filter((t) => t !== active));
          timeline.activate(next.name, now());
          await activateTab(eb, next);
          active = next;
        } else if (roll < 0.79) {
          action = 'other-window';
          await otherWindow.driver.openPatient(patient());
        } else if (roll < 0.83) {
          // A twin or a namesake, by their own banner.
          action = 'look-alike';
          await active.page.goto(`${base}/nhs/banner?${bannerQuery(random.pick(alike))}`);
        } else if (roll < 0.87) {
          // The EPR changes patient in place, one patient and then another a frame later: the reports
          // for the two cross in the background (the newer must win).
          action = 'switch-in-place';
          const [y, x] = [random.pick([...patients, ...alike]), random.pick([...patients, ...alike])];
          if (!(await hasCuiBanner(active.page))) await active.page.goto(`${base}/nhs/banner?${bannerQuery(y)}`);
          await active.page.evaluate(
            (first, second) =>
              new Promise<void>((done) => {
                const put = (p: { name: string; born: string; nhs: string }) => {
                  document.querySelector('.nhsuk-patient-banner__name')!.textContent = p.name;
                  document.querySelector('[data-item="born"] dd')!.textContent = p.born;
                  document.querySelector('[data-item="nhs-number"] dd')!.textContent = p.nhs;
                };
                put(first);
                requestAnimationFrame(() => {
                  put(second);
                  done();
                });
              }),
            cuiFields(y),
            cuiFields(x),
          );
        } else if (roll < 0.9) {
          // The banner hidden by a class (a stylesheet rule), its text unchanged.
          action = 'hide-by-class';
          if (await hasCuiBanner(active.page)) {
            await active.page.evaluate(() => {
              document.head.insertAdjacentHTML('beforeend', '<style>.stress-gone{display:none!important}</style>');
              document.querySelector('[aria-label="Patient banner"]')!.classList.add('stress-gone');
            });
          }
        } else if (roll < 0.94) {
          // The service worker stopped, as Chrome stops it after 30 s idle: the next event wakes it.
          action = 'stop-worker';
          await stopWorker(eb);
        } else if (roll < 0.97) {
          // The content script stops (its life ended): its tab must show no one until the page is read again.
          action = 'stop-content-script';
          await stopContentScript(eb, active.page);
        } else {
          action = 'reload';
          await active.page.reload();
        }
      } catch (err) {
        // An action a clinician could not complete (a page still loading): the panel must still be right.
        if (process.env.STRESS_DEBUG_ERRORS) console.log(`interrupted #${step} on ${active.name}: ${String(err).slice(0, 200)}`);
        action = 'interrupted';
      }
      actions[action] = (actions[action] ?? 0) + 1;
      stepLog.push({ at: startedAt, step, action, tab: active.name });
      // STRESS_DEBUG=<step>: from that step on, say what the worker holds and the panel draws after each step.
      if (process.env.STRESS_DEBUG && step >= Number(process.env.STRESS_DEBUG)) {
        const sw = eb.browser.targets().filter((t) => t.type() === 'service_worker').length;
        let ctx = '';
        try {
          const ww = await Promise.race([eb.worker(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no worker')), 2000))]);
          const all = await ww.evaluate(async () => Object.entries(await chrome.storage.session.get(null)).filter(([k]) => k.startsWith('tab:')).map(([k, v]) => { const c = v as { contextId: string; rev: { life: number; n: number }; detection: { kind: string; patient?: { displayName?: string } } }; return `${k}=${c.contextId.slice(0, 6)}:${c.detection.kind}:${c.detection.patient?.displayName ?? ''}@${c.rev.life}.${c.rev.n}`; }));
          const drawn = await panel.page.evaluate(() => document.querySelector('[data-context-id]')?.getAttribute('data-context-id')?.slice(0, 6) ?? '-');
          ctx = `active=tab:${active.tabId} drawn=${drawn} ${all.join(' ')}`;
        } catch (e) {
          ctx = String(e);
        }
        console.log(`step ${step} ${action}@${active.name} sw=${sw} panel=${await shownInPanel(panel.page)} truth=${await active.page.evaluate(() => (window as unknown as { __readTruth?: () => string | null }).__readTruth?.() ?? null).catch(() => '?')} ctx=${ctx}`);
      }
      await sleep(random.int(0, 250));
      stepSamples.push({ at: now(), shown: await shownInPanel(panel.page) });
    }
    stepping = false;
    await stopper;
    // Then task writes and care events, the worker stopped a moment into each: a fifth as many rounds as stops.
    if (work) workerStops += await work.run(Math.max(10, Math.ceil((opts.workerStops ?? 0) / 5)));
    sandbox.fhir.setFaults({});
    const worked = await work?.settle();

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
    return { steps: stepLog.length, frames: frames.length, wrongFrames, stepChecks: stepSamples.length, wrongSteps, graceMs, examples, actions, workerStops, ...(worked && { work: worked }) };
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
function hostilePage(random: SeededRandom, patients: RosterPatient[], alike: Pick<RosterPatient, 'nhsNumber' | 'family' | 'given' | 'birthDate'>[]): string {
  // A twin's banner with her sister's NHS number is one of them.
  if (random.next() < 0.25) {
    const [twinA, twinB] = [alike[0]!, alike[1]!];
    return `/hostile/banner?nhs=${spaced(twinA.nhsNumber)}&name=${encodeURIComponent(`${twinB.family.toUpperCase()}, ${twinB.given}`)}&born=${cuiFields(twinB).born}`;
  }
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

type Shown = Pick<RosterPatient, 'nhsNumber' | 'family' | 'given' | 'birthDate'>;

/** How the NHS CUI banner writes a patient. */
function cuiFields(p: Shown): { name: string; born: string; nhs: string } {
  return { name: `${p.family.toUpperCase()}, ${p.given}`, born: `${p.birthDate.slice(8, 10)}-${MONTHS[Number(p.birthDate.slice(5, 7)) - 1]}-${p.birthDate.slice(0, 4)}`, nhs: spaced(p.nhsNumber) };
}
const bannerQuery = (p: Shown) => {
  const f = cuiFields(p);
  return `nhs=${encodeURIComponent(f.nhs)}&name=${encodeURIComponent(f.name)}&born=${f.born}`;
};
const hasCuiBanner = (page: Page) => page.evaluate(() => !!document.querySelector('.nhsuk-patient-banner__name')).catch(() => false);

/**
 * Twins (same surname, same date of birth, a shared middle name) and namesakes (same name, born on
 * different days), made on the shared record for the run: each must be told from the other.
 */
async function lookAlikes(sandbox: Sandbox): Promise<Shown[]> {
  const people = [
    { family: 'Hargreaves', given: ['Amelia', 'Rose'], birthDate: '2019-06-01', nhsNumber: '9990991103' },
    { family: 'Hargreaves', given: ['Isla', 'Rose'], birthDate: '2019-06-01', nhsNumber: '9990991111' },
    { family: 'Smith', given: ['John'], birthDate: '1950-03-12', nhsNumber: '9990991138' },
    { family: 'Smith', given: ['John'], birthDate: '1950-03-21', nhsNumber: '9990991146' },
  ];
  for (const p of people) {
    await sandbox.fhir.repo.createResource({ resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: p.nhsNumber }], name: [{ family: p.family, given: p.given }], birthDate: p.birthDate, gender: 'female' });
  }
  return people.map((p) => ({ nhsNumber: p.nhsNumber, family: p.family, given: p.given.join(' '), birthDate: p.birthDate }));
}

/** Ends the content script's life in `page` (as a reload of the extension, or its frame going, would). */
async function stopContentScript(eb: ExtensionBrowser, page: Page): Promise<void> {
  const cdp = await page.createCDPSession();
  try {
    const contexts: { id: number; origin: string; auxData?: { type?: string; isDefault?: boolean } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
    await cdp.send('Runtime.enable');
    const ours = () => contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(`chrome-extension://${eb.extensionId}`));
    for (let i = 0; i < 20 && !ours(); i++) await sleep(25);
    const world = ours();
    if (world) await cdp.send('Runtime.evaluate', { expression: `globalThis.__alongsidePageLife?.stop('stopped by the stress test')`, contextId: world.id });
  } finally {
    await cdp.detach();
  }
}

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
