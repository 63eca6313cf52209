/**
 * A task write made while the shared record is unreachable survives the browser closing: it is on
 * disk only sealed (no name, no note text readable in the profile), and the next browser session
 * sends it as soon as the server is back.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Task } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { demoPatient } from '../sandbox/seed';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf } from './extension-browser';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
const profile = mkdtempSync(path.join(tmpdir(), 'alongside-outbox-'));

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
});
afterAll(async () => {
  await sandbox?.close();
  rmSync(profile, { recursive: true, force: true });
});

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : e.isFile() ? [path.join(dir, e.name)] : []));

it('keeps an unsent task note through a browser restart, sealed on disk, and sends it when the server is back', async () => {
  const margaret = demoPatient(sandbox.data, 'margaret-thompson');
  const taskId = 'uk-margaret-thompson-task-2';
  const note = `Spoke to ${margaret.given} ${margaret.family}'s daughter about the key safe`;

  const first = await launchWithExtension({ userDataDir: profile });
  try {
    await configureExtension(first, { ...sandboxSettings(sandbox), staleAfterSeconds: 3600 });
    const page = (await first.browser.pages())[0] ?? (await first.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    const panel = await SidePanelPage.open(first, await windowIdOf(first, page));
    await new NhsCuiDriver(page, sandbox.epr.baseUrl).openPatient(margaret);
    await panel.waitForPatient(margaret.nhsNumber);
    sandbox.fhir.setFaults({ down: true });
    await panel.page.click(`li[data-task-id="${taskId}"] button[data-action="note"]`);
    await panel.page.type(`li[data-task-id="${taskId}"] textarea`, note);
    await panel.page.click(`li[data-task-id="${taskId}"] button[data-confirm="note"]`);
    await panel.page.waitForFunction(() => /Waiting to send/.test(document.body.innerText), { timeout: 30_000 });
  } finally {
    await first.close();
  }

  // On disk: nothing of the write as text in anything Alongside stores.
  const hits = filesUnder(profile)
    .filter((f) => f.includes(first.extensionId))
    .filter((f) => {
      const text = readFileSync(f).toString('latin1');
      return text.includes(note) || text.includes(margaret.family) || text.includes('key safe');
    });
  expect(hits).toEqual([]);
  // The search looked where Alongside writes: its IndexedDB is in the profile.
  expect(filesUnder(profile).some((f) => f.includes(`chrome-extension_${first.extensionId}`) && f.includes('IndexedDB'))).toBe(true);
  expect(((await sandbox.fhir.repo.readResource<Task>('Task', taskId)).note ?? []).map((n) => n.text)).not.toContain(note);

  // The next session: the server is back, and the write goes.
  sandbox.fhir.setFaults({});
  const second = await launchWithExtension({ userDataDir: profile });
  try {
    const end = Date.now() + 90_000;
    let notes: string[] = [];
    while (Date.now() < end) {
      notes = ((await sandbox.fhir.repo.readResource<Task>('Task', taskId)).note ?? []).map((n) => n.text);
      if (notes.includes(note)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(notes).toContain(note);
  } finally {
    await second.close();
  }
});
