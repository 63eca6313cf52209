/**
 * Real Firefox with the built extension (the demo build, .output/firefox-mv3-demo), driven by Puppeteer over WebDriver
 * BiDi: Debian's firefox-esr, never a downloaded one.
 *
 * Firefox keeps extension pages (moz-extension://) out of BiDi's reach: no target for the background
 * or the sidebar, and a tab may not be navigated there. So the extension is configured as a trust
 * would configure it (a managed-storage manifest, or the machine's policies.json) and watched from
 * outside: what it asks of the sandbox FHIR server, the AuditEvents it sends, the Subscriptions it keeps.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer';
import type { Sandbox } from '../sandbox/index';
import { LOCAL_IDENTIFIER_SYSTEMS } from '../utils/shared/local-identifiers';
import { DEMO_READERS } from './extension-browser';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The demo build (`npm run build:demo`): it may reach the sandbox on localhost over http. */
export const FIREFOX_EXTENSION_DIR = path.resolve(import.meta.dirname, '../.output/firefox-mv3-demo');
/** The add-on id the Firefox build declares (browser_specific_settings.gecko.id in wxt.config.ts). */
export const ADDON_ID = 'alongside@alongside.test';

/**
 * Everything the Firefox tests configure in the extension, whichever way it reaches it (managed-storage
 * manifest or policies.json). Every setting the journeys rely on is set here, none left to defaults.
 */
export function firefoxExtensionSettings(sandbox: Sandbox): Record<string, unknown> {
  return {
    fhirBaseUrl: sandbox.fhir.baseUrl,
    // Every open refreshes the record, so the offline journey really tries the server.
    staleAfterSeconds: 0,
    eprSites: [{ origin: new URL(sandbox.epr.baseUrl).origin, readers: DEMO_READERS, localIdSystem: LOCAL_IDENTIFIER_SYSTEMS.demoEprPatient }],
    userReference: 'Practitioner/pr-rachel-evans',
    userDisplay: 'Ms Rachel Evans',
    // Not the defaults' teams: the Subscription for "my tasks" then shows these settings are in force.
    teamReferences: ['Organization/org-northshire-community', 'Organization/org-riverside-surgery'],
    // The shortest check interval: a closed tab's patient leaves the Subscriptions at the next check.
    pollIntervalMinutes: 0.5,
  };
}

export interface FirefoxWithExtension {
  browser: Browser;
  /** The id Firefox installed the add-on under. */
  addonId: string;
  close(): Promise<void>;
}

/**
 * Starts Firefox and installs the build as a temporary add-on (unsigned builds are allowed so).
 *
 * @param opts.managedSettings - given to the extension as `storage.managed` through a managed-storage
 *   manifest in a home folder of this browser's own (~/.mozilla/managed-storage/), so nothing outside
 *   this run sees it
 * @param opts.sidebarOpen - the sidebar open from the start, as after the clinician's click on the
 *   toolbar button (which WebDriver cannot make): a copy of the build with `open_at_install` on
 */
export async function launchFirefoxWithExtension(opts: { managedSettings?: Record<string, unknown>; sidebarOpen?: boolean } = {}): Promise<FirefoxWithExtension> {
  try {
    accessSync(FIREFOX, constants.X_OK);
  } catch {
    throw new Error(`Firefox is not at ${FIREFOX}: install Debian's firefox-esr package, or set FIREFOX_PATH (npm run test:e2e does the first where it can).`);
  }
  if (!existsSync(path.join(FIREFOX_EXTENSION_DIR, 'manifest.json'))) throw new Error('No Firefox demo build: run `npm run build:demo` first.');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'alongside-firefox-'));
  const home = path.join(scratch, 'home');
  mkdirSync(home);
  if (opts.managedSettings) {
    const dir = path.join(home, '.mozilla', 'managed-storage');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${ADDON_ID}.json`), JSON.stringify({ name: ADDON_ID, description: 'Alongside e2e settings', type: 'storage', data: opts.managedSettings }));
  }
  let extensionDir = FIREFOX_EXTENSION_DIR;
  if (opts.sidebarOpen) {
    extensionDir = path.join(scratch, 'extension');
    cpSync(FIREFOX_EXTENSION_DIR, extensionDir, { recursive: true });
    const manifestFile = path.join(extensionDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { sidebar_action: Record<string, unknown> };
    manifest.sidebar_action.open_at_install = true;
    writeFileSync(manifestFile, JSON.stringify(manifest));
  }
  let browser: Browser | undefined;
  try {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true, env: { ...process.env, HOME: home } });
    const addonId = await browser.installExtension(extensionDir);
    const opened = browser;
    return {
      browser: opened,
      addonId,
      close: async () => {
        await opened.close();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
    throw err;
  }
}

/** Where Debian's firefox-esr reads the machine's enterprise policies (before the distribution folder). */
export const FIREFOX_POLICY_FILE = '/etc/firefox/policies/policies.json';
/** Marks a policies.json as this suite's: Firefox reads only its `policies` key. */
const MARKER = 'alongside-e2e';

function isOurs(file: string): boolean {
  try {
    return MARKER in (JSON.parse(readFileSync(file, 'utf8')) as object);
  } catch {
    return false;
  }
}

/**
 * Whether this run may write the machine's policies.json: the folder is writable and no policy of the
 * machine's own is there (it is never replaced). A file a killed run of this suite left is removed.
 */
export function canWriteFirefoxPolicy(): boolean {
  const dir = path.dirname(FIREFOX_POLICY_FILE);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    console.log(`firefox-policy: skipped, ${dir} is not writable here`);
    return false;
  }
  if (existsSync(FIREFOX_POLICY_FILE) && isOurs(FIREFOX_POLICY_FILE)) rmSync(FIREFOX_POLICY_FILE, { force: true });
  if (existsSync(FIREFOX_POLICY_FILE)) {
    console.log(`firefox-policy: skipped, ${FIREFOX_POLICY_FILE} holds this machine's own policies`);
    return false;
  }
  return true;
}

/**
 * Starts a Firefox with `policies` in the machine's policies.json, which is machine-wide: the file is
 * there only while Firefox starts (it reads its policies then, and keeps them), and is removed by a
 * watchdog process if this one is killed before it could remove it itself.
 */
export async function launchFirefoxWithPolicy(policies: Record<string, unknown>, launch: () => Promise<FirefoxWithExtension>): Promise<FirefoxWithExtension> {
  const mark = `${process.pid}-${Date.now()}`;
  writeFileSync(FIREFOX_POLICY_FILE, JSON.stringify({ [MARKER]: mark, policies }, null, 2));
  removeWhenGone(process.pid, FIREFOX_POLICY_FILE, mark);
  try {
    return await launch();
  } finally {
    if (isOurs(FIREFOX_POLICY_FILE)) rmSync(FIREFOX_POLICY_FILE, { force: true });
  }
}

/**
 * A detached process that removes `file` (if it still holds `mark`) once process `pid` has ended,
 * however it ended (a SIGKILL runs no cleanup). It ends as soon as the file is gone or not ours.
 */
function removeWhenGone(pid: number, file: string, mark: string): void {
  const watchdog = `
    const fs = require('node:fs');
    const [pid, file, mark] = process.argv.slice(1);
    const ours = () => { try { return JSON.parse(fs.readFileSync(file, 'utf8'))[${JSON.stringify(MARKER)}] === mark; } catch { return false; } };
    const alive = () => { try { process.kill(Number(pid), 0); return true; } catch { return false; } };
    const timer = setInterval(() => {
      if (!ours()) return clearInterval(timer);
      if (!alive()) { fs.rmSync(file, { force: true }); clearInterval(timer); }
    }, 500);`;
  spawn(process.execPath, ['-e', watchdog, String(pid), file, mark], { detached: true, stdio: 'ignore' }).unref();
}
