/**
 * FHIR text is rendered as text: a patient whose every field the panel shows carries script-bearing
 * payloads is opened in the built extension, and nothing runs, and no markup from the record is live.
 */
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEprSandbox, type EprSandbox } from '../sandbox/epr/server';
import { startFhirSandbox, type FhirSandbox } from '../sandbox/fhir-server/server';
import { buildSandboxData } from '../sandbox/seed';
import { nhsCheckDigit, NHS_NUMBER_SYSTEM } from '../utils/shared/nhs-number';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { SidePanelPage } from './side-panel-page';

/** Each payload, if it ever ran in the panel, would add one to `__ran`; its marker finds any live markup. */
const PAYLOADS = [
  (m: string) => `<img src=x onerror="window.__ran=(window.__ran||0)+1" data-m="${m}">`,
  (m: string) => `<script data-m="${m}">window.__ran=(window.__ran||0)+1</script>`,
  (m: string) => `<svg data-m="${m}" onload="window.__ran=(window.__ran||0)+1"></svg>`,
  (m: string) => `"><iframe data-m="${m}" src="javascript:parent.__ran=(parent.__ran||0)+1"></iframe>`,
  (m: string) => `<a data-m="${m}" href="javascript:window.__ran=1">link</a>`,
  (m: string) => `<details data-m="${m}" open ontoggle="window.__ran=(window.__ran||0)+1">`,
];

let eb: ExtensionBrowser;
let fhir: FhirSandbox;
let epr: EprSandbox;
const stem = '999555123';
const nhs = `${stem}${nhsCheckDigit(stem)}`;
let n = 0;
const payload = () => {
  const m = `p${n}`;
  return PAYLOADS[n++ % PAYLOADS.length]!(m);
};

const escapeHtml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A letter whose every part carries payloads: escaped (the letter's words) and live markup. */
const letterHtml = () =>
  `<html><head><script>window.__ran=(window.__ran||0)+1</script></head><body><p>Dear Dr ${escapeHtml(payload())}</p><p>Seen in clinic. ${escapeHtml(payload())} ${payload()}</p>` +
  `<h2>Actions for GP</h2><ul><li>Check bloods ${escapeHtml(payload())}</li><li>Review ${escapeHtml(payload())} ${payload()}</li></ul></body></html>`;

beforeAll(async () => {
  const data = buildSandboxData({ syntheaDir: null });
  const ref = { reference: 'Patient/xss', display: payload() };
  const who = () => ({ display: payload() });
  const today = new Date();
  const [family, given] = [payload(), payload()];
  const resources: Resource[] = [
    {
      resourceType: 'Patient',
      id: 'xss',
      identifier: [{ system: NHS_NUMBER_SYSTEM, value: nhs }],
      name: [{ family, given: [given], prefix: [payload()] }],
      birthDate: '1960-01-01',
      gender: 'female',
    },
    { resourceType: 'Flag', id: 'xf', status: 'active', subject: ref, code: { text: payload() }, category: [{ text: payload() }], author: who() },
    {
      resourceType: 'AllergyIntolerance', id: 'xa', patient: ref, criticality: 'high', code: { text: payload() },
      reaction: [{ manifestation: [{ text: payload() }] }],
    },
    { resourceType: 'Condition', id: 'xc', subject: ref, clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: payload() } },
    {
      resourceType: 'MedicationRequest', id: 'xm', status: 'active', intent: 'order', subject: ref,
      medicationCodeableConcept: { text: payload() }, dosageInstruction: [{ text: payload() }], requester: who(),
    },
    {
      resourceType: 'Encounter', id: 'xe', status: 'in-progress', class: { code: 'IMP' }, subject: ref, type: [{ text: payload() }],
      period: { start: today.toISOString() }, location: [{ location: who() }], serviceProvider: who(),
    },
    {
      resourceType: 'Encounter', id: 'xe2', status: 'finished', class: { code: 'IMP' }, subject: ref, type: [{ text: payload() }],
      period: { start: today.toISOString(), end: today.toISOString() }, serviceProvider: who(), hospitalization: { dischargeDisposition: { text: payload() } },
    },
    {
      resourceType: 'Appointment', id: 'xp', status: 'noshow', description: payload(), start: new Date(today.getTime() - 86_400_000).toISOString(),
      participant: [{ actor: ref, status: 'declined' }, { actor: who(), status: 'accepted' }],
    },
    {
      resourceType: 'CareTeam', id: 'xt', status: 'active', subject: ref, name: payload(),
      participant: [{ role: [{ text: 'Lead professional' }, { text: payload() }], member: who(), onBehalfOf: who() }],
    },
    // A clinic letter (issue 22), inline HTML: payloads as markup (parsed, never run) and as the letter's
    // own escaped words (read as text, drawn as text), in its type, author, actions and narrative.
    {
      resourceType: 'DocumentReference', id: 'xl', status: 'current', subject: ref, date: today.toISOString(), type: { text: payload() }, author: [who()],
      content: [{ attachment: { contentType: 'text/html', data: Buffer.from(letterHtml()).toString('base64') } }],
    },
    {
      resourceType: 'Task', id: 'xk', status: 'requested', intent: 'order', for: ref, description: payload(), owner: who(),
      priority: 'urgent', restriction: { period: { end: '2020-01-01' } },
    },
  ];
  fhir = await startFhirSandbox({ port: 0, resources: [...data.resources, ...resources] });
  epr = await startEprSandbox({
    port: 0,
    // The EPR shows the same (escaped) name, so the identity check passes and the record is drawn.
    roster: [...data.roster, { ...data.roster[0]!, fhirId: 'xss', nhsNumber: nhs, family, given, title: undefined, birthDate: '1960-01-01', openemrPid: 999, openemrPubpid: 'PUB999' }],
  });
  eb = await launchWithExtension();
  await configureExtension(eb, sandboxSettings({ fhir, epr }));
});

afterAll(async () => {
  await eb?.close();
  await fhir?.close();
  await epr?.close();
});

it('runs none of the script payloads in any field the panel shows', async () => {
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${epr.baseUrl}/nhs/patients`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  await page.goto(`${epr.baseUrl}/nhs/patient/${nhs}`);
  await panel.waitForPatient(nhs).catch(async (e: unknown) => {
    throw new Error(`${String(e)}; the panel said: ${await panel.text()}`);
  });
  // Everything the panel can show: the full highlights list too.
  const more = await panel.page.$('.highlights__more');
  if (more) await more.click();
  await new Promise((r) => setTimeout(r, 500));

  const result = await panel.page.evaluate((count) => {
    const markers = Array.from({ length: count }, (_, i) => `p${i}`);
    const live = markers.filter((m) => document.querySelector(`[data-m="${m}"]`) !== null);
    const shownAsText = markers.filter((m) => document.body.innerText.includes(`data-m="${m}"`));
    const handlers = [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length;
    return { ran: (window as unknown as { __ran?: number }).__ran ?? 0, live, shownAsText, handlers };
  }, n);
  const executed = Math.max(result.ran, result.live.length);
  console.log(`scripts-executed: ${executed} of ${n} payloads`);
  console.log(`payloads-shown-as-text: ${result.shownAsText.length} of ${n}`);
  expect(result.ran).toBe(0);
  expect(result.live).toEqual([]);
  expect(result.handlers).toBe(0);
  // They were really drawn (as text), so the test exercised the fields rather than skipping them.
  expect(result.shownAsText.length).toBeGreaterThanOrEqual(15);

  // The letter page (its narrative and what it asks, as text), opened from the panel's link.
  const href = await panel.page.$eval('li.letter-action a[data-link="letter"]', (a) => (a as HTMLAnchorElement).href);
  const letterPage = await eb.browser.newPage();
  await letterPage.goto(href);
  await letterPage.waitForSelector('.letter', { timeout: 15_000 });
  const onLetterPage = await letterPage.evaluate((count) => {
    const markers = Array.from({ length: count }, (_, i) => `p${i}`);
    return {
      ran: (window as unknown as { __ran?: number }).__ran ?? 0,
      live: markers.filter((m) => document.querySelector(`[data-m="${m}"]`) !== null),
      shownAsText: markers.filter((m) => document.body.innerText.includes(`data-m="${m}"`)).length,
      handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
    };
  }, n);
  console.log(`letter-page-payloads-shown-as-text: ${onLetterPage.shownAsText} of ${n}`);
  expect(onLetterPage).toMatchObject({ ran: 0, live: [], handlers: 0 });
  // The letter's escaped words were drawn (its actions, its narrative), as text.
  expect(onLetterPage.shownAsText).toBeGreaterThanOrEqual(4);
  await letterPage.close();
});
