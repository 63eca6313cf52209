/// <reference types="chrome" />
/**
 * The options page in the built extension: the clinician's own settings first, then the trust's; a
 * declared EPR rule tried on an open tab before it is saved (what it reads, or why nothing); and a store
 * build that fills in nothing. (Locked settings on a managed install: e2e/managed-policy.e2e.ts and the
 * unit test components/OptionsPage.test.tsx.)
 */
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { demoPatient } from '../sandbox/seed';
import { date } from '../utils/fhir/dates';
import { axeViolations, describeViolations } from './axe';
import { configureExtension, launchWithExtension, sandboxSettings, STORE_EXTENSION_DIR, type ExtensionBrowser } from './extension-browser';

let sandbox: Sandbox;
let eb: ExtensionBrowser;
let eprPage: Page;
let options: Page;

/** docs/epr-rules.md's NHS CUI banner example, for the sandbox's EPR origin. */
const cuiRule = (origin: string, selector = '.nhsuk-patient-banner') => ({
  id: 'northshire-cui',
  label: 'Northshire Clinical Record',
  origins: [origin],
  pathPrefix: '/nhs/',
  banner: { selector, namePattern: '^(.+?) Born', birthDatePattern: 'Born (\\d{1,2}-[A-Za-z]{3}-\\d{4})' },
});

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  await configureExtension(eb, { ...sandboxSettings(sandbox), eprRules: [] });
  eprPage = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await eprPage.goto(`${sandbox.epr.baseUrl}/`);
  options = await eb.browser.newPage();
  await options.goto(`chrome-extension://${eb.extensionId}/options.html`);
  await options.waitForSelector('[data-section="rule-tester"]');
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

/** Types `rules` into the rules box (as text, unsaved) and presses "Try this rule" on the tab showing `url`. */
async function tryRules(rules: unknown[], url: string): Promise<string> {
  await options.$eval(
    'textarea[name="eprRules"]',
    (el, text) => {
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    JSON.stringify(rules, null, 2),
  );
  // The tab list is read again when the page gets focus back, as after visiting the EPR.
  await options.evaluate(() => window.dispatchEvent(new Event('focus')));
  const wanted = String(await (await eb.worker()).evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id, url));
  await options.waitForFunction((id) => [...document.querySelectorAll('select[name="trialTab"] option')].some((o) => (o as HTMLOptionElement).value === id), {}, wanted);
  await options.select('select[name="trialTab"]', wanted);
  const trials = await options.$eval('[data-testid="rule-trial"]', (el) => el.getAttribute('data-trials'));
  await options.click('button[data-action="try-rule"]');
  await options.waitForFunction((n) => document.querySelector('[data-testid="rule-trial"]')?.getAttribute('data-trials') !== n, { timeout: 10_000 }, trials);
  return options.$eval('[data-testid="rule-trial"]', (el) => el.textContent!);
}

describe('on an unmanaged install', () => {
  it('puts what the clinician may set first, in plain words, then the organisation’s settings', async () => {
    const headings = await options.$$eval('h2', (hs) => hs.map((h) => h.textContent));
    expect(headings.slice(0, 3)).toEqual(['Your settings', 'Keyboard shortcut', 'Your organisation’s settings']);
    const role = await options.$eval('select[name="clinicalRole"]', (s) => ({ label: s.labels?.[0]?.textContent, options: [...(s as HTMLSelectElement).options].map((o) => o.textContent), disabled: (s as HTMLSelectElement).disabled }));
    expect(role).toEqual({ label: 'Your role', options: ['Any clinician', 'GP', 'Community nurse', 'Ward doctor'], disabled: false });
    expect(await options.$$eval('[data-section="clinician-settings"] input[type="checkbox"]', (c) => c.length)).toBe(7);
  });

  it('tries a rule as typed, before it is saved: what it reads on the EPR tab', async () => {
    const margaret = demoPatient(sandbox.data, 'margaret-thompson');
    const url = `${sandbox.epr.baseUrl}/nhs/patient/${margaret.nhsNumber}`;
    await eprPage.goto(url);
    const said = await tryRules([cuiRule(new URL(sandbox.epr.baseUrl).origin)], url);
    const nhs = margaret.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3');
    expect(said).toMatch(new RegExp(`^This rule reads: NHS number ${nhs}, name THOMPSON, Margaret.*, date of birth ${date(margaret.birthDate)}\\.$`));
    // Tried, not saved.
    const saved = await (await eb.worker()).evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { eprRules: unknown[] }).eprRules);
    expect(saved).toEqual([]);
    const violations = await axeViolations(options);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('says why a rule reads nothing: another page, a selector that finds no banner', async () => {
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const list = `${sandbox.epr.baseUrl}/pas/patients`;
    await eprPage.goto(list);
    expect(await tryRules([cuiRule(origin)], list)).toBe(`This rule reads nothing here: it is for pages under /nhs/ on ${origin}, and this tab shows ${origin}/pas/patients.`);
    const patient = `${sandbox.epr.baseUrl}/nhs/patient/${demoPatient(sandbox.data, 'sam-taylor').nhsNumber}`;
    await eprPage.goto(patient);
    expect(await tryRules([cuiRule(origin, '.no-such-banner')], patient)).toBe('This rule reads nothing on this page: No patient banner in Northshire Clinical Record.');
  });

  it('never runs a rule that fails its checks, and says why', async () => {
    const patient = eprPage.url();
    const slow = { ...cuiRule(new URL(sandbox.epr.baseUrl).origin), banner: { selector: '.nhsuk-patient-banner', namePattern: '((?:[A-Za-z]+ ?)+) Born' } };
    expect(await tryRules([slow], patient)).toMatch(/^This rule cannot be used, so it was not tried: EPR rule 1 \("northshire-cui"\) was ignored: .*repeats a repeated part/);
  });
});

describe('a store build', () => {
  it('fills in nothing: no server, no EPR, no clinician; the panel says it is not set up', async () => {
    const store = await launchWithExtension({ extensionDir: STORE_EXTENSION_DIR });
    try {
      const page = await store.browser.newPage();
      await page.goto(`chrome-extension://${store.extensionId}/options.html`);
      await page.waitForSelector('input[name="fhirBaseUrl"]');
      const values = await page.$$eval('[data-form="trust"] input[name], [data-form="trust"] textarea[name]', (els) => Object.fromEntries(els.map((e) => [(e as HTMLInputElement).name, (e as HTMLInputElement).value])));
      for (const key of ['fhirBaseUrl', 'gpConnectEndpoint', 'nationalRecordsEndpoint', 'auditEndpoint', 'authIssuer', 'userReference', 'userDisplay', 'teamReferences']) expect(values[key], key).toBe('');
      expect([values.eprSites, values.eprRules]).toEqual(['[]', '[]']);
      expect(await page.$eval('[data-section="site-access"]', (e) => e.textContent)).toContain('None yet');
      const windowId = await (await store.worker()).evaluate(async () => (await chrome.windows.getAll())[0]!.id!);
      await page.goto(`chrome-extension://${store.extensionId}/sidepanel.html?followWindow=${windowId}`);
      await page.waitForSelector('[data-state="not-configured"]');
    } finally {
      await store.close();
    }
  });
});
