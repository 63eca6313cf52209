/// <reference types="chrome" />
/**
 * The adversarial review, kept: each attack it found (and each weakness found reading the code), run
 * against the built extension in Chromium as an attacker or a careless deployer would, named after it.
 * A test passes when the attack is blocked; the run ends printing `attacks-blocked: N of N`.
 * docs/security-and-safety.md lists each with its control.
 */
import { accessSync, constants, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuditEvent, Patient, Resource } from '@medplum/fhirtypes';
import type { CDPSession, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nhsCheckDigit } from '../utils/shared/nhs-number';
import { LOCAL_IDENTIFIER_SYSTEMS } from '../utils/shared/local-identifiers';
// The table, not settings.ts: plain Node cannot load the storage items settings.ts reads.
import { SECURITY_KEYS } from '../utils/settings/setting-table';
import { startFhirSandbox, type FhirSandbox } from '../sandbox/fhir-server/server';
import { startSandbox, type Sandbox } from '../sandbox/index';
import type { RosterPatient } from '../sandbox/roster';
import { HIDING_WAYS } from '../sandbox/epr/hostile';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, DEMO_READERS, launchWithExtension, sandboxSettings, stopWorker, STORE_EXTENSION_DIR, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { openTabInWindow, until } from './helpers';
import { identifyingValues, scanProfile } from './profile-scan';
import { SidePanelPage } from './side-panel-page';

const ROOT = path.resolve(import.meta.dirname, '..');
const ALL_READERS = [...DEMO_READERS, 'nhs-number-fallback'];
let attempted = 0;
let blocked = 0;

/** An attack: a test that passes only when the attack is blocked. */
function attack(name: string, run: () => Promise<void>, timeout = 120_000) {
  it(`attack ${name}`, async () => {
    attempted++;
    await run();
    blocked++;
  }, timeout);
}

afterAll(() => {
  console.log(`attacks-blocked: ${blocked} of ${attempted}`);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "12-Mar-1950", as a CUI banner shows a date of birth. */
const cuiDate = (iso: string) => `${iso.slice(8, 10)}-${MONTHS[Number(iso.slice(5, 7)) - 1]}-${iso.slice(0, 4)}`;
const spaced = (nhs: string) => `${nhs.slice(0, 3)} ${nhs.slice(3, 6)} ${nhs.slice(6)}`;
/** A valid NHS number from the 999 test range no roster patient has. */
function freshNhsNumber(n: number): string {
  for (let i = n; ; i++) {
    const nine = `99980${String(i).padStart(4, '0')}`;
    const check = nhsCheckDigit(nine);
    if (check !== undefined) return `${nine}${check}`;
  }
}

/**
 * Once the last page's record has gone (the panel clears as the page is left), the panel shows no record
 * for this long: sampled every 50 ms.
 */
async function neverShowsARecord(panel: SidePanelPage, ms = 2500): Promise<void> {
  await until(async () => (await panel.state()) !== 'record', 'the last page’s record to clear', 5000);
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await panel.state()).not.toBe('record');
    await sleep(50);
  }
}

/** The patient lookups asked (on their own, or first in the batch that also brings the record). */
const lookups = (fhir: FhirSandbox, since = 0) =>
  fhir.requestLog.filter((r) => r.at >= since).flatMap((r) => [r.url, ...(r.entries ?? [])]).filter((u) => u.includes('Patient?identifier='));
/** Record fetches of this patient: the batch whose entries read them by id (polling for changes reads none). */
const recordFetches = (fhir: FhirSandbox, patientId: string, since = 0) => fhir.requestLog.filter((r) => r.at >= since && r.entries?.includes(`GET Patient/${patientId}`));
/** AuditEvents on the server saying this patient's record was viewed (not fetched ahead: a prefetch is a query). */
const auditsOf = async (fhir: FhirSandbox, patientId: string) =>
  (await fhir.repo.searchResources<AuditEvent>({ resourceType: 'AuditEvent' })).filter((e) => e.type.code === '110110' && e.entity?.some((x) => x.what?.reference === `Patient/${patientId}`));

/** Runs `expression` in the content script's own world in `target` (as a compromised or buggy content script could). */
async function inContentScriptOf<T>(eb: ExtensionBrowser, target: Page, expression: string): Promise<T> {
  const cdp: CDPSession = await target.createCDPSession();
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  await until(async () => contexts.some((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(`chrome-extension://${eb.extensionId}`)), 'the content script world');
  const ctx = contexts.find((c) => c.auxData?.type === 'isolated' && c.origin.startsWith(`chrome-extension://${eb.extensionId}`))!;
  const { result } = (await cdp.send('Runtime.evaluate', { expression, contextId: ctx.id, awaitPromise: true, returnByValue: true })) as { result: { value: T } };
  await cdp.detach();
  return result.value;
}

describe('on the EPR pages of a configured origin', () => {
  let sandbox: Sandbox;
  let eb: ExtensionBrowser;
  let page: Page;
  let panel: SidePanelPage;
  let roster: RosterPatient[];
  /** The trust's PAS rule from the published Linux policy example, pointed at the sandbox's PAS. */
  let pasRule: Record<string, unknown>;
  // No prefetch: a list page's prefetch (e2e/prefetch.e2e.ts) would ask lookups these tests must not see.
  const configure = (readers: string[], extra: Record<string, unknown> = {}) =>
    configureExtension(eb, { ...sandboxSettings(sandbox, readers), staleAfterSeconds: 0, eprRules: [pasRule], prefetchMaxPatients: 0, ...extra });

  const inContentScript = <T>(target: Page, expression: string) => inContentScriptOf<T>(eb, target, expression);

  beforeAll(async () => {
    sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
    roster = sandbox.data.roster;
    const linux = JSON.parse(readFileSync(path.join(ROOT, 'docs/policies/chrome-edge-linux.json'), 'utf8')) as { '3rdparty': { extensions: Record<string, { eprRules: Record<string, unknown>[] }> } };
    const example = Object.values(linux['3rdparty'].extensions)[0]!.eprRules[0]!;
    pasRule = { ...example, origins: [new URL(sandbox.epr.baseUrl).origin], urlPatientId: { ...(example.urlPatientId as object), system: LOCAL_IDENTIFIER_SYSTEMS.openemrPubpid } };
    eb = await launchWithExtension();
    await configure(ALL_READERS);
    page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  });
  afterAll(async () => {
    await eb?.close();
    await sandbox?.close();
  });

  attack('1: a team inbox with an NHS number in a notification banner shows no record and audits nothing, even with the general reader on', async () => {
    await page.goto(`${sandbox.epr.baseUrl}/hostile/inbox`);
    await neverShowsARecord(panel);
    expect(await panel.text()).not.toContain(spaced(roster[0]!.nhsNumber));
    // Never looked up as the patient in view (the inbox's table is a list: its rows may be fetched ahead,
    // which shows no one), and no view audited.
    const w = await eb.worker();
    expect(await w.evaluate(async () => Object.values(await chrome.storage.session.get(null)).filter((v) => (v as { detection?: { kind: string } })?.detection?.kind === 'patient').length)).toBe(0);
    expect(await auditsOf(sandbox.fhir, roster[0]!.fhirId)).toEqual([]);
  });

  attack('1: the general reader is off unless the trust turns it on for the origin', async () => {
    const p = roster[1]!;
    const url = `${sandbox.epr.baseUrl}/hostile/header?nhs=${spaced(p.nhsNumber)}&name=${encodeURIComponent(`${p.given} ${p.family.toUpperCase()}`)}&born=${p.birthDate.split('-').reverse().join('/')}`;
    await configure(DEMO_READERS);
    const since = Date.now();
    await page.goto(url);
    await neverShowsARecord(panel);
    expect(lookups(sandbox.fhir, since)).toEqual([]);
    // The same page once the trust turns the general reader on for this origin: read (so the guard is what held).
    await configure(ALL_READERS);
    await page.goto(url);
    await panel.waitForPatient(p.nhsNumber);
  });

  attack('1: built-in readers run only on the origins the trust assigns them to', async () => {
    const p = roster[2]!;
    await configure(['openmrs']);
    const since = Date.now();
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
    await neverShowsARecord(panel);
    expect(lookups(sandbox.fhir, since)).toEqual([]);
    await configure(ALL_READERS);
    await page.reload();
    await panel.waitForPatient(p.nhsNumber);
  });

  attack('1: a page showing one patient’s NHS number beside another’s name and date of birth shows nothing and audits nothing', async () => {
    const [a, b] = [roster[3]!, roster[4]!];
    await page.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(a.nhsNumber)}&name=${encodeURIComponent(`${b.family.toUpperCase()}, ${b.given}`)}&born=${cuiDate(b.birthDate)}`);
    await panel.waitForState('mismatch');
    await neverShowsARecord(panel, 1000);
    expect(await panel.text()).toContain('Identity mismatch');
    await sleep(1500);
    expect(await auditsOf(sandbox.fhir, a.fhirId)).toEqual([]);
  });

  it('a record opened while the panel is closed is audited only once the panel draws it', async () => {
    const p = roster[5]!;
    await panel.page.close();
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
    const w = await eb.worker();
    await until(async () => w.evaluate(async (id) => Object.values(await chrome.storage.session.get(null)).some((v) => (v as { resolution?: { patientId?: string } })?.resolution?.patientId === id), p.fhirId), 'the patient to be found');
    await sleep(2000);
    expect(await auditsOf(sandbox.fhir, p.fhirId)).toEqual([]);
    panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    await panel.waitForPatient(p.nhsNumber);
    await until(async () => (await auditsOf(sandbox.fhir, p.fhirId)).length === 1, 'the view to be audited once drawn');
  });

  /** A patient on the shared record with this name, and the CUI banner page showing `shown` for them. */
  async function patientShownAs(n: number, record: { family: string; given: string }, shown: string) {
    const nhs = freshNhsNumber(n);
    await sandbox.fhir.repo.createResource<Patient>({ resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }], name: [{ family: record.family, given: [record.given] }], birthDate: '1950-03-12', gender: 'male' });
    await page.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(nhs)}&name=${encodeURIComponent(shown)}&born=12-Mar-1950`);
    return nhs;
  }

  attack('2: a record named in Cyrillic or Greek never passes for a banner naming someone in Latin letters', async () => {
    await patientShownAs(10, { family: 'Иванов', given: 'Иван' }, 'SMITH, John (Mr)');
    await panel.waitForState('mismatch');
    await patientShownAs(20, { family: 'Παπαδόπουλος', given: 'Γιώργος' }, 'SMITH, John (Mr)');
    await panel.waitForState('mismatch');
    await neverShowsARecord(panel, 1000);
  });

  attack('2: a surname that is also a title word is compared, not skipped', async () => {
    await patientShownAs(30, { family: 'Master', given: 'John' }, 'SMITH, John (Master)');
    await panel.waitForState('mismatch');
    await neverShowsARecord(panel, 1000);
    // The same record under its own name is shown: the comparison, not a refusal, held.
    const nhs = await patientShownAs(40, { family: 'Dame', given: 'Edna' }, 'DAME, Edna (Mrs)');
    await panel.waitForPatient(nhs);
  });

  attack('3: a patient page’s address in another page’s query string names no one', async () => {
    const p = roster[6]!;
    const since = Date.now();
    await page.goto(`${sandbox.epr.baseUrl}/pas/worklist?next=/pas/patient/${p.openemrPubpid}`);
    await neverShowsARecord(panel);
    expect(lookups(sandbox.fhir, since)).toEqual([]);
  });

  attack('3: on a patient’s own address the id stops where the path does', async () => {
    const p = roster[2]!;
    const since = Date.now();
    await page.goto(`${sandbox.epr.baseUrl}/pas/patient/${p.openemrPubpid}?tab=notes#top`);
    await until(async () => lookups(sandbox.fhir, since).length > 0, 'the lookup');
    expect(decodeURIComponent(lookups(sandbox.fhir, since)[0]!)).toContain(`|${p.openemrPubpid}&`);
    await panel.waitForPatient(p.nhsNumber);
  });

  attack('4: a rule whose pattern repeats a repeated part is refused with a clear message, and never run', async () => {
    const slow = { ...pasRule, id: 'slow-pas', banner: { selector: '.pt-hdr', namePattern: 'Name: ((?:[A-Za-z]+ ?)+) \\|', birthDatePattern: 'DOB (\\d{2}/\\d{2}/\\d{4})' } };
    await configureExtension(eb, { ...sandboxSettings(sandbox, DEMO_READERS), eprRules: [slow] });
    const options = await eb.browser.newPage();
    await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
    await options.waitForSelector('[role="alert"]');
    expect(await options.evaluate(() => document.body.innerText)).toMatch(/"slow-pas".*repeats a repeated part.*freeze/s);
    await options.close();
    const since = Date.now();
    await page.goto(`${sandbox.epr.baseUrl}/pas/patient/${roster[6]!.openemrPubpid}`);
    await neverShowsARecord(panel, 1500);
    expect(lookups(sandbox.fhir, since)).toEqual([]);
    await configure(ALL_READERS);
  });

  attack('4: a rule that still runs long on a page is switched off and reported, and the page stays usable', async () => {
    // Overlapping alternatives no static check sees: exponential on a run of a's with no b after it.
    const slow = { id: 'overlap', label: 'Overlap PAS', origins: [new URL(sandbox.epr.baseUrl).origin], pathPrefix: '/hostile/banner', banner: { selector: '.nhsuk-patient-banner', namePattern: '((?:a|a)*)b', birthDatePattern: 'Born (\\S+)' } };
    await configureExtension(eb, { fhirBaseUrl: sandbox.fhir.baseUrl, eprSites: [], eprRules: [slow] });
    await page.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(roster[0]!.nhsNumber)}&name=${'a'.repeat(25)}&born=12-Mar-1950`);
    const w = await eb.worker();
    await until(async () => ((await w.evaluate(() => chrome.storage.session.get('switchedOffRules'))).switchedOffRules as unknown[] | undefined)?.length === 1, 'the rule to be switched off', 30_000);
    await panel.waitForState('no-patient');
    expect(await panel.text()).toMatch(/Overlap PAS was switched off: it took \d+ ms/);
    // Read again (a reload): the rule is not run at all, so the page answers at once.
    const started = Date.now();
    await page.reload();
    await page.evaluate(() => 1);
    expect(Date.now() - started).toBeLessThan(3000);
    await configure(ALL_READERS);
  });

  const send = (type: string, data: unknown) =>
    `new Promise((resolve) => chrome.runtime.sendMessage({ id: 1, type: ${JSON.stringify(type)}, data: ${JSON.stringify(data)}, timestamp: Date.now() }, (r) => resolve(r ?? null)))`;

  attack('10: a content script cannot sign out, wipe the cache, write a task, refresh or audit', async () => {
    const p = roster[1]!;
    const before = (await auditsOf(sandbox.fhir, p.fhirId)).length;
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
    await panel.waitForPatient(p.nhsNumber);
    const w = await eb.worker();
    const contextId = await w.evaluate(async () => Object.values(await chrome.storage.session.get(null)).find((v) => (v as { resolution?: { status: string } })?.resolution?.status === 'found') as { contextId: string });
    const taskId = sandbox.data.resources.find((r) => r.resourceType === 'Task' && (r as { for?: { reference?: string } }).for?.reference === `Patient/${p.fhirId}`)?.id ?? 'any';
    // The panel's own audit of this view first, so that nothing after it is the panel's doing.
    await until(async () => (await auditsOf(sandbox.fhir, p.fhirId)).length === before + 1, 'the panel’s own audit');
    const audited = before + 1;
    const since = Date.now();
    await inContentScript(page, send('signOut', undefined));
    await inContentScript(page, send('clearCachedData', undefined));
    const answer = await inContentScript<{ res?: { problem?: string } }>(page, send('taskAction', { contextId: contextId.contextId, taskId, baseVersion: '1', action: { kind: 'note', text: 'forged' } }));
    await inContentScript(page, send('recordViewed', contextId.contextId));
    await inContentScript(page, send('refreshPatient', contextId.contextId));
    expect(answer.res?.problem).toMatch(/Refused/);
    await sleep(1500);
    // Still drawn (nothing wiped), nothing written, nothing audited, nothing refetched.
    expect(await panel.state()).toBe('record');
    expect(sandbox.fhir.requestLog.filter((r) => r.at >= since && r.method === 'PUT')).toEqual([]);
    expect(recordFetches(sandbox.fhir, p.fhirId, since)).toEqual([]);
    expect(await auditsOf(sandbox.fhir, p.fhirId)).toHaveLength(audited);
    expect(await w.evaluate(async () => Object.keys(await chrome.storage.session.get(null)).some((k) => k.startsWith('tab:')))).toBe(true);
  });

  attack('10: a record hidden by an identity mismatch is neither watched, notified about nor counted on the badge', async () => {
    const [a, b] = [roster[3]!, roster[4]!];
    await page.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(a.nhsNumber)}&name=${encodeURIComponent(`${b.family.toUpperCase()}, ${b.given}`)}&born=${cuiDate(b.birthDate)}`);
    await panel.waitForState('mismatch');
    const since = Date.now();
    // A care event for the hidden patient, then a check for changes.
    await fetch(`${sandbox.fhir.baseUrl.replace(/\/fhir\/R4$/, '')}/_sandbox/events`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'admission', patientId: a.fhirId }) });
    await panel.page.evaluate(() => new Promise((r) => chrome.runtime.sendMessage({ id: 2, type: 'pollNow', timestamp: Date.now() }, r)));
    await until(async () => sandbox.fhir.requestLog.some((r) => r.at >= since), 'a check for changes');
    await sleep(1000);
    const w = await eb.worker();
    const noticed = await w.evaluate(async (pid) => JSON.stringify((await chrome.storage.session.get('notices')).notices ?? []).includes(pid), a.fhirId);
    expect(noticed).toBe(false);
    // Not among the patients the checks for changes ask about (by subject, patient or actor).
    const asked = sandbox.fhir.requestLog.filter((r) => r.at >= since).flatMap((r) => r.entries ?? [r.url]).filter((e) => e.includes(a.fhirId) && /subject=|patient=|actor=|for=/.test(e));
    expect(asked).toEqual([]);
    const tabId = await w.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(u))?.id, `${sandbox.epr.baseUrl}/hostile/banner`);
    // No count of the hidden patient's tasks and alerts (a `!n` of unseen notices names no one).
    expect(await w.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId!)).not.toMatch(/^\d+$/);
  });

  // --- The second adversarial review (issue 18): the wrong patient by construction. ---

  /** A patient of the shared record with a fresh NHS number, and that number. */
  async function makePatient(n: number, name: { family: string; given: string[] }, birthDate: string, extra: Resource[] = []): Promise<{ nhs: string; id: string }> {
    const nhs = freshNhsNumber(n);
    const created = await sandbox.fhir.repo.createResource<Patient>({ resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }], name: [name], birthDate, gender: 'female' });
    for (const r of extra) await sandbox.fhir.repo.createResource({ ...r, ...('patient' in r ? { patient: { reference: `Patient/${created.id}` } } : { subject: { reference: `Patient/${created.id}` } }) } as Resource);
    return { nhs, id: created.id! };
  }
  /** A patient of the shared record (as the roster's are: NHS number, name, date of birth, id), made for one test. */
  async function person(n: number, family: string, given: string, birthDate: string): Promise<RosterPatient> {
    const made = await makePatient(n, { family, given: [given] }, birthDate);
    return { ...roster[0]!, nhsNumber: made.nhs, family, given, birthDate, fhirId: made.id };
  }
  /** The CUI banner page showing a roster patient exactly as the NHS CUI writes them. */
  const bannerOf = (p: RosterPatient) => `${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(p.nhsNumber)}&name=${encodeURIComponent(`${p.family.toUpperCase()}, ${p.given}`)}&born=${cuiDate(p.birthDate)}`;
  /** Rewrites the CUI banner on the page in place (an EPR changing patient without a navigation). */
  const showInPlace = (target: Page, p: RosterPatient) =>
    target.evaluate(
      (name, born, nhs) => {
        document.querySelector('.nhsuk-patient-banner__name')!.textContent = name;
        document.querySelector('[data-item="born"] dd')!.textContent = born;
        document.querySelector('[data-item="nhs-number"] dd')!.textContent = nhs;
      },
      `${p.family.toUpperCase()}, ${p.given}`,
      cuiDate(p.birthDate),
      spaced(p.nhsNumber),
    );

  attack('1: a page that dispatches the content script’s start event (or any event) cannot stop Alongside following the patient', async () => {
    const [a, b] = [await person(100, 'Whitfield', 'Agnes', '1941-02-03'), await person(110, 'Brannagh', 'Conor', '1977-10-11')];
    await page.goto(bannerOf(a));
    await panel.waitForPatient(a.nhsNumber);
    // What WXT's content-script wrapper listened for: its own start event, under every name it has used.
    await page.evaluate((id) => {
      for (const entry of ['epr', 'epr-page', 'epr.content']) {
        const type = `${id}:${entry}:wxt:content-script-started`;
        document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: entry, messageId: 'page' } }));
        window.postMessage({ type, contentScriptName: entry, messageId: 'page' }, '*');
      }
      window.dispatchEvent(new Event('pagehide'));
    }, eb.extensionId);
    await sleep(300);
    await showInPlace(page, b);
    await panel.waitForPatient(b.nhsNumber, 5000);
    expect(await panel.text()).not.toContain(spaced(a.nhsNumber));
  });

  attack('9: the page cannot tell Alongside is installed: it posts and dispatches nothing the page can hear', async () => {
    const heard = await eb.browser.newPage();
    await heard.evaluateOnNewDocument((id) => {
      const log: string[] = ((window as unknown as { heard: string[] }).heard = []);
      window.addEventListener('message', (e) => log.push(`message ${JSON.stringify(e.data)}`), true);
      for (const entry of ['epr', 'epr-page', 'epr.content']) document.addEventListener(`${id}:${entry}:wxt:content-script-started`, () => log.push(`event ${entry}`), true);
      new MutationObserver((records) => records.forEach((r) => r.type === 'attributes' && log.push(`attribute ${r.attributeName}`))).observe(document, { attributes: true, subtree: true });
    }, eb.extensionId);
    await heard.goto(bannerOf(await person(120, 'Lindqvist', 'Maja', '1990-07-21')));
    // The content script is running (the patient is read) and the page heard nothing of it.
    const w = await eb.worker();
    await until(async () => w.evaluate(async () => Object.values(await chrome.storage.session.get(null)).some((v) => (v as { detection?: { kind: string } })?.detection?.kind === 'patient')), 'the page to be read');
    expect(await heard.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual([]);
    await heard.close();
  });

  attack('1: a content script that stops, for any reason, leaves its tab showing no patient at once', async () => {
    const p = await person(130, 'Osei', 'Kwame', '1959-12-30');
    await page.goto(bannerOf(p));
    await panel.waitForPatient(p.nhsNumber);
    // The script's life ends (as when its frame goes or the extension is reloaded): its port closes.
    await inContentScript(page, `globalThis.__alongsidePageLife.stop('stopped by the test'), true`);
    await panel.waitForState('no-patient', 3000);
    expect(await panel.text()).toMatch(/Alongside stopped reading this page/);
  });

  attack('2: reports applied out of order: a cached patient then a new one a frame later, the worker cold and a list prefetching, ends on the patient in view', async () => {
    await configure(ALL_READERS, { prefetchMaxPatients: 30 });
    // The list in a window of its own: the panel follows this window's tab.
    const w = await eb.worker();
    const otherWindow = await w.evaluate(() => chrome.windows.create({ focused: false }).then((win) => win!.id!));
    const { page: listTab } = await openTabInWindow(eb, otherWindow, `${sandbox.epr.baseUrl}/`);
    // Y has a large record, cached (seen before): finding it in the cache takes the longest. X is new each round.
    const essay = 'Long-standing problem, reviewed at every visit. '.repeat(300);
    const problems = Array.from({ length: 45 }, (_, i) => ({ resourceType: 'Condition', clinicalStatus: { coding: [{ code: 'active' }] }, code: { text: `Problem ${i}` }, note: [{ text: essay }] }) as unknown as Resource);
    const made = await makePatient(700, { family: 'Yardley', given: ['Ruth'] }, '1936-04-09', problems);
    const y: RosterPatient = { ...roster[0]!, nhsNumber: made.nhs, family: 'Yardley', given: 'Ruth', birthDate: '1936-04-09', fhirId: made.id };
    await page.goto(bannerOf(y));
    await panel.waitForPatient(y.nhsNumber);
    let wrong = 0;
    for (let round = 0; round < 6; round++) {
      const x = await person(710 + round * 10, 'Xavier', 'Paul', '1966-01-15');
      await page.goto(bannerOf(y));
      await panel.waitForPatient(y.nhsNumber);
      // No one in view, then (with the worker stopped and a list being fetched ahead) Y, and X one frame later.
      const banner = await page.evaluate(() => {
        const el = document.querySelector('.nhsuk-patient-banner')!;
        el.remove();
        return el.outerHTML;
      });
      await panel.waitForState('no-patient');
      await stopWorker(eb);
      await listTab.goto(`${sandbox.epr.baseUrl}/nhs/patients?round=${round}`);
      await page.evaluate(
        (html, name, born, nhs) =>
          new Promise<void>((done) => {
            document.body.insertAdjacentHTML('afterbegin', html);
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                document.querySelector('.nhsuk-patient-banner__name')!.textContent = name;
                document.querySelector('[data-item="born"] dd')!.textContent = born;
                document.querySelector('[data-item="nhs-number"] dd')!.textContent = nhs;
                done();
              }),
            );
          }),
        banner,
        `${x.family.toUpperCase()}, ${x.given}`,
        cuiDate(x.birthDate),
        spaced(x.nhsNumber),
      );
      await panel.waitForPatient(x.nhsNumber, 15_000).catch(() => wrong++);
      const end = Date.now() + 1500;
      while (Date.now() < end) {
        if ((await panel.text()).includes(spaced(y.nhsNumber))) wrong++;
        await sleep(50);
      }
    }
    await (await eb.worker()).evaluate((id) => chrome.windows.remove(id), otherWindow);
    await configure(ALL_READERS);
    expect(wrong).toBe(0);
  }, 300_000);

  attack('3: a twin’s banner with her sister’s NHS number (same surname, same date of birth, a shared middle name) shows nothing', async () => {
    const amelia = await makePatient(50, { family: 'Hargreaves', given: ['Amelia', 'Rose'] }, '2019-06-01');
    await page.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(amelia.nhs)}&name=${encodeURIComponent('HARGREAVES, Isla Rose')}&born=01-Jun-2019`);
    await panel.waitForState('mismatch');
    await neverShowsARecord(panel, 1000);
    expect(await auditsOf(sandbox.fhir, amelia.id)).toEqual([]);
  });

  attack('3: a banner whose date of birth cannot be read shows the record marked partly checked, and none where the trust requires both checks', async () => {
    const p = await makePatient(60, { family: 'Okonjo', given: ['Grace'] }, '1948-03-01');
    const url = `${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(p.nhs)}&name=${encodeURIComponent('OKONJO, Grace')}&born=${encodeURIComponent('1st March 48')}`;
    await page.goto(url);
    await panel.waitForPatient(p.nhs);
    expect(await panel.page.$eval('[data-testid="identity-not-cross-checked"]', (el) => el.textContent)).toMatch(/date of birth not understood \("1st March 48"\)\. A wrong date of birth on this page would not hide this record/);
    await configure(ALL_READERS, { requireBothIdentityChecks: true });
    await page.goto(url);
    await panel.waitForState('mismatch');
    expect(await panel.text()).toMatch(/Identity not fully checked: record hidden/);
    await neverShowsARecord(panel, 1000);
    await configure(ALL_READERS);
  });

  for (const way of HIDING_WAYS) {
    attack(`4: text hidden in a banner (${way}) never names the patient: the banner names whom it shows`, async () => {
      const n = 300 + HIDING_WAYS.indexOf(way) * 20;
      const [hidden, shown] = [await person(n, 'Hidden', 'Harriet', '1950-01-01'), await person(n + 10, 'Shown', 'Sophie', '1960-06-06')];
      const who = (p: RosterPatient) => encodeURIComponent(`${spaced(p.nhsNumber)}|${p.family.toUpperCase()}, ${p.given}|${cuiDate(p.birthDate)}`);
      await page.goto(`${sandbox.epr.baseUrl}/hostile/hidden?way=${way}&shown=${who(shown)}&hidden=${who(hidden)}`);
      await panel.waitForPatient(shown.nhsNumber);
      const end = Date.now() + 800;
      while (Date.now() < end) {
        expect(await panel.text()).not.toContain(spaced(hidden.nhsNumber));
        await sleep(50);
      }
      expect(await auditsOf(sandbox.fhir, hidden.fhirId)).toEqual([]);
    });
  }

  attack('4: a banner moved off the screen names no one, however it left', async () => {
    const p = await person(190, 'Farrant', 'Ivy', '1944-08-18');
    const since = Date.now();
    await page.goto(`${sandbox.epr.baseUrl}/hostile/hidden?way=whole-banner-off-screen&shown=&hidden=${encodeURIComponent(`${spaced(p.nhsNumber)}|${p.family.toUpperCase()}, ${p.given}|${cuiDate(p.birthDate)}`)}`);
    await neverShowsARecord(panel);
    expect(lookups(sandbox.fhir, since)).toEqual([]);
    // A banner on screen leaves it in place (moved left, out of the window): no one either.
    await page.goto(bannerOf(p));
    await panel.waitForPatient(p.nhsNumber);
    await page.evaluate(() => Object.assign(document.querySelector<HTMLElement>('.nhsuk-patient-banner')!.style, { position: 'absolute', left: '-5000px' }));
    await panel.waitForState('no-patient', 3000);
  });

  attack('4: the rule trial reads only what is on screen, as the content script does', async () => {
    const [hidden, shown] = [await person(600, 'Hidden', 'Harriet', '1950-01-01'), await person(610, 'Shown', 'Sophie', '1960-06-06')];
    const who = (p: RosterPatient) => encodeURIComponent(`${spaced(p.nhsNumber)}|${p.family.toUpperCase()}, ${p.given}|${cuiDate(p.birthDate)}`);
    await page.goto(`${sandbox.epr.baseUrl}/hostile/hidden?way=clipped&shown=${who(shown)}&hidden=${who(hidden)}`);
    const rule = { id: 'cui-trial', label: 'Trial', origins: [new URL(sandbox.epr.baseUrl).origin], banner: { selector: '.nhsuk-patient-banner', namePattern: '([A-Z][A-Z]+, \\w+)', birthDatePattern: 'Born (\\S+)' } };
    const w = await eb.worker();
    const tabId = await w.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, page.url());
    const trial = await w.evaluate(async (id, r) => {
      await chrome.scripting.executeScript({ target: { tabId: id! }, func: (rr) => void ((globalThis as Record<string, unknown>).__alongsideRuleUnderTrial = { rule: rr, mode: 'once' }), args: [r] });
      const [result] = await chrome.scripting.executeScript({ target: { tabId: id! }, files: ['rule-tester.js'] });
      return result?.result as { detection?: { kind: string; patient?: { nhsNumber?: string; displayName?: string } } };
    }, tabId, rule);
    expect(trial.detection?.patient?.nhsNumber).toBe(shown.nhsNumber);
    expect(trial.detection?.patient?.displayName).toBe(`${shown.family.toUpperCase()}, ${shown.given}`);
  });

  attack('7: a page flickering its banner and dispatching page events makes one audited view, not many', async () => {
    // (A reload or a navigation is the record opened again: viewed again, and audited again.)
    const p = await person(200, 'Quayle', 'Edith', '1951-11-02');
    await page.goto(bannerOf(p));
    await panel.waitForPatient(p.nhsNumber);
    await until(async () => (await auditsOf(sandbox.fhir, p.fhirId)).length === 1, 'the view to be audited');
    for (let i = 0; i < 5; i++) {
      // The page pretends to be left and restored, and takes its banner away and back.
      await page.evaluate(() => {
        window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
        window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
        window.dispatchEvent(new PopStateEvent('popstate'));
      });
      const banner = await page.evaluate(() => {
        const el = document.querySelector('.nhsuk-patient-banner')!;
        const html = el.outerHTML;
        el.remove();
        return html;
      });
      await sleep(150);
      await page.evaluate((html) => document.body.insertAdjacentHTML('afterbegin', html), banner);
      await panel.waitForPatient(p.nhsNumber);
    }
    await sleep(2500);
    expect(await auditsOf(sandbox.fhir, p.fhirId)).toHaveLength(1);
  });

  attack('11: a server that pads every search with 300 administrative flags cannot push a known allergy out', async () => {
    const allergy = { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/x' }, clinicalStatus: { coding: [{ code: 'active' }] }, verificationStatus: { coding: [{ code: 'confirmed' }] }, code: { text: 'Penicillin' }, criticality: 'high', reaction: [{ manifestation: [{ text: 'Anaphylaxis' }] }] } as unknown as Resource;
    const p = await makePatient(70, { family: 'Adeyemi', given: ['Folake'] }, '1970-05-05', [allergy]);
    sandbox.fhir.setFaults({ padSearchesWith: 300 });
    try {
      await page.goto(`${sandbox.epr.baseUrl}/hostile/banner?nhs=${spaced(p.nhs)}&name=${encodeURIComponent('ADEYEMI, Folake')}&born=05-May-1970`);
      await panel.waitForPatient(p.nhs);
      const text = await panel.text();
      expect(text).toMatch(/Allergy: Penicillin/);
      expect(text).not.toMatch(/Allergies not recorded/);
    } finally {
      sandbox.fhir.setFaults({});
    }
  });

  attack('7: a task write queued for one server is never sent to another', async () => {
    const task = sandbox.data.resources.find((r) => r.resourceType === 'Task' && ['requested', 'accepted', 'in-progress'].includes((r as { status: string }).status) && roster.some((q) => (r as { for?: { reference?: string } }).for?.reference === `Patient/${q.fhirId}`)) as { id: string; meta?: { versionId?: string }; for: { reference: string } };
    const p = roster.find((q) => task.for.reference === `Patient/${q.fhirId}`)!;
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
    await panel.waitForPatient(p.nhsNumber);
    // The server goes down; the clinician adds a note (queued in the outbox).
    sandbox.fhir.setFaults({ down: true });
    const w = await eb.worker();
    const ctx = await w.evaluate(async () => Object.values(await chrome.storage.session.get(null)).find((v) => (v as { resolution?: { status: string } })?.resolution?.status === 'found') as { contextId: string });
    const answer = await panel.page.evaluate(
      (req) => new Promise((r) => chrome.runtime.sendMessage({ id: 3, type: 'taskAction', data: req, timestamp: Date.now() }, r)),
      { contextId: ctx.contextId, taskId: task.id, baseVersion: task.meta?.versionId ?? '1', action: { kind: 'note', text: 'Note for server A' } },
    );
    expect(JSON.stringify(answer)).toContain('writeId');
    // The browser is pointed at another shared record server.
    const other = await startFhirSandbox({ port: 0, resources: sandbox.data.resources });
    try {
      await configure(ALL_READERS, { fhirBaseUrl: other.baseUrl });
      await panel.page.evaluate(() => new Promise((r) => chrome.runtime.sendMessage({ id: 4, type: 'pollNow', timestamp: Date.now() }, r)));
      await sleep(3000);
      expect(other.requestLog.filter((r) => r.url.includes('/Task/') || (r.method === 'POST' && r.url.endsWith('/Task')))).toEqual([]);
    } finally {
      await other.close();
      sandbox.fhir.setFaults({});
      await configure(ALL_READERS);
    }
  });
});

describe('sign-in: one browser, two clinicians', () => {
  let sandbox: Sandbox;
  let eb: ExtensionBrowser;
  let page: Page;
  let panel: SidePanelPage;
  const rachel = { sub: 'pr-rachel-evans', name: 'Ms Rachel Evans', fhirUser: 'Practitioner/pr-rachel-evans' };
  const omar = { sub: 'pr-omar-hassan', name: 'Dr Omar Hassan', fhirUser: 'Practitioner/pr-omar-hassan' };

  beforeAll(async () => {
    sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null, auth: true });
    eb = await launchWithExtension();
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 3600, authIssuer: sandbox.auth!.issuer });
    page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.epr.baseUrl}/`);
    panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  });
  afterAll(async () => {
    await eb?.close();
    await sandbox?.close();
  });

  /** Signs in (the clinician `signInAs` named), unless someone is signed in already. */
  const signIn = async () => {
    await panel.page.waitForSelector('[data-action="sign-in"], [data-testid="signed-in-as"]');
    if (await panel.page.$('[data-testid="signed-in-as"]')) return;
    await panel.page.click('[data-action="sign-in"]');
    await panel.page.waitForSelector('[data-testid="signed-in-as"]', { timeout: 20_000 });
  };
  const cachedRecords = async () => (await eb.worker()).evaluate(() => new Promise<number>((resolve) => {
    const open = indexedDB.open('alongside');
    open.onsuccess = () => {
      const req = open.result.transaction('records').objectStore('records').count();
      req.onsuccess = () => resolve(req.result);
    };
  }));

  attack('7: another clinician signing in on the same browser sees nothing the last one could, and the last one’s task write is not sent with their token', async () => {
    sandbox.auth!.signInAs(rachel);
    await signIn();
    const p = sandbox.data.roster[0]!;
    await new NhsCuiDriver(page, sandbox.epr.baseUrl).openPatient(p);
    await panel.waitForPatient(p.nhsNumber);
    expect(await cachedRecords()).toBeGreaterThan(0);
    // Rachel writes a note while the server is down: queued.
    const task = sandbox.data.resources.find((r) => r.resourceType === 'Task' && (r as { for?: { reference?: string } }).for?.reference === `Patient/${p.fhirId}`);
    sandbox.fhir.setFaults({ down: true });
    const w = await eb.worker();
    const ctx = await w.evaluate(async () => Object.values(await chrome.storage.session.get(null)).find((v) => (v as { resolution?: { status: string } })?.resolution?.status === 'found') as { contextId: string });
    const version = (await sandbox.fhir.repo.readResource('Task', task!.id!)).meta?.versionId ?? '1';
    await panel.page.evaluate((req) => new Promise((r) => chrome.runtime.sendMessage({ id: 5, type: 'taskAction', data: req, timestamp: Date.now() }, r)), { contextId: ctx.contextId, taskId: task!.id!, baseVersion: version, action: { kind: 'note', text: 'Rachel’s note' } });

    // Omar signs in on the same browser without Rachel signing out (the sign-in server forgets her session, as a smartcard removed would).
    sandbox.auth!.signInAs(omar);
    const cdp = await panel.page.createCDPSession();
    await cdp.send('Network.clearBrowserCookies');
    await cdp.detach();
    const answer = await panel.page.evaluate(() => new Promise((r) => chrome.runtime.sendMessage({ id: 7, type: 'signIn', timestamp: Date.now() }, r)));
    expect(JSON.stringify(answer), JSON.stringify(answer)).toContain('Dr Omar Hassan');
    await until(async () => (await cachedRecords()) === 0, 'what Rachel could see to be wiped');
    // The server is back while Omar is signed in: Rachel's note must not go with his token.
    sandbox.fhir.setFaults({});
    const since = Date.now();
    await panel.page.evaluate(() => new Promise((r) => chrome.runtime.sendMessage({ id: 6, type: 'pollNow', timestamp: Date.now() }, r)));
    await sleep(3000);
    expect(sandbox.fhir.requestLog.filter((r) => r.at >= since && r.method === 'PUT' && r.url.includes('/Task/'))).toEqual([]);
    const held = await w.evaluate(() => new Promise<string[]>((resolve) => {
      const open = indexedDB.open('alongside');
      open.onsuccess = () => {
        const req = open.result.transaction('taskOutbox').objectStore('taskOutbox').getAll();
        req.onsuccess = () => resolve((req.result as { state: string }[]).map((r) => r.state));
      };
    }));
    expect(held).toEqual(['held']);
  });

  attack('7: losing the token without signing out wipes what the last clinician could see', async () => {
    const p = sandbox.data.roster[1]!;
    await new NhsCuiDriver(page, sandbox.epr.baseUrl).openPatient(p);
    await panel.waitForPatient(p.nhsNumber);
    expect(await cachedRecords()).toBeGreaterThan(0);
    // The token is refused or expires (no sign-out): the stored tokens go.
    await (await eb.worker()).evaluate(() => chrome.storage.session.remove('authTokens'));
    await until(async () => (await cachedRecords()) === 0, 'the cache to be wiped');
    await panel.waitForState('sign-in');
    expect(await (await eb.worker()).evaluate(async () => Object.keys(await chrome.storage.session.get(['myTasks', 'notices', 'watchState'])))).toEqual([]);
  });

  attack('6: after a sign-out, the next sign-in asks who is at the keyboard: the next clinician is never signed in as the last', async () => {
    sandbox.auth!.signInAs(rachel);
    await signIn();
    expect(await panel.page.$eval('[data-testid="signed-in-as"]', (el) => el.textContent)).toContain('Ms Rachel Evans');
    await panel.page.click('[data-action="sign-out"]');
    await panel.waitForState('sign-in');
    // Omar is at the keyboard now. The sign-in server still holds Rachel's session (its cookie stays).
    sandbox.auth!.signInAs(omar);
    await signIn();
    expect(await panel.page.$eval('[data-testid="signed-in-as"]', (el) => el.textContent)).toContain('Dr Omar Hassan');
  });

  attack('8: a paging link that climbs out of the FHIR base path never receives the token', async () => {
    await signIn();
    sandbox.fhir.setFaults({ nextLink: '../../internal-admin/export' });
    try {
      const p = sandbox.data.roster[3]!;
      await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
      await until(async () => sandbox.fhir.requestLog.some((r) => r.entries?.includes(`GET Patient/${p.fhirId}`) || r.url.includes('Patient?identifier=')), 'the record to be asked for');
      await sleep(2000);
      expect(sandbox.fhir.strayLog.filter((r) => r.url.includes('internal-admin'))).toEqual([]);
    } finally {
      sandbox.fhir.setFaults({});
    }
  });

  attack('12: the GP record is asked for with the signed-in clinician’s token, issued for the GP proxy alone', async () => {
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 0, authIssuer: sandbox.auth!.issuer, gpConnectEndpoint: sandbox.fhir.gpConnectBaseUrl });
    sandbox.auth!.signInAs(rachel);
    // The sign-in covers the GP proxy from the next sign-in on.
    if (await panel.page.$('[data-testid="signed-in-as"]')) {
      await panel.page.click('[data-action="sign-out"]');
      await panel.waitForState('sign-in');
    }
    await signIn();
    const since = Date.now();
    const p = sandbox.data.roster[4]!;
    await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
    await panel.waitForPatient(p.nhsNumber);
    const gp = () => sandbox.fhir.requestLog.filter((r) => r.at >= since && r.url.includes('/gpconnect/'));
    await until(async () => gp().length > 0, 'the GP record to be asked for');
    // The proxy accepted only a token issued for it (its audience), naming the clinician who asked.
    expect(gp().map((r) => [r.status, r.requester])).toEqual(gp().map(() => [200, rachel.fhirUser]));
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 3600, authIssuer: sandbox.auth!.issuer });
  });

  attack('7: the token goes only to the FHIR server it was issued for', async () => {
    await signIn();
    const other = await startFhirSandbox({ port: 0, resources: sandbox.data.resources });
    try {
      await configureExtension(eb, { ...sandboxSettings({ fhir: other, epr: sandbox.epr }), staleAfterSeconds: 0, authIssuer: sandbox.auth!.issuer });
      const p = sandbox.data.roster[2]!;
      await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
      await until(async () => other.requestLog.length > 0, 'a request to the other server');
      await sleep(1000);
      expect(other.requestLog.filter((r) => r.authorized)).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('a browser killed mid-session', () => {
  attack('10: a crash leaves no patient details on disk, a server’s error text naming the patient included', async () => {
    const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
    const profile = mkdtempSync(path.join(tmpdir(), 'alongside-crash-'));
    const eb = await launchWithExtension({ userDataDir: profile });
    const [shown, failing] = [sandbox.data.roster[0]!, sandbox.data.roster[1]!];
    try {
      await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 0 });
      const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
      await page.goto(`${sandbox.epr.baseUrl}/`);
      const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
      await new NhsCuiDriver(page, sandbox.epr.baseUrl).openPatient(shown);
      await panel.waitForPatient(shown.nhsNumber);
      // The server fails, and its error text names the patient in full.
      sandbox.fhir.setFaults({ errorRate: 1, errorDiagnostics: `Lookup failed for ${failing.given} ${failing.family.toUpperCase()}, NHS ${failing.nhsNumber}, born ${failing.birthDate}` });
      await new NhsCuiDriver(page, sandbox.epr.baseUrl).openPatient(failing);
      // A copy fetched ahead (the list) is shown with the problem; with none, the problem alone.
      await until(async () => (await panel.text()).includes('answered 503'), 'the failure to be shown');
      await sleep(1000);
    } finally {
      // Killed, not closed: nothing is flushed or tidied on the way out.
      eb.browser.process()?.kill('SIGKILL');
      await sleep(500);
    }
    try {
      const scan = scanProfile(profile, eb.extensionId, [...identifyingValues(shown), ...identifyingValues(failing)]);
      for (const h of scan.alongsideHits) console.log(`  found: ${h}`);
      expect(scan.searchedAlongside).toBe(true);
      expect(scan.alongsideHits).toEqual([]);
    } finally {
      await sandbox.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});

describe('store builds and careless deployments', () => {
  attack('8: a store build with no policy is not configured, reads no page and asks no server', async () => {
    const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
    const eb = await launchWithExtension({ extensionDir: STORE_EXTENSION_DIR });
    try {
      const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
      await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${sandbox.data.roster[0]!.nhsNumber}`);
      // A store build may not read this page's address (no host access, no tabs permission): its window is the only one.
      const panel = await SidePanelPage.open(eb, await (await eb.worker()).evaluate(async () => (await chrome.windows.getAll())[0]!.id!));
      await panel.waitForState('not-configured');
      expect(await panel.text()).toMatch(/not set up/);
      await sleep(1500);
      expect(sandbox.fhir.requestLog).toEqual([]);
      const registered = await (await eb.worker()).evaluate(() => chrome.scripting.getRegisteredContentScripts());
      expect(registered).toEqual([]);
    } finally {
      await eb.close();
      await sandbox.close();
    }
  });

  const POLICY_DIR = '/etc/chromium/policies/managed';
  const policyFile = path.join(POLICY_DIR, `alongside-e2e-attacks-${process.pid}.json`);
  const canWritePolicy = (() => {
    try {
      mkdirSync(POLICY_DIR, { recursive: true });
      accessSync(POLICY_DIR, constants.W_OK);
      for (const f of readdirSync(POLICY_DIR)) if (f.startsWith('alongside-e2e-')) rmSync(path.join(POLICY_DIR, f), { force: true });
      return true;
    } catch {
      return false;
    }
  })();
  const EXTENSION_ID = 'ldnoijeblfdalhpmiaajbeheahnbccef';
  const withPolicy = async (config: Record<string, unknown>, extensionDir: string | undefined, run: (eb: ExtensionBrowser) => Promise<void>) => {
    writeFileSync(policyFile, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: config } } }));
    const eb = await launchWithExtension({ extensionDir });
    try {
      // Chrome applies the policy a moment after starting.
      const w = await eb.worker();
      await until(async () => Object.keys(await w.evaluate(() => chrome.storage.managed.get(null))).length > 0, 'the policy to apply');
      await run(eb);
    } finally {
      await eb.close();
      rmSync(policyFile, { force: true });
    }
  };

  attack('8: a policy pointing at an http server is refused, says why, and the extension stays unconfigured', async () => {
    if (!canWritePolicy) throw new Error(`${POLICY_DIR} is not writable: this attack cannot be run here`);
    await withPolicy({ fhirBaseUrl: 'http://shared-record.example.nhs.uk/fhir/R4', eprSites: [{ origin: 'https://epr.example.nhs.uk', readers: ['nhs-cui-banner'] }] }, STORE_EXTENSION_DIR, async (eb) => {
      const options = await eb.browser.newPage();
      await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
      await options.waitForSelector('[data-section="setting-problems"]');
      expect(await options.evaluate(() => document.body.innerText)).toMatch(/FHIR server must use https.*policy; not used/);
      const w = await eb.worker();
      await options.goto(`chrome-extension://${eb.extensionId}/sidepanel.html?followWindow=${await w.evaluate(async () => (await chrome.windows.getAll())[0]!.id!)}`);
      await options.waitForSelector('[data-state="not-configured"]');
    });
  });

  attack('8: on a managed install the clinician cannot point the audit trail elsewhere or turn off the inactivity wipe', async () => {
    if (!canWritePolicy) throw new Error(`${POLICY_DIR} is not writable: this attack cannot be run here`);
    const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
    const elsewhere = await startFhirSandbox({ port: 0, resources: [] });
    try {
      await withPolicy({ ...sandboxSettings(sandbox), idleWipeMinutes: 15 }, undefined, async (eb) => {
        // What the options page would save, were its fields not locked.
        await configureExtension(eb, { auditEndpoint: elsewhere.baseUrl, idleWipeMinutes: 0 });
        const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
        await page.goto(`${sandbox.epr.baseUrl}/`);
        const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
        const p = sandbox.data.roster[0]!;
        await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
        await panel.waitForPatient(p.nhsNumber);
        await until(async () => (await auditsOf(sandbox.fhir, p.fhirId)).length === 1, 'the view audited on the trust’s server');
        expect(elsewhere.requestLog).toEqual([]);
        const options = await eb.browser.newPage();
        await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
        await options.waitForSelector('input[name="auditEndpoint"]');
        expect(await options.$eval('input[name="auditEndpoint"]', (el) => (el as HTMLInputElement).disabled)).toBe(true);
        expect(await options.$eval('input[name="idleWipeMinutes"]', (el) => (el as HTMLInputElement).disabled)).toBe(true);
      });
    } finally {
      await elsewhere.close();
      await sandbox.close();
    }
  });

  attack('8: every example policy sets every security-relevant setting, https only', async () => {
    const texts = ['chrome-edge-linux.json', 'firefox-policies.json', 'chrome-windows.reg', 'chrome-macos.plist'].map((f) => readFileSync(path.join(ROOT, 'docs/policies', f), 'utf8'));
    for (const text of texts) {
      for (const key of SECURITY_KEYS) expect(text, key).toContain(key);
      expect(text).not.toMatch(/http:\/\/(?!www\.apple\.com)/);
    }
  });

  attack('9: least privilege: store builds ask for no host, no http and no tabs', async () => {
    for (const dir of ['chrome-mv3', 'firefox-mv3']) {
      const m = JSON.parse(readFileSync(path.join(ROOT, '.output', dir, 'manifest.json'), 'utf8')) as { permissions: string[]; host_permissions?: string[]; optional_host_permissions: string[] };
      expect(m.permissions).not.toContain('tabs');
      expect(m.host_permissions ?? []).toEqual([]);
      expect(m.optional_host_permissions).toEqual(['https://*/*']);
    }
  });
});
