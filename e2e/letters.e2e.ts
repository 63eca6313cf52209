/**
 * What the letters ask, in the built extension (issue 22): Mr Edward Hale opened in a demo EPR, with an
 * ITK3 discharge summary (which replaces its first version), a UK Core R4 Composition, a PDF letter held
 * at a Binary, a letter older than the window and one filed under him about someone else
 * (sandbox/seed/letters.ts). The panel draws the right lines; the letter page opens a letter as text at
 * its section; "Make it a task" writes a Task, and afterwards the action shows once, as the task.
 */
import type { Task } from '@medplum/fhirtypes';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { LETTERS_EXPECTED, LETTERS_PATIENT_ID } from '../sandbox/seed/letters';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { until } from './helpers';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;
let panel: SidePanelPage;
let eprPage: Page;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 3600, prefetchMaxPatients: 0 });
  eprPage = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await eprPage.goto(`${sandbox.epr.baseUrl}/`);
  panel = await SidePanelPage.open(eb, await windowIdOf(eb, eprPage));
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

const edward = () => sandbox.data.roster.find((p) => p.fhirId === LETTERS_PATIENT_ID)!;
const actionTexts = () => panel.page.$$eval('[data-section="letter-actions"] li.letter-action .letter-action__text', (els) => els.map((e) => e.textContent ?? ''));
const tasksFor = () => sandbox.fhir.repo.searchResources<Task>({ resourceType: 'Task', filters: [{ code: 'subject', operator: 'eq' as never, value: `Patient/${LETTERS_PATIENT_ID}` }] });

it('draws what the letters ask, newest first, three then "N more from M letters", each sourced, and nothing superseded, old or misfiled', async () => {
  sandbox.fhir.resetRequestLog();
  await new NhsCuiDriver(eprPage, sandbox.epr.baseUrl).openPatient(edward());
  await panel.waitForPatient(edward().nhsNumber);
  await panel.page.waitForSelector('[data-section="letter-actions"] li.letter-action', { timeout: 20_000 });

  // A cold open: the record in one batch (with its letters), and one request for the one attachment not inline.
  const fhirRequests = sandbox.fhir.requestLog.filter((r) => !r.url.includes('AuditEvent') && !r.url.endsWith('/metadata'));
  expect(fhirRequests.filter((r) => r.method === 'GET').map((r) => r.url)).toEqual([expect.stringMatching(/\/Binary\/bin-edward-hale-diabetes-letter$/)]);

  // Must see, newest letter first: the clinic letter (2 days), then the discharge summary (4 days).
  expect(await actionTexts()).toEqual([LETTERS_EXPECTED.clinicAction, ...LETTERS_EXPECTED.dischargeActions]);
  const details = await panel.page.$$eval('[data-section="letter-actions"] .letter-action__detail', (els) => els.map((e) => e.textContent ?? ''));
  expect(details[0]).toMatch(/^Outpatient letter · Northshire General Hospital NHS Trust · \d{2}-[A-Z][a-z]{2}-\d{4}$/);
  expect(details[1]).toMatch(/^Discharge summary · Northshire General Hospital NHS Trust · /);
  // The rest one click away: the PDF letter's two actions.
  const more = await panel.page.$eval('[data-action="more-letter-actions"]', (b) => b.textContent);
  expect(more).toBe('2 more from 1 letter');
  await panel.page.click('[data-action="more-letter-actions"]');
  expect(await actionTexts()).toEqual([LETTERS_EXPECTED.clinicAction, ...LETTERS_EXPECTED.dischargeActions, ...LETTERS_EXPECTED.pdfActions]);

  // Never: the superseded version's request, the patient's own actions, a letter past the window, another patient's letter.
  const text = await panel.text();
  for (const never of [LETTERS_EXPECTED.supersededAction, LETTERS_EXPECTED.patientAction, LETTERS_EXPECTED.oldAction, LETTERS_EXPECTED.misfiledAction, LETTERS_EXPECTED.misfiledTextAction]) expect(text).not.toContain(never);

  // Medicine changes from the last 30 days, with the medicines.
  const medicineLines = await panel.page.$$eval('li[data-rule="letter-medicine-changes"] .highlight__text', (els) => els.map((e) => e.textContent ?? ''));
  expect(medicineLines).toEqual([
    expect.stringMatching(/^Started Clopidogrel 75mg tablets at discharge, Northshire General Hospital NHS Trust, \d{2}-[A-Z][a-z]{2}-\d{4}\.$/),
    expect.stringMatching(/^Started Ramipril 2\.5mg capsules at discharge, Northshire General Hospital NHS Trust, /),
    expect.stringMatching(/^Stopped Ibuprofen 400mg tablets at discharge, Northshire General Hospital NHS Trust/),
  ]);
  // The GP's older record of ibuprofen is no longer shown as current: it says the discharge summary stopped it.
  const ibuprofen = await panel.page.$$eval('li[data-rule="current-medicines"]', (els) => els.map((e) => e.textContent ?? '').filter((t) => t.includes('Ibuprofen')));
  expect(ibuprofen).toEqual([expect.stringMatching(/stopped since: Discharge summary, Northshire General Hospital NHS Trust, \d{2}-[A-Z][a-z]{2}-\d{4}/)]);
});

it('opens a letter at its section, drawn as text, with what is not for professionals kept apart', async () => {
  const href = await panel.page.$eval('li.letter-action[data-letter-id="DocumentReference/dr-edward-hale-discharge-2"] a[data-link="letter"]', (a) => (a as HTMLAnchorElement).href);
  expect(href).toMatch(/\/letter\.html\?/);
  const letterPage = await eb.browser.newPage();
  await letterPage.goto(href);
  await letterPage.waitForSelector('.letter', { timeout: 15_000 });
  expect(await letterPage.$eval('#letter-title', (e) => e.textContent)).toBe('Cardiology discharge summary');
  expect(await letterPage.$eval('[data-testid="patient-nhs-number"]', (e) => e.textContent)).toBe(edward().nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3'));
  // Opened at the section the action was read in.
  expect(await letterPage.evaluate(() => document.activeElement?.closest('[data-section-key]')?.getAttribute('data-section-key'))).toBe('plan-and-requested-actions');
  expect(await letterPage.$$eval('[data-testid="letter-other-requests"] .highlight__text', (els) => els.map((e) => e.textContent))).toContain(LETTERS_EXPECTED.patientAction);
  expect(await letterPage.$$eval('[data-testid="letter-actions"] .highlight__text', (els) => els.map((e) => e.textContent))).toEqual([...LETTERS_EXPECTED.dischargeActions]);
  // Text, never markup: the narrative is in text nodes only.
  expect(await letterPage.$$eval('.letter__section p', (ps) => ps.every((p) => p.children.length === 0))).toBe(true);
  await letterPage.close();
});

it('"Make it a task" writes a Task (focus the letter, the action verbatim, requested by its author), and then the action shows once, as the task', async () => {
  const action = LETTERS_EXPECTED.dischargeActions[1];
  const item = `li.letter-action[data-letter-id="DocumentReference/dr-edward-hale-discharge-2"][data-action-index="1"]`;
  await panel.page.click(`${item} button[data-action="make-task"]`);
  await panel.page.waitForSelector(`${item} select[name="owner"]`);
  // The clinician's team is chosen already.
  expect(await panel.page.$eval(`${item} select[name="owner"]`, (s) => (s as HTMLSelectElement).value)).toBe('Organization/org-northshire-community');
  await panel.page.click(`${item} button[data-confirm="make-task"]`);
  await until(async () => (await tasksFor()).some((t) => t.description === action), 'the task on the server');
  const task = (await tasksFor()).find((t) => t.description === action)!;
  expect(task).toMatchObject({
    status: 'requested',
    focus: { reference: 'DocumentReference/dr-edward-hale-discharge-2' },
    owner: { reference: 'Organization/org-northshire-community' },
    requester: { reference: 'Organization/org-northshire-general', display: 'Northshire General Hospital NHS Trust' },
    for: { reference: `Patient/${LETTERS_PATIENT_ID}` },
  });
  // Once, as the task: in the task list, no longer among the letters' actions.
  await panel.page.waitForFunction((t) => [...document.querySelectorAll('[data-section="tasks"] .task__text')].some((e) => e.textContent === t), { timeout: 20_000 }, action);
  await until(async () => !(await actionTexts()).includes(action), 'the action to leave the letters list');
  const shown = await panel.page.evaluate((t) => [...document.querySelectorAll('main *')].filter((e) => e.childElementCount === 0 && e.textContent === t).length, action);
  expect(shown).toBe(1);
  expect(await panel.page.$eval('[data-testid="letter-actions-as-tasks"]', (e) => e.textContent)).toMatch(/^1 action from these letters is a task now/);
  // Asked again (a second click, another panel): refused, never a second task.
  expect((await tasksFor()).filter((t) => t.description === action)).toHaveLength(1);
});
