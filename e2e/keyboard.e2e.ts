/// <reference types="chrome" />
/**
 * The side panel from the keyboard and to a screen reader, in the built extension: every control reached
 * with Tab, in reading order, its focus visible; every button and link named for what it acts on; a task
 * worked with the keyboard alone; the live log saying a patient change and a new notice once, never on a
 * redraw; and the keyboard shortcut that opens the panel, declared for both browsers and shown on the
 * options page as the browser has it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Task } from '@medplum/fhirtypes';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { demoPatient } from '../sandbox/seed';
import { ACTION_LABELS, type TaskActionKind } from '../utils/tasks/task-actions';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { until } from './helpers';
import { SidePanelPage } from './side-panel-page';

const ROOT = path.resolve(import.meta.dirname, '..');
let sandbox: Sandbox;
let eb: ExtensionBrowser;
let eprPage: Page;
let epr: NhsCuiDriver;
let panel: SidePanelPage;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 0 });
  eprPage = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await eprPage.goto(`${sandbox.epr.baseUrl}/`);
  epr = new NhsCuiDriver(eprPage, sandbox.epr.baseUrl);
  panel = await SidePanelPage.open(eb, await windowIdOf(eb, eprPage));
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

describe('from the keyboard', () => {
  it('reaches every control with Tab, in reading order, each with its focus visible', async () => {
    const margaret = demoPatient(sandbox.data, 'margaret-thompson');
    await epr.openPatient(margaret);
    await panel.waitForPatient(margaret.nhsNumber);
    await panel.openNewTaskForm();
    // Once any refresh under way has finished (its button is back): a redraw mid-walk would move focus.
    await panel.page.waitForSelector('.record-freshness__refresh');
    const stops = await panel.tabThrough();
    const focusable = await panel.focusableIndexes();
    expect(stops.length, JSON.stringify(stops)).toBeGreaterThan(15);
    // Every control, and only them, once each, in document order (no tabindex reorders the page) …
    expect(stops.map((s) => s.index)).toEqual(focusable);
    // … which is the order they are seen in, top to bottom.
    for (let i = 1; i < stops.length; i++) expect(stops[i]!.top, `${stops[i]!.name} after ${stops[i - 1]!.name}`).toBeGreaterThanOrEqual(stops[i - 1]!.top - 40);
    expect(stops.filter((s) => !s.visible).map((s) => `${s.role} ${s.name}`)).toEqual([]);
  });

  it('names every button and link for what it acts on', async () => {
    await panel.openTaskForm('uk-margaret-thompson-task-2', 'hold');
    const controls = await panel.controlNames();
    const names = controls.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i), 'names used twice').toEqual([]);
    const bare = new Set([...Object.values(ACTION_LABELS), 'Save', 'Show', 'Open', 'Refresh', 'Try again']);
    expect(names.filter((n) => bare.has(n.trim())), 'names that do not say what they act on').toEqual([]);
    // Each task's buttons name the task ("Complete: Falls clinic referral…").
    const tasks = await panel.page.$$eval('li[data-task-id]', (lis) =>
      lis.map((li) => ({ text: li.querySelector('.task__text')!.textContent!, actions: [...li.querySelectorAll('button[data-action]')].map((b) => b.getAttribute('data-action')!) })),
    );
    expect(tasks.length).toBeGreaterThan(2);
    for (const t of tasks) for (const a of t.actions) expect(names).toContain(`${ACTION_LABELS[a as TaskActionKind]}: ${t.text}`);
    await panel.page.keyboard.press('Escape');
  });

  it('works a task with the keyboard alone: opens its form, types, saves; Escape closes a form and focus goes back', async () => {
    const id = 'uk-margaret-thompson-task-3';
    const text = await panel.page.$eval(`li[data-task-id="${id}"] .task__text`, (e) => e.textContent!);
    // Tab to "Add note: …" as a keyboard user would.
    await panel.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const focusedName = async () => {
      const node = await panel.page.$(':focus');
      return node ? ((await panel.page.accessibility.snapshot({ root: node, interestingOnly: false }))?.name ?? '') : '';
    };
    for (let i = 0; i < 150 && (await focusedName()) !== `Add note: ${text}`; i++) await panel.page.keyboard.press('Tab');
    expect(await focusedName()).toBe(`Add note: ${text}`);

    await panel.page.keyboard.press('Enter');
    await until(async () => (await panel.page.evaluate(() => document.activeElement?.tagName)) === 'TEXTAREA', 'focus in the note');
    await panel.page.keyboard.press('Escape');
    await until(async () => (await focusedName()) === `Add note: ${text}`, 'focus back on its button');
    expect(await panel.page.$(`li[data-task-id="${id}"] form`)).toBeNull();

    await panel.page.keyboard.press('Enter');
    await until(async () => (await panel.page.evaluate(() => document.activeElement?.tagName)) === 'TEXTAREA', 'focus in the note');
    await panel.page.keyboard.type('Typed without a mouse');
    await panel.page.keyboard.press('Tab');
    expect(await focusedName()).toBe(`Save (Add note: ${text})`);
    await panel.page.keyboard.press('Enter');
    await until(async () => ((await sandbox.fhir.repo.readResource<Task>('Task', id)).note ?? []).some((n) => n.text === 'Typed without a mouse'), 'the note on the shared record');
    // Focus went to the message saying so, not to nowhere.
    expect(await panel.page.evaluate(() => document.activeElement?.className)).toBe('task__message');
  });
});

describe('to a screen reader: the live log', () => {
  it('says a patient change once: not on a refresh or a redraw, and again only when the patient changes', async () => {
    const [a, b] = [demoPatient(sandbox.data, 'oliver-bennett'), demoPatient(sandbox.data, 'george-williams')];
    // The list's own message: leaving a page passes through "No patient in view" first.
    const noPatient = 'Several patients on this page';
    await epr.goToList();
    await panel.waitForState('no-patient', undefined, noPatient);
    // The list is said once its view settles: listening starts after that, so only what follows counts.
    await until(async () => (await panel.page.$$eval('[data-testid="live-announcer"] p', (ps) => ps.map((p) => p.textContent ?? ''))).some((s) => s.startsWith(noPatient)), 'the list announced first');
    await panel.listen();
    await epr.openPatient(a);
    await panel.waitForPatient(a.nhsNumber);
    // Redraws: three refreshes (each "Updating…", then the record again) and a reload of the same EPR page.
    for (let i = 0; i < 3; i++) {
      await panel.refresh();
      await sleep(300);
    }
    await eprPage.reload();
    await sleep(1500);
    await panel.waitForPatient(a.nhsNumber);
    await epr.goToList();
    await panel.waitForState('no-patient', undefined, noPatient);
    // A clinician back on the list for a moment: said once the view settles.
    await until(async () => (await panel.said()).some((s) => s.startsWith(noPatient)), 'the list announced');
    await epr.openPatient(b);
    await panel.waitForPatient(b.nhsNumber);
    // Said once the view has settled (VIEW_SETTLES_MS), then nothing more.
    await until(async () => (await panel.said()).some((s) => s.includes(b.family.toUpperCase())), 'the new patient announced');
    await sleep(1500);
    const said = await panel.said();
    const about = (p: { family: string }) => said.filter((s) => s.includes(p.family.toUpperCase()));
    expect(about(a), said.join('\n')).toHaveLength(1);
    expect(about(b), said.join('\n')).toHaveLength(1);
    expect(about(a)[0]).toMatch(new RegExp(`^Showing ${a.family.toUpperCase()}, ${a.given}.*NHS No\\. \\d{3} \\d{3} \\d{4}\\.`));
    // In order: A, then the list (no patient), then B; nothing else.
    expect(said).toEqual([about(a)[0], expect.stringMatching(new RegExp(`^${noPatient}`)), about(b)[0]]);
  });

  it('says a new notice once, in words that name no patient', async () => {
    const b = demoPatient(sandbox.data, 'george-williams');
    await panel.page.waitForSelector('[data-link="my-tasks"]');
    const poll = () => panel.page.evaluate(() => new Promise((r) => chrome.runtime.sendMessage({ id: 1, type: 'pollNow', timestamp: Date.now() }, r)));
    await poll();
    await sleep(1000);
    const unseen = async () => Number(/(\d+) new notice/.exec((await panel.page.$eval('[data-link="my-tasks"]', (a) => a.textContent)) ?? '')?.[1] ?? 0);
    const before = await unseen();
    await panel.listen();
    await fetch(`${new URL(sandbox.fhir.baseUrl).origin}/_sandbox/events`, { method: 'POST', body: JSON.stringify({ kind: 'admission', patientId: b.fhirId }) });
    // Checked for changes (as the background does every minute) until the event is seen.
    for (let i = 0; i < 15 && !(await panel.said()).some((s) => s.startsWith('New notice')); i++) {
      await poll();
      await sleep(1500);
    }
    await poll();
    await sleep(2000);
    const said = await panel.said();
    expect(said.filter((s) => s.startsWith('New notice'))).toEqual(['New notice: A patient you are following was admitted. See My tasks.']);
    expect(said.join(' ')).not.toContain(b.family);
    // The count of notices not yet seen went up by one (a count: the panel names no other patient).
    expect(await unseen()).toBe(before + 1);
  });
});

describe('the keyboard shortcut', () => {
  it('is declared for both browsers: the toolbar action (side panel) in Chrome and Edge, the sidebar in Firefox', () => {
    const manifest = (dir: string) => JSON.parse(readFileSync(path.join(ROOT, '.output', dir, 'manifest.json'), 'utf8')) as { commands?: Record<string, { suggested_key?: { default?: string } }> };
    expect(manifest('chrome-mv3-demo').commands?._execute_action?.suggested_key?.default).toBe('Alt+Shift+L');
    expect(manifest('firefox-mv3-demo').commands?._execute_sidebar_action?.suggested_key?.default).toBe('Alt+Shift+L');
  });

  it('is shown on the options page as the browser has it', async () => {
    const inForce = await (await eb.worker()).evaluate(async () => (await chrome.commands.getAll()).find((c) => c.name === '_execute_action')?.shortcut);
    expect(inForce).toBe('Alt+Shift+L');
    const options = await eb.browser.newPage();
    await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
    await options.waitForSelector('[data-testid="shortcut"]');
    expect(await options.$eval('[data-testid="shortcut"]', (e) => e.textContent)).toBe(inForce);
    await options.close();
  });
});
