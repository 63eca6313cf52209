/**
 * Where Alongside may run and what it may reach: the EPR sites the trust configures (and the origins
 * its declared EPR rules name), the FHIR server, the audit endpoint and the sign-in server. The content
 * script is registered at run time for the EPR origins only, port included where the browser can match
 * ports (Chrome, Edge), and only for those the browser has granted access to. Which readers run on a
 * page is decided per origin by `readersForOrigin`, written where the content script reads it
 * (utils/context/reader-config.ts) before the scripts are registered.
 */
import { browser } from 'wxt/browser';
import type { BuiltInReaderId } from '@/utils/shared/reader-ids';
import type { ReaderConfig } from '@/utils/shared/reader-config';
import { readerConfigs } from '@/utils/shared/state';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { validateDeclaredRules } from '@/utils/settings/validate-rules';
import { loadSettings, type Settings } from '@/utils/settings/settings';
import { allSwitchedOffRules, clearSwitchedOffRules } from '@/utils/context/switched-off-rules';
import type { ContextService } from '@/utils/context/context-service';
import { askPage } from '@/utils/shared/page-protocol';

export const CONTENT_SCRIPT_ID = 'alongside-epr';
/** The built content script (WXT's output path for entrypoints/epr-page.ts). */
const CONTENT_SCRIPT_FILE = 'epr-page.js';

const sameOrigin = (o: string) => o.replace(/\/$/, '');

/**
 * The trust's declared rules that pass their checks (selectors are checked on the page itself).
 *
 * @param settings - the trust's settings holding the declared rules
 */
export function validRules(settings: Pick<Settings, 'eprRules'>): DeclaredEprRule[] {
  return validateDeclaredRules(settings.eprRules).rules;
}

/**
 * The EPR origins: the configured sites and those named by valid declared rules.
 *
 * @param settings - the trust's configured EPR sites and declared rules
 */
export function eprOrigins(settings: Pick<Settings, 'eprSites' | 'eprRules'>): string[] {
  const fromRules = validRules(settings).flatMap((r) => r.origins);
  return [...new Set([...settings.eprSites.map((s) => s.origin), ...fromRules].map(sameOrigin))];
}

/**
 * The readers for pages on `origin`. An origin the trust has not named gets none: built-in readers run
 * only where the trust assigned them, and the general reader only where it was turned on.
 *
 * @param settings - the trust's configured EPR sites and declared rules
 * @param origin - the page's origin
 * @param switchedOff - ids of rules switched off this session for running too long
 */
export function readersForOrigin(settings: Pick<Settings, 'eprSites' | 'eprRules'>, origin: string, switchedOff: readonly string[] = []): ReaderConfig {
  const here = sameOrigin(origin);
  const site = settings.eprSites.find((s) => sameOrigin(s.origin) === here);
  const rules = validRules(settings).filter((r) => r.origins.some((o) => sameOrigin(o) === here) && !switchedOff.includes(r.id));
  return { builtIns: site ? [...site.readers] : [], rules, ...(site?.localIdSystem ? { options: { localIdSystem: site.localIdSystem } } : {}) };
}

/**
 * Writes what each EPR origin's pages read where the content script finds it. Origins no longer
 * configured are dropped, so their pages read nothing.
 *
 * @param settings - the trust's configured EPR sites and declared rules
 * @param switchedOff - ids of rules switched off this session for running too long
 */
export async function writeReaderConfigs(settings: Pick<Settings, 'eprSites' | 'eprRules'>, switchedOff: readonly string[]): Promise<void> {
  const configs: Record<string, ReaderConfig> = {};
  for (const origin of eprOrigins(settings)) configs[new URL(origin).origin] = readersForOrigin(settings, origin, switchedOff);
  await readerConfigs.setValue(configs);
}

/**
 * A match pattern for everything on an origin. Chrome and Edge match ports, so a site on one port never
 * lets the content script onto another; Firefox's patterns have no port (the content script then finds
 * no readers for the wrong port, and stops).
 *
 * @param origin - the site's origin
 * @param withPort - keep the port in the pattern (false on Firefox, whose patterns have none)
 */
export function matchPattern(origin: string, withPort = !isFirefox()): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}${withPort && url.port ? `:${url.port}` : ''}/*`;
}

/** Firefox builds (WXT's flag; under the unit tests' environment it arrives as the string "false"). */
const isFirefox = () => String(import.meta.env.FIREFOX) === 'true';

/**
 * Every origin Alongside needs access to, as match patterns.
 *
 * @param settings - the settings naming the EPR sites and the servers Alongside calls
 */
export function neededPatterns(settings: Settings): string[] {
  const servers = [settings.fhirBaseUrl, settings.authIssuer, settings.auditEndpoint, settings.gpConnectEndpoint, settings.nationalRecordsEndpoint].filter(Boolean).flatMap((u) => {
    try {
      return [new URL(u).origin];
    } catch {
      return [];
    }
  });
  return [...new Set([...eprOrigins(settings), ...servers].map((o) => matchPattern(o)))];
}

/**
 * The patterns among `patterns` the browser has granted.
 *
 * @param patterns - the match patterns to ask about
 */
export async function grantedPatterns(patterns: string[]): Promise<string[]> {
  const granted: string[] = [];
  for (const p of patterns) if (await browser.permissions.contains({ origins: [p] }).catch(() => false)) granted.push(p);
  return granted;
}

/** One registration of the content script: the pages it runs on, and the scripts it loads there in order. */
export interface ContentScriptRegistration {
  id: string;
  matches: string[];
  js: string[];
}

/**
 * The content script's registrations: one per match pattern, loading the built-in readers assigned to the
 * origins that pattern covers (each reader is a script of its own, `reader-<id>.js`), then the content
 * script. One registration per pattern, so no page ever runs the content script twice (Firefox's patterns
 * cannot tell ports apart).
 *
 * @param settings - the trust's configured EPR sites and declared rules
 * @param granted - the patterns the browser has granted access to
 * @param withPort - tell ports apart in the patterns (false on Firefox, whose patterns cannot)
 */
export function contentScriptRegistrations(settings: Pick<Settings, 'eprSites' | 'eprRules'>, granted: readonly string[], withPort = !isFirefox()): ContentScriptRegistration[] {
  const readersByPattern = new Map<string, Set<BuiltInReaderId>>();
  for (const origin of eprOrigins(settings)) readersByPattern.set(matchPattern(origin, withPort), new Set());
  for (const site of settings.eprSites) for (const r of site.readers) readersByPattern.get(matchPattern(site.origin, withPort))?.add(r);
  return [...readersByPattern]
    .filter(([pattern]) => granted.includes(pattern))
    .map(([pattern, readers]) => ({ id: `${CONTENT_SCRIPT_ID}-${hash(pattern)}`, matches: [pattern], js: [...[...readers].sort().map((r) => `reader-${r}.js`), CONTENT_SCRIPT_FILE] }));
}

/** A short, stable, id-safe name for a pattern. */
function hash(text: string): string {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
  return h.toString(16);
}

/** What syncContentScript left registered: every pattern the content script runs on, and those new with this call. */
export interface ContentScriptSync {
  running: string[];
  added: string[];
}

/**
 * Registers the content script (and the readers each origin needs) for the configured EPR origins that
 * access was granted to, and removes every other registration of ours. A registration already as wanted
 * is left alone: the browser applies an update by loading its scripts again, and a page loading meanwhile
 * can get none, so a settings change that touches no registration never leaves a page unread.
 *
 * @param settings - the settings as they are now
 */
export async function syncContentScript(settings: Settings): Promise<ContentScriptSync> {
  const patterns = [...new Set(eprOrigins(settings).map((o) => matchPattern(o)))];
  const wanted = contentScriptRegistrations(settings, await grantedPatterns(patterns));
  const existing = (await browser.scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(CONTENT_SCRIPT_ID));
  const stale = existing.filter((s) => !wanted.some((w) => w.id === s.id)).map((s) => s.id);
  if (stale.length) await browser.scripting.unregisterContentScripts({ ids: stale });
  const scripts = wanted.map((w) => ({ ...w, runAt: 'document_end' as const, persistAcrossSessions: true }));
  const sameAs = (s: (typeof scripts)[number]) => (r: (typeof existing)[number]) =>
    r.id === s.id && r.runAt === s.runAt && JSON.stringify(r.matches) === JSON.stringify(s.matches) && JSON.stringify(r.js) === JSON.stringify(s.js);
  const update = scripts.filter((w) => existing.some((s) => s.id === w.id) && !existing.some(sameAs(w)));
  const add = scripts.filter((w) => !existing.some((s) => s.id === w.id));
  if (update.length) await browser.scripting.updateContentScripts(update);
  if (add.length) await browser.scripting.registerContentScripts(add);
  return { running: wanted.flatMap((w) => w.matches), added: add.flatMap((w) => w.matches) };
}

/**
 * Loads the readers each EPR origin is assigned into its pages already open (top frame), so a reader
 * the trust newly assigns reads them without a reload: the content script there reads again as a reader
 * arrives (utils/context/reader-registry.ts), and a reader already on a page is not added twice. A page
 * of an origin newly named has no content script yet: it is read from its next load.
 *
 * @param settings - the trust's configured EPR sites and declared rules
 * @param running - the patterns the content script is registered on (syncContentScript's `running`)
 */
export async function addReadersToOpenPages(settings: Pick<Settings, 'eprSites' | 'eprRules'>, running: readonly string[]): Promise<void> {
  if (!running.length) return;
  const tabs = await browser.tabs.query({ url: [...running] });
  await Promise.all(
    tabs.map(async (tab) => {
      if (tab.id === undefined || !tab.url) return;
      const { builtIns } = readersForOrigin(settings, new URL(tab.url).origin);
      if (!builtIns.length) return;
      await browser.scripting.executeScript({ target: { tabId: tab.id }, files: builtIns.map((r) => `/reader-${r}.js` as const) }).catch(() => {});
    }),
  );
}

/**
 * Asks each finished page on an origin the content script has just been registered for what it shows. A
 * page that does not answer was opened before Alongside could read it (its origin configured or allowed
 * since), so it has no content script: its tab is marked "reload this page" (`checkEprTab`), not left
 * saying "open a patient" while one is open. Pages of origins registered before were loaded with the
 * content script, and are not asked: one still starting would not answer yet, and be marked wrongly.
 *
 * @param contexts - the context service, which marks a tab that did not answer
 * @param added - the patterns the content script was newly registered on (syncContentScript's `added`)
 */
export async function askPagesOpenedBeforeSetUp(contexts: Pick<ContextService, 'checkEprTab'>, added: readonly string[]): Promise<void> {
  if (!added.length) return;
  const tabs = await browser.tabs.query({ url: [...added], status: 'complete' }).catch(() => []);
  await Promise.all(tabs.map((t) => (t.id === undefined ? undefined : contexts.checkEprTab(t.id, () => askPage('whatIsInView', undefined, { tabId: t.id!, frameId: 0 })))));
}

/**
 * Keeps the content script's registrations in step with the settings, one registration at a time, each
 * with the settings as they are when it runs (two at once would both find none registered, and the
 * loser's origins could stick). What each origin's pages read is written first, so a page never runs
 * the script without it. Then pages open before Alongside could read them are told to reload.
 *
 * @param contexts - the context service, which marks the tabs opened before Alongside could read them
 */
export function createContentScriptRegistrar(contexts: Pick<ContextService, 'checkEprTab'>) {
  let registering: Promise<unknown> = Promise.resolve();
  return {
    /**
     * Registers again.
     *
     * @param settingsChanged - the trust's settings changed: every rule switched off gets another chance,
     *   and readers newly assigned reach the pages already open (not at every wake of the worker)
     */
    register(settingsChanged = false): Promise<unknown> {
      registering = registering
        .then(async () => {
          if (settingsChanged) await clearSwitchedOffRules();
          const settings = await loadSettings();
          await writeReaderConfigs(settings, (await allSwitchedOffRules()).map((r) => r.ruleId));
          const { running, added } = await syncContentScript(settings);
          if (settingsChanged) await addReadersToOpenPages(settings, running);
          await askPagesOpenedBeforeSetUp(contexts, added);
        })
        .catch(() => {});
      return registering;
    },
  };
}
