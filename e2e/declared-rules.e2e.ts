/**
 * A trust declares an EPR Alongside has no reader for (docs/epr-rules.md), and the built extension
 * detects its patients; a rule whose name does not match the record trips the identity check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { spaced } from './helpers';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;
let page: Page;
let panel: SidePanelPage;

const pasRule = (origin: string, namePattern = 'Name: ([^|]+?) \\|') => ({
  id: 'northshire-pas',
  label: 'Northshire PAS',
  origins: [origin],
  pathPrefix: '/pas/',
  urlPatientId: { pattern: '/pas/patient/([^/]+)', system: 'https://alongside.test/id/openemr-pubpid' },
  banner: { selector: '.pt-hdr', namePattern, birthDatePattern: 'DOB (\\d{2}/\\d{2}/\\d{4})' },
});

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${sandbox.epr.baseUrl}/pas/patients`);
  panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
});

afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

describe('trust-declared EPR rules', () => {
  it('without a rule, the PAS patient page is not read', async () => {
    await configureExtension(eb, { ...sandboxSettings(sandbox) });
    const p = sandbox.data.roster[0]!;
    await page.goto(`${sandbox.epr.baseUrl}/pas/patient/${p.openemrPubpid}`);
    await panel.waitForState('no-patient');
  });

  it('with the rule, the patient is found by the id in the address and shown', async () => {
    const w = await eb.worker();
    const origin = new URL(sandbox.epr.baseUrl).origin;
    await w.evaluate((s) => chrome.storage.local.set({ settings: s }), { ...sandboxSettings(sandbox), eprRules: [pasRule(origin)] });
    const p = sandbox.data.roster[1]!;
    await page.goto(`${sandbox.epr.baseUrl}/pas/patient/${p.openemrPubpid}`);
    await panel.waitForPatient(p.nhsNumber);
    expect(await panel.text()).toContain(spaced(p.nhsNumber));
  });

  it('a bad rule is ignored whole, the good one still works', async () => {
    const w = await eb.worker();
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const bad = { ...pasRule(origin), id: 'broken', urlPatientId: { pattern: '(', system: 'x' } };
    await w.evaluate((s) => chrome.storage.local.set({ settings: s }), { ...sandboxSettings(sandbox), eprRules: [bad, pasRule(origin)] });
    const p = sandbox.data.roster[2]!;
    await page.goto(`${sandbox.epr.baseUrl}/pas/patient/${p.openemrPubpid}`);
    await panel.waitForPatient(p.nhsNumber);
  });

  it('when the name the EPR shows is not the record’s, the record is hidden behind a warning naming both', async () => {
    const w = await eb.worker();
    const origin = new URL(sandbox.epr.baseUrl).origin;
    // A rule that reads the wrong part of the banner as the name: exactly the error the check is for.
    await w.evaluate((s) => chrome.storage.local.set({ settings: s }), {
      fhirBaseUrl: sandbox.fhir.baseUrl,
      eprRules: [pasRule(origin, 'Hospital No: (\\S+)')],
    });
    const p = sandbox.data.roster[3]!;
    await page.goto(`${sandbox.epr.baseUrl}/pas/patient/${p.openemrPubpid}`);
    await panel.waitForState('mismatch');
    const text = await panel.text();
    expect(text).toContain('Identity mismatch');
    expect(text).toContain(p.openemrPubpid);
    expect(text).toContain(`${p.given} ${p.family}`);
    expect(text).not.toContain(spaced(p.nhsNumber));
  });

  it('a rule with a frame reads the patient page inside it, following patients opened in the frame', async () => {
    const w = await eb.worker();
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const framed = {
      id: 'northshire-pas-workspace',
      label: 'Northshire PAS workspace',
      origins: [origin],
      pathPrefix: '/pas/workspace',
      frame: 'iframe#pas-main',
      banner: {
        selector: '.pt-hdr',
        namePattern: 'Name: ([^|]+?) \\|',
        birthDatePattern: 'DOB (\\d{2}/\\d{2}/\\d{4})',
        localId: { pattern: 'Hospital No: (\\S+)', system: 'https://alongside.test/id/openemr-pubpid' },
      },
    };
    await w.evaluate((s) => chrome.storage.local.set({ settings: s }), { ...sandboxSettings(sandbox), eprRules: [framed] });
    await page.goto(`${sandbox.epr.baseUrl}/pas/workspace`);
    await panel.waitForState('no-patient');
    const frame = await (await page.waitForSelector('iframe#pas-main'))!.contentFrame();
    const [a, b] = [sandbox.data.roster[4]!, sandbox.data.roster[5]!];
    await frame.waitForSelector(`a[href="/pas/patient/${a.openemrPubpid}"]`);
    await Promise.all([frame.waitForNavigation(), frame.click(`a[href="/pas/patient/${a.openemrPubpid}"]`)]);
    await panel.waitForPatient(a.nhsNumber);
    expect(page.url()).toBe(`${sandbox.epr.baseUrl}/pas/workspace`);
    // Another patient opened inside the frame: the top page's address and DOM never change.
    await frame.goto(`${sandbox.epr.baseUrl}/pas/patient/${b.openemrPubpid}`);
    await panel.waitForPatient(b.nhsNumber);
    await frame.goto(`${sandbox.epr.baseUrl}/pas/patients`);
    await panel.waitForState('no-patient');
  });

  describe('an EPR Alongside has never seen, configured from the docs alone: the hash-routed ward dashboard', () => {
    /** docs/epr-rules.md's worked example, for `origin`. */
    const wardRule = (origin: string, banner: Record<string, unknown> = { selector: '#patient-dashboard', namePattern: "^([A-Z][A-Z'-]+, [A-Za-z' -]+?) ·", birthDatePattern: 'Date of birth (\\d{1,2} [A-Za-z]{3,9} \\d{4})' }) => ({
      id: 'northshire-ward',
      label: 'Northshire Ward Dashboard',
      origins: [origin],
      pathPrefix: '/ward/',
      urlPatientId: { pattern: '/default/patient/([0-9a-f-]{36})/dashboard', from: 'hash', system: 'https://alongside.test/id/openmrs-patient-uuid' },
      banner,
    });
    const dashboard = (base: string, uuid: string) => `${base}/ward/#/default/patient/${uuid}/dashboard`;
    /** Saves `rules` as the only EPR configuration (no built-in readers), and waits until the pages of their origin read them. */
    const configureRules = async (rules: { id: string; origins: string[] }[], extra: Record<string, unknown> = {}) => {
      const w = await eb.worker();
      await w.evaluate((s) => chrome.storage.local.set({ settings: s }), { fhirBaseUrl: sandbox.fhir.baseUrl, eprSites: [], eprRules: rules, ...extra });
      // What the background wrote (key order is the browser's own): the rules' ids and patterns.
      const want = JSON.stringify(rules.map((r) => r.id));
      await w.waitForFunction(
        async (o, r) => {
          const configs = (await chrome.storage.local.get('readerConfigs')).readerConfigs as Record<string, { rules: { id: string }[] }> | undefined;
          return JSON.stringify(configs?.[o]?.rules.map((x) => x.id)) === r && (await chrome.scripting.getRegisteredContentScripts()).some((x) => x.matches?.includes(`${o}/*`));
        },
        { polling: 50 },
        rules[0]!.origins[0]!,
        want,
      );
    };

    it('the right patient as patients are opened by their hash; a date of birth one day out is hidden as a mismatch', async () => {
      const origin = new URL(sandbox.epr.baseUrl).origin;
      await configureRules([wardRule(origin)]);
      const [a, b] = [sandbox.data.roster[0]!, sandbox.data.roster[1]!];
      await page.goto(dashboard(sandbox.epr.baseUrl, a.openmrsUuid));
      await panel.waitForPatient(a.nhsNumber);
      // While the dashboard loads, its header names the patient before the date of birth is drawn (the
      // record found by the hash's id, marked not cross-checked); once loaded, both halves are checked.
      await panel.page.waitForFunction(() => !document.querySelector('[data-testid="identity-not-cross-checked"]'), { polling: 50, timeout: 5000 });
      // Another patient, by the hash alone (no page load).
      await page.evaluate((u) => (location.hash = `#/default/patient/${u}/dashboard`), b.openmrsUuid);
      await panel.waitForPatient(b.nhsNumber);
      await page.waitForSelector('#patient-dashboard .demographics');
      // The page's date of birth one day out: the record is hidden, naming both.
      await page.evaluate(() => {
        const p = [...document.querySelectorAll('.demographics p')].find((e) => e.textContent!.startsWith('Date of birth'))!;
        p.textContent = p.textContent!.replace(/^Date of birth (\d+)/, (_m, d: string) => `Date of birth ${Number(d) === 1 ? 2 : Number(d) - 1}`);
      });
      await panel.waitForState('mismatch');
      expect(await panel.text()).toContain('Identity mismatch');
      expect(await panel.text()).not.toContain(spaced(b.nhsNumber));
    });

    it('a rule on the header alone (the age, no date of birth) never shows a record as fully cross-checked, and with both required shows none', async () => {
      const origin = new URL(sandbox.epr.baseUrl).origin;
      const headerOnly = wardRule(origin, { selector: '.patient-header', namePattern: "^([A-Z][A-Z'-]+, [A-Za-z' -]+?) ·" });
      await configureRules([headerOnly]);
      const a = sandbox.data.roster[2]!;
      await page.goto(dashboard(sandbox.epr.baseUrl, a.openmrsUuid));
      await panel.waitForPatient(a.nhsNumber);
      await panel.page.waitForSelector('[data-testid="identity-not-cross-checked"]');
      expect(await panel.page.$eval('[data-testid="identity-not-cross-checked"]', (e) => e.textContent)).toMatch(/^Not cross-checked: date of birth not read: this rule reads no date of birth\. A wrong date of birth on this page would not hide this record/);
      await configureRules([headerOnly], { requireBothIdentityChecks: true });
      await page.reload();
      await panel.waitForState('mismatch');
      expect(await panel.text()).toContain('Identity not fully checked: record hidden');
      expect(await panel.text()).not.toContain(spaced(a.nhsNumber));
    });

    it('a tab open before the rule was saved says "Reload this page so Alongside can read it", and its button does', async () => {
      // The same sandbox by another name: an origin no content script runs on yet.
      const base = new URL(sandbox.epr.baseUrl);
      base.hostname = base.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
      const other = base.origin;
      const otherOrigin = new URL(other).origin;
      const w = await eb.worker();
      const registered = () => w.evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).flatMap((r) => r.matches ?? []));
      const settings = (eprRules: unknown[]) => ({ fhirBaseUrl: sandbox.fhir.baseUrl, eprSites: [], eprRules });
      // Set up for the sandbox's own origin only (an install with no EPR at all says "not set up" instead).
      const own = new URL(sandbox.epr.baseUrl).origin;
      await w.evaluate((s) => chrome.storage.local.set({ settings: s }), settings([wardRule(own)]));
      await w.waitForFunction(async (o) => (await chrome.scripting.getRegisteredContentScripts()).flatMap((r) => r.matches ?? []).join() === `${o}/*`, { polling: 50 }, own);
      const a = sandbox.data.roster[3]!;
      await page.goto(dashboard(other, a.openmrsUuid));
      await page.waitForSelector('#patient-dashboard .demographics');
      await panel.waitForState('no-patient');
      expect(await panel.text()).not.toMatch(/Reload this page/);
      // The rule is saved with the tab open: the content script is registered for the origin, but the page has none.
      await w.evaluate((s) => chrome.storage.local.set({ settings: s }), settings([{ ...wardRule(own), origins: [own, otherOrigin] }]));
      await w.waitForFunction(async (o) => (await chrome.scripting.getRegisteredContentScripts()).some((r) => r.matches?.includes(`${o}/*`)), { polling: 50 }, otherOrigin);
      expect((await registered()).sort()).toEqual([`${own}/*`, `${otherOrigin}/*`].sort());
      await panel.page.waitForSelector('button[data-action="reload-tab"]', { timeout: 10_000 });
      expect(await panel.text()).toMatch(/Reload this page so Alongside can read it.*opened before Alongside was set up/s);
      await panel.page.click('button[data-action="reload-tab"]');
      await panel.waitForPatient(a.nhsNumber);
    });
  });
});
