/// <reference types="chrome" />
/**
 * Real Chromium with the built extension loaded, driven by Puppeteer: Debian's Chromium, never a
 * downloaded one.
 */
import path from 'node:path';
import puppeteer, { type Browser, type Page, type WebWorker } from 'puppeteer';
import { LOCAL_IDENTIFIER_SYSTEMS } from '../utils/shared/local-identifiers';
import { validateDeclaredRules } from '../utils/settings/validate-rules';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * The demo build (`npm run build:demo`): it may reach the sandbox on localhost over http. Another build can be
 * tested instead (`ALONGSIDE_E2E_EXTENSION_DIR`): an earlier commit's, to show a new test fails on it.
 */
export const EXTENSION_DIR = process.env.ALONGSIDE_E2E_EXTENSION_DIR ?? path.resolve(import.meta.dirname, '../.output/chrome-mv3-demo');
/** The store build (`npm run build`): no demo defaults, https only. */
export const STORE_EXTENSION_DIR = path.resolve(import.meta.dirname, '../.output/chrome-mv3');

/** Flags this closed network needs (no background connections), and root needs (no sandbox). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-gpu',
  '--window-size=1400,900',
];

export interface ExtensionBrowser {
  browser: Browser;
  extensionId: string;
  /** The extension's service worker, for setting options and reading what a clinician cannot see. */
  worker(): Promise<WebWorker>;
  close(): Promise<void>;
}

export async function launchWithExtension(opts: { headless?: boolean; userDataDir?: string; extensionDir?: string } = {}): Promise<ExtensionBrowser> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    pipe: true,
    enableExtensions: [opts.extensionDir ?? EXTENSION_DIR],
    args: CHROMIUM_ARGS,
    userDataDir: opts.userDataDir,
    defaultViewport: null,
  });
  const swTarget = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
  const extensionId = new URL(swTarget.url()).host;
  const worker = async () => {
    const target = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${extensionId}/`));
    const w = await target.worker();
    if (!w) throw new Error('The extension service worker is not running.');
    return w;
  };
  return { browser, extensionId, worker, close: () => browser.close() };
}

/**
 * Stops the extension's service worker, as Chrome does after 30 s idle (Chrome's own samples stop it with
 * CDP's Target.closeTarget; Puppeteer's WebWorker.close sends that, and detaches its own session, which
 * would otherwise keep the worker from stopping). Resolves once it has stopped; the next event starts it.
 */
export async function stopWorker(eb: ExtensionBrowser): Promise<void> {
  const target = eb.browser.targets().find((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${eb.extensionId}/`));
  const worker = await target?.worker();
  if (!target || !worker) return;
  await worker.close();
  const end = Date.now() + 5_000;
  while (Date.now() < end && eb.browser.targets().includes(target)) await new Promise((r) => setTimeout(r, 20));
}

/** The built-in readers the demo EPRs need (the general reader stays off, as in production). */
export const DEMO_READERS = ['openmrs', 'openemr', 'medplum-app', 'nhs-cui-banner'];

/** Settings pointing the extension at a running sandbox: its FHIR server, and its demo EPRs' origin with their readers. */
export function sandboxSettings(sandbox: { fhir: { baseUrl: string }; epr: { baseUrl: string } }, readers: string[] = DEMO_READERS) {
  return { fhirBaseUrl: sandbox.fhir.baseUrl, eprSites: [{ origin: new URL(sandbox.epr.baseUrl).origin, readers, localIdSystem: LOCAL_IDENTIFIER_SYSTEMS.demoEprPatient }] };
}

/**
 * Points the extension at a FHIR server (as the options page would on an unmanaged install), and waits
 * until the background has written what each EPR origin's pages read (utils/context/reader-config.ts)
 * and registered the content script there with those readers, so the next page loaded is read as
 * configured. Throws, saying what it saw, if that has not happened within 10 s.
 */
export async function configureExtension(eb: ExtensionBrowser, settings: Record<string, unknown>): Promise<void> {
  const w = await eb.worker();
  await w.evaluate((s) => chrome.storage.local.set({ settings: s }), settings);
  const sites = (settings.eprSites as { origin: string; readers: string[] }[] | undefined) ?? [];
  // Only the rules the extension accepts are written (it refuses a bad one whole, as some tests check; the
  // tests run the demo build, which takes http on this computer).
  const rules = validateDeclaredRules(settings.eprRules, { allowLocalHttp: true }).rules;
  const originOf = (o: string) => URL.parse(o)?.origin ?? o;
  const expected = Object.fromEntries(
    sites.map((site) => [
      originOf(site.origin),
      {
        builtIns: [...site.readers].sort(),
        rules: rules.filter((r) => r.origins?.some((o) => originOf(o) === originOf(site.origin))).map((r) => r.id),
        js: [...[...site.readers].sort().map((r) => `reader-${r}.js`), 'epr-page.js'],
      },
    ]),
  );
  // Applied when what each origin reads is written and its registration loads those very readers (a
  // page opened while the browser is still loading a changed registration could get no content script).
  let seen = '';
  for (const end = Date.now() + 10_000; Date.now() < end; ) {
    const [written, registered] = await w.evaluate(async () => [
      (await chrome.storage.local.get('readerConfigs')).readerConfigs as Record<string, { builtIns: string[]; rules: { id: string }[] }> | undefined,
      (await chrome.scripting.getRegisteredContentScripts()).map((r) => ({ matches: r.matches ?? [], js: (r.js ?? []).map((j) => j.replace(/^\//, '')) })),
    ] as const);
    const applied = Object.entries(expected).every(([origin, want]) => {
      const got = written?.[origin];
      const registration = registered.find((r) => r.matches.includes(`${origin}/*`));
      return (
        !!got &&
        JSON.stringify([...got.builtIns].sort()) === JSON.stringify(want.builtIns) &&
        JSON.stringify(got.rules.map((r) => r.id)) === JSON.stringify(want.rules) &&
        JSON.stringify(registration?.js) === JSON.stringify(want.js)
      );
    });
    if (applied) return;
    seen = JSON.stringify({ written, registered });
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`The extension did not apply the settings within 10 s: ${seen}`);
}

/** The browser window a page is in, as the extension sees it. */
export async function windowIdOf(eb: ExtensionBrowser, page: Page): Promise<number> {
  const w = await eb.worker();
  const url = page.url();
  const id = await w.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.windowId, url);
  if (id === undefined) throw new Error(`No tab found for ${url}`);
  return id;
}
