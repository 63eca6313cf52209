/**
 * Every record view becomes a FHIR AuditEvent on the audit endpoint, and views made while it cannot be
 * reached are queued and sent later, none lost.
 */
import type { AuditEvent } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 0 });
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

/** The patients whose record views were audited (a prefetch from the EPR's list is a query, audited apart). */
async function auditedPatients(): Promise<string[]> {
  const events = await sandbox.fhir.repo.searchResources<AuditEvent>({ resourceType: 'AuditEvent' });
  return events.filter((e) => e.type.code === RECORD_VIEW).map((e) => e.entity?.[0]?.what?.reference ?? '').sort();
}

/** DICOM's "Patient Record" event type: a record view. */
const RECORD_VIEW = '110110';

async function until(check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

it('audits each record view, queueing those made offline until the endpoint is back', async () => {
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${sandbox.epr.baseUrl}/`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
  const [a, b] = sandbox.data.roster;

  await epr.openPatient(a!);
  await panel.waitForPatient(a!.nhsNumber);
  await until(async () => (await auditedPatients()).length === 1);
  expect(await auditedPatients()).toEqual([`Patient/${a!.fhirId}`]);

  // Offline: the cached record is shown, and its view is queued.
  await epr.leavePatient();
  sandbox.fhir.setFaults({ down: true });
  await epr.openPatient(a!);
  await panel.waitForPatient(a!.nhsNumber);
  await panel.waitForOfflineNotice();
  await new Promise((r) => setTimeout(r, 500));
  sandbox.fhir.setFaults({});
  expect(await auditedPatients()).toHaveLength(1);

  // Back online: the next view sends the queued one too.
  await epr.openPatient(b!);
  await panel.waitForPatient(b!.nhsNumber);
  await until(async () => (await auditedPatients()).length === 3);
  expect(await auditedPatients()).toEqual([`Patient/${a!.fhirId}`, `Patient/${a!.fhirId}`, `Patient/${b!.fhirId}`].sort());
  const events = (await sandbox.fhir.repo.searchResources<AuditEvent>({ resourceType: 'AuditEvent' })).filter((e) => e.type.code === RECORD_VIEW);
  expect(events.every((e) => e.source.site === new URL(sandbox.epr.baseUrl).origin)).toBe(true);
  expect(events.every((e) => e.entity?.[0]?.detail?.[0]?.valueString === 'nhs-cui-banner')).toBe(true);
});
