/// <reference types="chrome" />
/**
 * Sign-in in real Chromium: with auth on, the sandbox FHIR server refuses requests without a valid
 * token; the panel shows "sign in" and no patient; signing in (SMART / OAuth 2 code + PKCE through
 * chrome.identity) shows the patient; tokens live in session storage only and are refreshed before
 * they expire; signing out wipes the cache and asks for sign-in again.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../sandbox/index';
import { NhsCuiDriver } from './epr-pages';
import { configureExtension, sandboxSettings, launchWithExtension, windowIdOf, type ExtensionBrowser } from './extension-browser';
import { SidePanelPage } from './side-panel-page';

let sandbox: Sandbox;
let eb: ExtensionBrowser;
const TOKEN_LIFE_S = 20;

beforeAll(async () => {
  sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null, auth: { accessTokenTtlSeconds: TOKEN_LIFE_S } });
  eb = await launchWithExtension();
  await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 0, authIssuer: sandbox.auth!.issuer });
});
afterAll(async () => {
  await eb?.close();
  await sandbox?.close();
});

it('asks for sign-in, signs in with PKCE, keeps tokens in session storage, refreshes them, and signs out', async () => {
  const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
  await page.goto(`${sandbox.epr.baseUrl}/`);
  const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
  const epr = new NhsCuiDriver(page, sandbox.epr.baseUrl);
  const [a, b] = sandbox.data.roster;

  // Not signed in: nothing of the patient, and the server refused what was tried without a token.
  await epr.openPatient(a!);
  await panel.waitForState('sign-in');
  await new Promise((r) => setTimeout(r, 1000));
  expect(await panel.text()).not.toContain(a!.family.toUpperCase());
  expect(sandbox.fhir.requestLog.filter((r) => r.status !== 401 && !r.url.endsWith('/metadata'))).toEqual([]);

  await panel.page.click('button[data-action="sign-in"]');
  await panel.waitForPatient(a!.nhsNumber, 30_000).catch(async (e: unknown) => {
    console.log('PANEL', await panel.text(), JSON.stringify(sandbox.fhir.requestLog.slice(-5)));
    console.log('TARGETS', eb.browser.targets().map((t) => `${t.type()} ${t.url()}`).join('\n'));
    throw e;
  });
  expect(await panel.page.$eval('[data-testid="signed-in-as"]', (e) => (e as HTMLElement).innerText)).toContain('Ms Rachel Evans');
  expect(sandbox.fhir.requestLog.some((r) => r.status === 200)).toBe(true);

  // Tokens: in session storage, nowhere else.
  const w = await eb.worker();
  const stored = await w.evaluate(async () => ({
    session: Object.keys(await chrome.storage.session.get(null)),
    local: JSON.stringify(await chrome.storage.local.get(null)),
    sync: JSON.stringify(await chrome.storage.sync.get(null)),
  }));
  expect(stored.session).toContain('authTokens');
  const token = await w.evaluate(async () => ((await chrome.storage.session.get('authTokens')).authTokens as { accessToken: string }).accessToken);
  expect(stored.local).not.toContain(token);
  expect(stored.sync).not.toContain(token);

  // Past the token's life: requests still succeed, with a new token (refreshed before expiry).
  await new Promise((r) => setTimeout(r, (TOKEN_LIFE_S + 2) * 1000));
  sandbox.fhir.resetRequestLog();
  await epr.openPatient(b!);
  await panel.waitForPatient(b!.nhsNumber, 30_000);
  expect(sandbox.fhir.requestLog.filter((r) => r.status === 401).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  const refreshed = await w.evaluate(async () => ((await chrome.storage.session.get('authTokens')).authTokens as { accessToken: string }).accessToken);
  expect(refreshed).not.toBe(token);

  // Sign out: tokens gone, cache wiped, sign-in asked for again.
  await panel.page.click('button[data-action="sign-out"]');
  await panel.waitForState('sign-in');
  const after = await (await eb.worker()).evaluate(async () => ({ tokens: (await chrome.storage.session.get('authTokens')).authTokens, records: await new Promise<number>((res) => {
    const r = indexedDB.open('alongside');
    r.onsuccess = () => { const q = r.result.transaction('records').objectStore('records').count(); q.onsuccess = () => res(q.result); };
  }) }));
  expect(after).toEqual({ tokens: undefined, records: 0 });
});
