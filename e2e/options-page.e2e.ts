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
  return options.$eval('[data-testid="rule-trial-summary"]', (el) => el.textContent!);
}

/** The trial's result, part by part. */
const trialParts = () =>
  options.$eval('[data-testid="rule-trial"]', (el) => ({
    summary: el.querySelector('[data-testid="rule-trial-summary"]')?.textContent ?? '',
    fields: [...el.querySelectorAll('[data-testid="rule-trial-fields"] li')].map((li) => li.textContent),
    safety: el.querySelector('[data-testid="rule-trial-safety"]')?.textContent ?? '',
    panel: el.querySelector('[data-testid="rule-trial-panel"]')?.textContent ?? '',
    banner: el.querySelector('[data-testid="rule-trial-banner"]')?.textContent ?? '',
    states: [...el.querySelectorAll('[data-testid="rule-trial-states"] li')].map((li) => li.textContent!),
  }));

/** The ward dashboard (docs/epr-rules.md), its sticky header as the banner, and no id from the address. */
const wardHeaderRule = (origin: string) => ({ id: 'ward-header', label: 'Ward', origins: [origin], pathPrefix: '/ward/', banner: { selector: '.patient-header', namePattern: "^([A-Z][A-Z'-]+, [A-Za-z' -]+?) ·" } });
const wardUrl = (uuid: string) => `${sandbox.epr.baseUrl}/ward/#/default/patient/${uuid}/dashboard`;
/** Presses one of the trial's buttons and waits for the result to change (a watch: to finish). */
async function press(action: string, done?: string): Promise<void> {
  const trials = await options.$eval('[data-testid="rule-trial"]', (el) => el.getAttribute('data-trials'));
  await options.click(`button[data-action="${action}"]`);
  await options.waitForFunction((n) => document.querySelector('[data-testid="rule-trial"]')?.getAttribute('data-trials') !== n, { timeout: 10_000 }, trials);
  if (done) await options.waitForFunction((t) => document.querySelector('[data-testid="rule-trial"]')!.textContent!.includes(t), { timeout: 20_000, polling: 100 }, done);
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

  it('says how safe the rule is: each of NHS number, name and date of birth, and what a missing half means', async () => {
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const p = demoPatient(sandbox.data, 'margaret-thompson');
    const url = `${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`;
    await eprPage.goto(url);
    await tryRules([cuiRule(origin)], url);
    let parts = await trialParts();
    expect(parts.fields).toEqual([expect.stringMatching(/^NHS number: \d{3} \d{3} \d{4}, from the banner/), expect.stringMatching(/^Name: THOMPSON, Margaret.*, from the banner \(namePattern\)$/), expect.stringMatching(/^Date of birth: .*, from the banner \(birthDatePattern read/)]);
    expect(parts.safety).toBe('Both halves of the identity check are armed: a record whose name or date of birth differs from this page is hidden.');
    expect(parts.banner).toMatch(/^Banner text read \(only what is shown on screen, \d+ characters\): “THOMPSON, Margaret/);
    const nameOnly = { ...cuiRule(origin), banner: { selector: '.nhsuk-patient-banner', namePattern: '^(.+?) Born' } };
    await tryRules([nameOnly], url);
    parts = await trialParts();
    expect(parts.fields[2]).toBe('Date of birth: not read: this rule has no birthDatePattern');
    expect(parts.safety).toMatch(/^Partly checked: only the name is checked: a wrong date of birth would not hide the record\./);
    expect(parts.panel).toMatch(/mark the record “not cross-checked”/);
  });

  it('clears a result the moment the rules are edited, and shows none under a JSON error', async () => {
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const url = eprPage.url();
    await tryRules([cuiRule(origin)], url);
    expect((await trialParts()).summary).toMatch(/^This rule reads/);
    await options.$eval('textarea[name="eprRules"]', (el) => {
      (el as HTMLTextAreaElement).value += ' ,';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await options.waitForFunction(() => document.querySelector('[data-testid="rule-trial"]')!.textContent === '', { timeout: 5000 });
    expect(await options.$eval('[data-section="rule-tester"] .notice--error', (e) => e.textContent)).toMatch(/not valid JSON/);
  });

  it('watches the tab: every state the panel would have shown while the EPR loads, across a navigation, not only the last', async () => {
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const [a, b, c] = [sandbox.data.roster[0]!, sandbox.data.roster[1]!, sandbox.data.roster[2]!];
    await eprPage.goto(wardUrl(a.openmrsUuid));
    await eprPage.waitForSelector('#patient-dashboard .demographics');
    await tryRules([wardHeaderRule(origin)], eprPage.url());
    await press('watch-rule', 'Watching the tab');
    // The clinician opens another patient in the app (its hash), then a third by a full page load.
    await eprPage.evaluate((u) => (location.hash = `#/default/patient/${u}/dashboard`), b.openmrsUuid);
    await eprPage.waitForSelector('#patient-dashboard .demographics');
    await eprPage.goto(wardUrl(c.openmrsUuid));
    await options.waitForFunction(() => document.querySelector('[data-testid="rule-trial"]')!.textContent!.includes('While the tab was watched'), { timeout: 20_000, polling: 100 });
    const { states } = await trialParts();
    const said = states.map((t) => t.replace(/^[\d.]+ s(?: after navigation \d)?, \S+: /, ''));
    // While each patient loads: three skeleton headers, then a header without its identifiers.
    const ambiguous = said.filter((t) => t.startsWith('the panel says “Patient not certain: nothing shown”: Ward shows more than one patient banner.'));
    const noId = said.filter((t) => t.startsWith('the panel says “A patient banner without an identifier”'));
    const patient = said.filter((t) => t.startsWith('the panel would look the patient up'));
    expect(ambiguous.length, states.join('\n')).toBeGreaterThanOrEqual(2);
    expect(noId.length, states.join('\n')).toBeGreaterThanOrEqual(2);
    expect(patient.length, states.join('\n')).toBeGreaterThanOrEqual(2);
    expect(states.some((t) => / after navigation 1, /.test(t)), states.join('\n')).toBe(true);
  });

  it('points at what the rule reads on the tab, and leaves the page exactly as it was', async () => {
    const origin = new URL(sandbox.epr.baseUrl).origin;
    await eprPage.waitForSelector('#patient-dashboard .demographics');
    const before = await eprPage.evaluate(() => ({ html: document.documentElement.outerHTML, sheets: document.adoptedStyleSheets.length }));
    await tryRules([wardHeaderRule(origin)], eprPage.url());
    await press('point-rule');
    expect((await trialParts()).summary).toBe('The text the rule reads is highlighted on the tab for 5 seconds (one banner).');
    const during = await eprPage.evaluate(() => ({ html: document.documentElement.outerHTML, highlighted: CSS.highlights.has('alongside-rule-trial'), sheets: document.adoptedStyleSheets.length }));
    expect(during).toEqual({ html: before.html, highlighted: true, sheets: before.sheets + 1 });
    // The EPR tab is behind the options page: a hidden page runs no animation frames, so poll on a timer.
    await eprPage.waitForFunction(() => !CSS.highlights.has('alongside-rule-trial'), { timeout: 8000, polling: 100 });
    const after = await eprPage.evaluate(() => ({ html: document.documentElement.outerHTML, sheets: document.adoptedStyleSheets.length }));
    expect(after).toEqual(before);
  });

  it('suggests the smallest selector around an NHS number the admin types', async () => {
    const origin = new URL(sandbox.epr.baseUrl).origin;
    const c = sandbox.data.roster[2]!;
    await tryRules([wardHeaderRule(origin)], eprPage.url());
    await options.$eval('input[name="trialNhsNumber"]', (el, n) => {
      (el as HTMLInputElement).value = n;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, c.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3'));
    await press('find-selector');
    const suggested = await options.$$eval('[data-testid="selector-suggestions"] li', (lis) => lis.map((li) => [li.getAttribute('data-role'), li.querySelector('code')!.textContent]));
    expect(suggested).toEqual([['number', '.ids'], ['banner', '#patient-dashboard']]);
  });

  it('asks before saving a rule that checks only part of the identity, and saves it once told', async () => {
    const origin = new URL(sandbox.epr.baseUrl).origin;
    await options.$eval('textarea[name="eprRules"]', (el, text) => {
      (el as HTMLTextAreaElement).value = text;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, JSON.stringify([wardHeaderRule(origin)]));
    await options.waitForSelector('[data-section="half-checked-rules"]');
    const status = () => options.$eval('[data-form="trust"] > .form-message', (e) => e.textContent ?? '');
    await options.click('[data-form="trust"] button[type="submit"]');
    await options.waitForFunction(() => document.querySelector('[data-form="trust"] > .form-message')!.textContent !== '', { timeout: 5000 });
    expect(await status()).toMatch(/^Not saved: EPR rule 1 \("ward-header"\): only the name is checked: a wrong date of birth would not hide the record\./);
    await options.click('input[name="acknowledgeHalfChecked"]');
    await options.click('[data-form="trust"] button[type="submit"]');
    await options.waitForFunction(() => document.querySelector('[data-form="trust"] > .form-message')!.textContent === 'Saved.', { timeout: 5000 });
    const saved = await (await eb.worker()).evaluate(async () => ((await chrome.storage.local.get('settings')).settings as { eprRules: { id: string }[] }).eprRules.map((r) => r.id));
    expect(saved).toEqual(['ward-header']);
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
