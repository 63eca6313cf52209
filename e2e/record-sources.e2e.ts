/**
 * A patient whose shared record is UK Core-shaped (references without display, a medicine by reference,
 * a diet-filed allergy flag, the RA flag, Addison's disease among recent problems, a recent emergency
 * attendance) plus the GP's record through GP Connect and a national record pointer, in the built
 * extension: the panel shows the merged lines, each naming its sources.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { GP_CONNECT_PATH } from '../sandbox/fhir-server/gp-connect';
import { NATIONAL_RECORDS_PATH } from '../sandbox/fhir-server/national-records';
import { UK_CORE_PATIENT_ID } from '../sandbox/seed/uk-core-patient';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, launchWithExtension, sandboxSettings, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { until } from './helpers';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  eb = await launchWithExtension();
  const origin = new URL(sandbox.fhir.baseUrl).origin;
  const settings = {
    ...sandboxSettings(sandbox),
    staleAfterSeconds: 0,
    gpConnectEndpoint: `${origin}${GP_CONNECT_PATH}`,
    nationalRecordsEndpoint: `${origin}${NATIONAL_RECORDS_PATH}`,
  };
  // The content script is registered at run time for the configured EPR origin: wait until it is. Two
  // registrations racing at start-up (the defaults', then these settings') can leave the first one's
  // origin registered, so the settings are saved again until this origin is the one registered.
  const eprOrigin = new URL(sandbox.epr.baseUrl).origin;
  const registered = async () => (await (await eb.worker()).evaluate(async () => (await chrome.scripting.getRegisteredContentScripts()).flatMap((s) => s.matches ?? []))).includes(`${eprOrigin}/*`);
  for (let attempt = 0; attempt < 3 && !(await registered()); attempt++) {
    await configureExtension(eb, { ...settings, staleAfterSeconds: attempt });
    await until(registered, 'the content script registered', 5_000).catch(() => undefined);
  }
  expect(await registered()).toBe(true);
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

interface DrawnLine {
  rule: string;
  text: string;
  detail: string;
  link?: { href: string; target: string; rel: string };
}

it('shows the shared record and the GP record merged, each line naming its sources, with the national pointer linked', async () => {
  const nadia = sandbox.data.roster.find((p) => p.fhirId === UK_CORE_PATIENT_ID)!;
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${sandbox.epr.baseUrl}/`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  await new NhsCuiDriver(page, sandbox.epr.baseUrl).openPatient(nadia);
  await panel.waitForPatient(nadia.nhsNumber);
  await panel.page.waitForFunction(() => [...document.querySelectorAll('.highlight__detail')].some((d) => d.textContent?.startsWith('Shared record + GP record')), { timeout: 20_000 });

  const lines = (): Promise<DrawnLine[]> =>
    panel.page.evaluate(() =>
      [...document.querySelectorAll('li.highlight')].map((li) => {
        const a = li.querySelector('a.highlight__link');
        return {
          rule: li.getAttribute('data-rule') ?? '',
          text: li.querySelector('.highlight__text')?.textContent ?? '',
          detail: li.querySelector('.highlight__detail')?.textContent ?? '',
          link: a ? { href: a.getAttribute('href') ?? '', target: a.getAttribute('target') ?? '', rel: a.getAttribute('rel') ?? '' } : undefined,
        };
      }),
    );
  const first = await lines();
  const find = (re: RegExp) => first.find((l) => re.test(l.text));

  // Merged across the two sources: one line each, naming both.
  expect(find(/^Takes Hydrocortisone 10mg tablets \(Steroid dependence/)).toMatchObject({ rule: 'high-risk-medicines', detail: expect.stringMatching(/^Shared record \+ GP record · /) });
  expect(find(/^Allergy: peanut \(Anaphylaxis\), high criticality\.$/)).toMatchObject({ rule: 'allergies', detail: expect.stringMatching(/^Shared record \+ GP record · /) });
  expect(find(/^Intolerance: Codeine/)).toMatchObject({ rule: 'allergies', detail: expect.stringMatching(/^Shared record \+ GP record · /) });
  expect(first.filter((l) => /Hydrocortisone/.test(l.text))).toHaveLength(1);
  // From the shared record alone, names read from references without display.
  expect(find(/^Emergency department attendance on .+: Fall with head injury \(Northshire General Hospital NHS Trust\)\.$/)).toMatchObject({ rule: 'recent-urgent-care', detail: expect.stringMatching(/^Shared record · /) });
  expect(find(/^Patient has a severe peanut allergy/)).toMatchObject({ rule: 'alerts' });
  expect(find(/^Addison's disease since 01-May-2009\.$/)).toMatchObject({ rule: 'significant-problems' });
  // The national pointer: must-see, an https link opened in a new tab, never inside the panel.
  const respect = find(/^ReSPECT .* exists/)!;
  expect(respect).toMatchObject({ rule: 'national-records', detail: expect.stringMatching(/^National records · /) });
  expect(respect.link).toEqual({ href: 'https://records.sandbox.alongside.invalid/respect/nadia-okafor', target: '_blank', rel: 'noopener noreferrer' });
  // What the record says is not current never is.
  expect(first.map((l) => l.text).join('\n')).not.toMatch(/Latex|pneumonia/i);
  expect(await panel.page.$eval('[data-testid="nhs-number-status"]', (e) => e.textContent)).toBe('✓ NHS number: Number present and verified');

  // The full list: the medicine only the GP record holds says so.
  await panel.page.click('.highlights__more');
  await panel.page.waitForFunction(() => document.querySelectorAll('li.highlight').length > 12);
  const all = await lines();
  expect(all.find((l) => /^Takes Alendronic acid 70mg tablets/.test(l.text))).toMatchObject({ rule: 'current-medicines', detail: expect.stringMatching(/^GP record · /) });
  expect(all.find((l) => /^Takes Levothyroxine/.test(l.text))?.detail).toMatch(/^Shared record \+ GP record · /);
  expect(await panel.page.$$('[data-testid="record-gap"]')).toHaveLength(0);
});

it('keeps the code lists out of every bundle: no page of the extension loads them, and the background reads them from its package when it needs them', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const path = await import('node:path');
  const { EXTENSION_DIR } = await import('./extension-browser');
  // A dm+d code of the warfarin list (public/vocabulary/anticoagulants.json).
  const marker = '18509011000001102';
  const pageScripts = ['sidepanel.html', 'tasks.html', 'options.html'].flatMap((html) =>
    [...readFileSync(path.join(EXTENSION_DIR, html), 'utf8').matchAll(/src="\/?([^"]+\.js)"/g)].map((m) => m[1]!),
  );
  const chunks = readdirSync(path.join(EXTENSION_DIR, 'chunks')).map((f) => `chunks/${f}`);
  for (const file of new Set([...pageScripts, ...chunks])) expect(readFileSync(path.join(EXTENSION_DIR, file), 'utf8'), file).not.toContain(marker);
  expect(readFileSync(path.join(EXTENSION_DIR, 'background.js'), 'utf8')).not.toContain(marker);
  expect(readFileSync(path.join(EXTENSION_DIR, 'vocabulary', 'anticoagulants.json'), 'utf8')).toContain(marker);
});
