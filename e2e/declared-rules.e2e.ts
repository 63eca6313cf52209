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
});
