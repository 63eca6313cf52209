/// <reference types="chrome" />
/**
 * WCAG 2.2 AA in the built extension (NHS services must meet it): axe-core finds no violation in the
 * side panel in each of its states, on the options page or in My tasks; and the checker is shown to
 * catch a violation in these pages, so a pass means something. The run ends printing
 * `axe-violations: V of N` (N: the pages × states checked).
 */
import type { Patient, Task } from '@medplum/fhirtypes';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../utils/shared/nhs-number';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { demoPatient } from '../sandbox/seed';
import { NhsCuiDriver } from './epr-pages';
import { AxeTally, axeViolations, describeViolations } from './axe';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { until } from './helpers';
import { SidePanelPage } from './side-panel-page';

const tally = new AxeTally();
let sandbox: Sandbox;
let eb: ExtensionBrowser;
let eprPage: Page;
let epr: NhsCuiDriver;
let panel: SidePanelPage;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  eprPage = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await eprPage.goto(`${sandbox.epr.baseUrl}/`);
  epr = new NhsCuiDriver(eprPage, sandbox.epr.baseUrl);
});
afterAll(async () => {
  console.log(tally.summary());
  await eb?.close();
  await sandbox?.close();
});

/** Checks `page` in its current state; fails naming every violation. */
async function expectNoViolations(page: Page, where: string): Promise<void> {
  const violations = await tally.check(page, where);
  expect(violations, `${where}:\n${describeViolations(violations)}`).toEqual([]);
}

// Without prefetch: a patient on a list the EPR showed would otherwise be cached before they are opened,
// and the loading and nothing-cached states could not be seen.
const configure = (extra: Record<string, unknown> = {}) => configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 3600, prefetchMaxPatients: 0, ...extra });
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const cuiDate = (iso: string) => `${iso.slice(8, 10)}-${MONTHS[Number(iso.slice(5, 7)) - 1]}-${iso.slice(0, 4)}`;
const spaced = (nhs: string) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
/** A valid NHS number from the 999 test range that no roster patient has. */
function freshNhsNumber(from: number): string {
  for (let i = from; ; i++) {
    const nine = `99970${String(i).padStart(4, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== undefined) return `${nine}${check}`;
  }
}

it('the checker catches a violation in the extension’s own pages (a button with no name)', async () => {
  await configure();
  panel = await SidePanelPage.open(eb, await windowIdOf(eb, eprPage));
  await panel.waitForState('no-patient');
  await panel.page.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'nameless' })));
  const violations = await axeViolations(panel.page);
  expect(violations.map((v) => v.rule)).toContain('button-name');
  await panel.page.evaluate(() => document.getElementById('nameless')?.remove());
});

describe('the side panel, state by state', () => {
  it('not configured', async () => {
    await configureExtension(eb, { fhirBaseUrl: '', eprSites: [] });
    await panel.reload();
    await panel.waitForState('not-configured');
    await expectNoViolations(panel.page, 'side panel: not configured');
  });

  it('sign-in asked for', async () => {
    await configure({ authIssuer: 'http://localhost:9/' });
    await panel.reload();
    await panel.waitForState('sign-in');
    await expectNoViolations(panel.page, 'side panel: sign-in');
  });

  it('no patient (a list of patients)', async () => {
    await configure();
    await panel.reload();
    await epr.goToList();
    await panel.waitForState('no-patient');
    await expectNoViolations(panel.page, 'side panel: no patient');
  });

  it('loading', async () => {
    const p = demoPatient(sandbox.data, 'priya-sharma');
    sandbox.fhir.setFaults({ delayMs: [4000, 4000] });
    try {
      await epr.openPatient(p);
      await panel.waitForState('loading');
      await expectNoViolations(panel.page, 'side panel: loading');
    } finally {
      sandbox.fhir.setFaults({});
    }
    await panel.waitForPatient(p.nhsNumber);
  });

  it('a record (resuscitation decision, tasks, unverified number)', async () => {
    const margaret = demoPatient(sandbox.data, 'margaret-thompson');
    await epr.openPatient(margaret);
    await panel.waitForPatient(margaret.nhsNumber);
    await expectNoViolations(panel.page, 'side panel: record');
    const aisha = demoPatient(sandbox.data, 'aisha-khan');
    await epr.openPatient(aisha);
    await panel.waitForPatient(aisha.nhsNumber);
    await expectNoViolations(panel.page, 'side panel: record, NHS number not verified');
  });

  it('readable: text 14 px at least, must-see lines tagged by kind in words, each fact once, the CUI banner', async () => {
    const margaret = demoPatient(sandbox.data, 'margaret-thompson');
    await epr.openPatient(margaret);
    await panel.waitForPatient(margaret.nhsNumber);
    const page = await panel.page.evaluate(() => {
      const shown = (el: Element) => el.getClientRects().length > 0 && !el.closest('.visually-hidden');
      const texts = [...document.querySelectorAll('body *')].filter((el) => shown(el) && [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()));
      return {
        body: getComputedStyle(document.querySelector('.highlight__text')!).fontSize,
        smallest: Math.min(...texts.map((el) => parseFloat(getComputedStyle(el).fontSize))),
        // Each must-see line says its kind in words: a tag, or a warning callout's label.
        mustSee: [...document.querySelectorAll('li.highlight--must-see')].map((li) => li.querySelector('.tag, .callout__label')?.textContent?.trim() ?? ''),
        callouts: [...document.querySelectorAll('li.callout')].map((li) => [li.getAttribute('data-callout'), li.querySelector('.callout__label')!.textContent]),
        tasksInHighlights: [...document.querySelectorAll('li.highlight')].filter((li) => li.getAttribute('data-source')?.startsWith('Task/')).length,
        tasks: document.querySelectorAll('li[data-task-id]').length,
        overdue: [...document.querySelectorAll('li.task--overdue')].map((li) => li.querySelector('.tag')?.textContent),
        banner: [document.querySelector('.patient-banner h1')!.textContent, ...[...document.querySelectorAll('.patient-banner dt')].map((dt) => dt.textContent)],
      };
    });
    expect(page.body).toBe('16px');
    expect(page.smallest).toBeGreaterThanOrEqual(14);
    expect(page.mustSee.length).toBeGreaterThan(3);
    expect(page.mustSee.filter((words) => !words)).toEqual([]);
    expect(page.callouts).toEqual([['resuscitation', 'Important: Resuscitation decision']]);
    expect(page.tasks).toBeGreaterThan(2);
    expect(page.tasksInHighlights).toBe(0);
    expect(page.overdue.length).toBeGreaterThan(0);
    expect(page.overdue.every((words) => words === 'Overdue')).toBe(true);
    expect(page.banner).toEqual(['THOMPSON, Margaret (Mrs)', 'Born', 'Gender', 'NHS No.']);
  });

  it('usable at 200% zoom: the 400 px panel as 200 CSS px, nothing wider than the panel, text still 14 px at least', async () => {
    await panel.page.setViewport({ width: 200, height: 450 });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const zoomed = await panel.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        outside: [...document.querySelectorAll('button, a, input, select, textarea, summary, .tag')]
          .filter((el) => el.getClientRects().length && !el.closest('.visually-hidden'))
          .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map((el) => el.outerHTML.slice(0, 80)),
      }));
      expect(zoomed).toEqual({ scroll: 0, outside: [] });
      await expectNoViolations(panel.page, 'side panel: record at 200% zoom');
    } finally {
      await panel.page.setViewport({ width: 400, height: 900 });
    }
  });

  it('task forms open', async () => {
    const margaret = demoPatient(sandbox.data, 'margaret-thompson');
    await epr.openPatient(margaret);
    await panel.waitForPatient(margaret.nhsNumber);
    await panel.openTaskForm('uk-margaret-thompson-task-2', 'hold');
    await panel.openNewTaskForm();
    await expectNoViolations(panel.page, 'side panel: task forms open');
  });

  it('a conflict: someone else changed the task first', async () => {
    const id = 'uk-margaret-thompson-task-3';
    const theirs = await sandbox.fhir.repo.readResource<Task>('Task', id);
    await sandbox.fhir.repo.updateResource<Task>({ ...theirs, note: [...(theirs.note ?? []), { text: 'Visit moved to Friday' }] });
    await panel.taskAction(id, 'note', 'Daughter has a key safe code');
    await panel.page.waitForSelector('[data-write-state="conflict"]', { timeout: 20_000 });
    await expectNoViolations(panel.page, 'side panel: conflict');
    await panel.page.click('[data-write-state="conflict"] button[data-decision="keep-theirs"]');
    await panel.page.waitForFunction(() => !document.querySelector('[data-write-state="conflict"]'), { timeout: 20_000 });
  });

  it('offline, over a cached record and with nothing cached', async () => {
    sandbox.fhir.setFaults({ down: true });
    try {
      await panel.refresh();
      await panel.waitForOfflineNotice();
      await expectNoViolations(panel.page, 'side panel: offline, cached record');
      await epr.openPatient(demoPatient(sandbox.data, 'david-hughes'));
      await panel.waitForState('offline', 30_000);
      await expectNoViolations(panel.page, 'side panel: offline, nothing cached');
    } finally {
      sandbox.fhir.setFaults({});
    }
  });

  it('an identity mismatch', async () => {
    const [a, b] = [demoPatient(sandbox.data, 'george-williams'), demoPatient(sandbox.data, 'sam-taylor')];
    await eprPage.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(a.nhsNumber)}&name=${encodeURIComponent(`${b.family.toUpperCase()}, ${b.given}`)}&born=${cuiDate(b.birthDate)}`);
    await panel.waitForState('mismatch');
    await expectNoViolations(panel.page, 'side panel: mismatch');
  });

  it('a restricted record', async () => {
    const nhs = freshNhsNumber(1);
    await sandbox.fhir.repo.createResource<Patient>({
      resourceType: 'Patient',
      meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }],
      name: [{ family: 'Quill', given: ['Rowan'] }],
      birthDate: '1961-05-02',
      gender: 'female',
    });
    await eprPage.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(nhs)}&name=${encodeURIComponent('QUILL, Rowan')}&born=02-May-1961`);
    await panel.waitForPatient(nhs);
    await panel.page.waitForSelector('[data-testid="restricted-record"]');
    await expectNoViolations(panel.page, 'side panel: restricted record');
  });
});

describe('the other pages', () => {
  it('the options page', async () => {
    const options = await eb.browser.newPage();
    await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
    await options.waitForSelector('form');
    await expectNoViolations(options, 'options page');
    await options.close();
  });

  it('My tasks, with a notice', async () => {
    const margaret = demoPatient(sandbox.data, 'margaret-thompson');
    const tasks = await eb.browser.newPage();
    await tasks.goto(`chrome-extension://${eb.extensionId}/tasks.html`);
    await tasks.waitForSelector('[data-section="my-tasks"]');
    await tasks.click('button');
    await tasks.waitForFunction(() => document.body.innerText.includes('Checked'), { timeout: 20_000 });
    await fetch(`${new URL(sandbox.fhir.baseUrl).origin}/_sandbox/events`, { method: 'POST', body: JSON.stringify({ kind: 'admission', patientId: margaret.fhirId }) });
    await tasks.click('button');
    await tasks.waitForSelector('[data-notice-kind="admission"]', { timeout: 20_000 });
    await until(async () => (await tasks.$$('[data-section="my-tasks"] li')).length > 0, 'my tasks listed');
    await expectNoViolations(tasks, 'My tasks');
    await tasks.close();
  });
});

it('checked at least 12 pages × states', () => {
  expect(tally.checks).toBeGreaterThanOrEqual(12);
});
