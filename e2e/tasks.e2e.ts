/// <reference types="chrome" />
/**
 * Working tasks from the side panel in real Chromium: accept, a write made offline that survives the
 * service worker being stopped, a 412 conflict shown with both versions and resolved by the
 * clinician, a new task for another team; then a care event on the server becoming a notice, a badge
 * and a notification that brings up the patient's tab.
 */
import type { Task } from '@medplum/fhirtypes';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { demoPatient } from '../sandbox/seed';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { until } from './helpers';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;
let epr: NhsCuiDriver;
let panel: SidePanelPage;
let eprPage: Page;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 3600 });
  eprPage = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await eprPage.goto(`${sandbox.epr.baseUrl}/`);
  panel = await SidePanelPage.open(eb, await windowIdOf(eb, eprPage));
  epr = new NhsCuiDriver(eprPage, sandbox.epr.baseUrl);
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

const task = (id: string) => sandbox.fhir.repo.readResource<Task>('Task', id);
const button = (taskId: string, action: string) => `li[data-task-id="${taskId}"] button[data-action="${action}"]`;

it('accepts a task, keeps an offline write through a worker stop, and shows a conflict with both versions', async () => {
  const margaret = demoPatient(sandbox.data, 'margaret-thompson');
  const requested = `uk-margaret-thompson-task-1`;
  const accepted = `uk-margaret-thompson-task-2`;
  await epr.openPatient(margaret);
  await panel.waitForPatient(margaret.nhsNumber);

  // Accept: on the server, stated against the version shown.
  await panel.page.click(button(requested, 'accept'));
  await until(async () => (await task(requested)).status === 'accepted', 'the task to be accepted on the server');

  // Offline: the hold waits in the outbox, visible, and survives the service worker being stopped.
  sandbox.fhir.setFaults({ down: true });
  await panel.page.waitForSelector(button(accepted, 'hold'));
  await panel.page.click(button(accepted, 'hold'));
  await panel.page.type(`li[data-task-id="${accepted}"] textarea`, 'Waiting for dressing supplies');
  await panel.page.click(`li[data-task-id="${accepted}"] button[data-confirm="hold"]`);
  await panel.page.waitForSelector('[data-section="task-writes"] [data-write-state="waiting"]');
  await until(async () => /Waiting to send/.test(await panel.text()), 'the write to show it is waiting');
  // Stopped as Chrome stops an idle worker (Puppeteer closes its target).
  const before = await (await eb.worker()).evaluate(() => performance.timeOrigin);
  await (await eb.worker()).close();
  sandbox.fhir.setFaults({});
  expect((await task(accepted)).status).toBe('accepted');
  // Anything that wakes the worker (here, the EPR page reporting its patient again) sends what waits.
  await eprPage.reload();
  await until(async () => (await task(accepted)).status === 'on-hold', 'the held task to reach the server after the worker restarted', 60_000);
  expect(await (await eb.worker()).evaluate(() => performance.timeOrigin)).toBeGreaterThan(before);
  expect((await task(accepted)).statusReason?.text).toBe('Waiting for dressing supplies');
  await panel.page.waitForFunction(() => !document.querySelector('[data-section="task-writes"]'), { timeout: 20_000 });

  // Someone else changes a task the panel still shows in its old version: 412, nothing overwritten.
  const inProgress = `uk-margaret-thompson-task-3`;
  const theirs = await task(inProgress);
  await sandbox.fhir.repo.updateResource<Task>({ ...theirs, note: [...(theirs.note ?? []), { text: 'Visit moved to Friday' }] });
  await panel.page.click(button(inProgress, 'note'));
  await panel.page.type(`li[data-task-id="${inProgress}"] textarea`, 'Daughter has a key safe code');
  await panel.page.click(`li[data-task-id="${inProgress}"] button[data-confirm="note"]`);
  await panel.page.waitForSelector('[data-write-state="conflict"]', { timeout: 20_000 });
  // Both versions side by side: theirs is fetched as the conflict is found.
  await panel.page.waitForFunction(() => (document.querySelector('[data-write-state="conflict"]') as HTMLElement | null)?.innerText.includes('Visit moved to Friday'), { timeout: 20_000 });
  const conflictText = await panel.page.$eval('[data-write-state="conflict"]', (e) => (e as HTMLElement).innerText);
  expect(conflictText).toContain('Daughter has a key safe code');
  expect((await task(inProgress)).note?.map((n) => n.text)).not.toContain('Daughter has a key safe code');
  await panel.page.click('[data-write-state="conflict"] button[data-decision="apply-mine"]');
  await until(async () => ((await task(inProgress)).note ?? []).some((n) => n.text === 'Daughter has a key safe code'), 'my note on top of theirs');
  expect((await task(inProgress)).note?.map((n) => n.text)).toContain('Visit moved to Friday');

  // A new task for another team about this patient.
  await panel.page.click('[data-section="new-task"] summary');
  await panel.page.type('[data-section="new-task"] textarea[name="description"]', 'Please review pain relief before Friday');
  await panel.page.select('[data-section="new-task"] select[name="owner"]', 'Organization/org-riverside-surgery');
  await panel.page.select('[data-section="new-task"] select[name="priority"]', 'urgent');
  await panel.page.click('[data-section="new-task"] button[type="submit"]');
  await until(
    async () => (await sandbox.fhir.repo.searchResources<Task>({ resourceType: 'Task', filters: [{ code: 'subject', operator: 'eq' as never, value: `Patient/${margaret.fhirId}` }] })).some((t) => t.description === 'Please review pain relief before Friday' && t.priority === 'urgent' && t.owner?.reference === 'Organization/org-riverside-surgery'),
    'the new task on the server',
  );
});

it('turns a care event on the server into a notice, a badge and a notification that brings up the patient', async () => {
  const margaret = demoPatient(sandbox.data, 'margaret-thompson');
  const tasksPage = await eb.browser.newPage();
  await tasksPage.goto(`chrome-extension://${eb.extensionId}/tasks.html`);
  await tasksPage.waitForSelector('[data-section="my-tasks"]');
  // A baseline first, then the event.
  await tasksPage.click('button');
  await tasksPage.waitForFunction(() => document.body.innerText.includes('Checked'), { timeout: 20_000 });
  const res = await fetch(`${new URL(sandbox.fhir.baseUrl).origin}/_sandbox/events`, { method: 'POST', body: JSON.stringify({ kind: 'admission', patientId: margaret.fhirId }) });
  expect(res.status).toBe(200);
  await tasksPage.click('button');
  await tasksPage.waitForSelector('[data-notice-kind="admission"]', { timeout: 20_000 });
  await until(async () => Object.keys(await tasksPage.evaluate(() => chrome.notifications.getAll())).length >= 1, 'a system notification');
  // The badge counts the notices not yet seen (this one, and any other event of the session).
  const badgeAndUnseen = () =>
    tasksPage.evaluate(async () => ({
      badge: await chrome.action.getBadgeText({}),
      unseen: (((await chrome.storage.session.get('notices')).notices as { seen: boolean }[] | undefined) ?? []).filter((n) => !n.seen).length,
    }));
  await until(async () => {
    const { badge, unseen } = await badgeAndUnseen();
    return unseen >= 1 && badge === `!${unseen}`;
  }, 'the badge to count the unseen notices').catch(async (e: unknown) => {
    console.log('badge and notices:', JSON.stringify(await badgeAndUnseen()), JSON.stringify(await tasksPage.evaluate(async () => (await chrome.storage.session.get('notices')).notices)));
    throw e;
  });
  // No name or number in the notice's words (the OS keeps notification text).
  const words = await tasksPage.$eval('[data-notice-kind="admission"]', (e) => (e as HTMLElement).innerText);
  expect(words).not.toContain(margaret.family);
  expect(words).not.toContain(margaret.nhsNumber);

  // "Show" (as a click on the notification) brings up the EPR tab with that patient.
  await tasksPage.click('[data-notice-kind="admission"] button');
  await until(async () => eprPage.evaluate(() => document.visibilityState === 'visible'), 'the patient’s tab to come to the front');
  const w = await eb.worker();
  const tab = await w.evaluate(async (n) => (await chrome.tabs.query({})).find((t) => t.url?.includes(`/nhs/patient/${n}`)), margaret.nhsNumber);
  expect(tab?.active).toBe(true);
});
