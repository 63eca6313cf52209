import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PRODUCTION_DEFAULTS, type Settings } from '@/utils/settings/settings';
import { createContentScriptRegistrar, syncContentScript } from './content-scripts';

/** The browser's registered content scripts, kept as Chrome keeps them, with every call that changed them. */
function fakeScripting() {
  let registered: { id: string; matches: string[]; js: string[]; runAt: string; persistAcrossSessions: boolean }[] = [];
  const calls: string[] = [];
  const scripting = {
    getRegisteredContentScripts: vi.fn(async () => structuredClone(registered)),
    registerContentScripts: vi.fn(async (add: typeof registered) => {
      calls.push(`register ${add.map((s) => s.matches).join()}`);
      registered.push(...structuredClone(add));
    }),
    updateContentScripts: vi.fn(async (update: typeof registered) => {
      calls.push(`update ${update.map((s) => s.matches).join()}`);
      registered = registered.map((r) => update.find((u) => u.id === r.id) ?? r);
    }),
    unregisterContentScripts: vi.fn(async ({ ids }: { ids: string[] }) => {
      calls.push(`unregister ${ids.length}`);
      registered = registered.filter((r) => !ids.includes(r.id));
    }),
    executeScript: vi.fn(async () => []),
  };
  return { scripting, calls };
}

const settings = (sites: [string, string[]][]): Settings => ({ ...PRODUCTION_DEFAULTS, eprSites: sites.map(([origin, readers]) => ({ origin, readers })) as Settings['eprSites'] });
const CUI = 'https://cui.example.nhs.uk';
const EMR = 'https://emr.example.nhs.uk:8443';

let fake: ReturnType<typeof fakeScripting>;
beforeEach(() => {
  fakeBrowser.reset();
  fake = fakeScripting();
  Object.assign(fakeBrowser, { scripting: fake.scripting, permissions: { contains: async () => true } });
});

describe('the content script’s registrations', () => {
  it('leaves a registration already as wanted untouched: a settings change that moves no reader never reloads the scripts a page is loading', async () => {
    const first = await syncContentScript(settings([[CUI, ['nhs-cui-banner']]]));
    expect(first).toEqual({ running: [`${CUI}/*`], added: [`${CUI}/*`] });
    // Another setting changes (the FHIR server, say): the registration stays as it is.
    const again = await syncContentScript({ ...settings([[CUI, ['nhs-cui-banner']]]), fhirBaseUrl: 'https://other.example.nhs.uk/fhir' });
    expect(again).toEqual({ running: [`${CUI}/*`], added: [] });
    expect(fake.calls).toEqual([`register ${CUI}/*`]);
  });

  it('updates only the registration whose readers changed, and names as added only an origin new to it', async () => {
    await syncContentScript(settings([[CUI, ['nhs-cui-banner']]]));
    const sync = await syncContentScript(settings([[CUI, ['nhs-cui-banner', 'openmrs']], [EMR, ['openemr']]]));
    expect(sync).toEqual({ running: [`${CUI}/*`, `${EMR}/*`], added: [`${EMR}/*`] });
    expect(fake.calls).toEqual([`register ${CUI}/*`, `update ${CUI}/*`, `register ${EMR}/*`]);
    // An origin dropped is unregistered.
    await syncContentScript(settings([[EMR, ['openemr']]]));
    expect(fake.calls.at(-1)).toBe('unregister 1');
  });

  it('asks only the pages of an origin just registered whether they have the content script (one still starting is not marked "reload")', async () => {
    const asked: number[] = [];
    Object.assign(fakeBrowser.tabs, {
      query: async ({ url }: { url: string[] }) =>
        [
          { id: 1, url: `${CUI}/patient/1`, status: 'complete' },
          { id: 2, url: `${EMR}/chart`, status: 'complete' },
        ].filter((t) => url.some((u) => t.url.startsWith(u.slice(0, -1)))),
    });
    const registrar = createContentScriptRegistrar({ checkEprTab: async (tabId) => void asked.push(tabId) });
    await fakeBrowser.storage.local.set({ settings: settings([[CUI, ['nhs-cui-banner']]]) });
    await registrar.register(true);
    expect(asked).toEqual([1]);
    // A change elsewhere in the settings: no page is asked again.
    await fakeBrowser.storage.local.set({ settings: { ...settings([[CUI, ['nhs-cui-banner']]]), pollIntervalMinutes: 5 } });
    await registrar.register(true);
    expect(asked).toEqual([1]);
    // A new origin: its pages are asked, the others are not.
    await fakeBrowser.storage.local.set({ settings: settings([[CUI, ['nhs-cui-banner']], [EMR, ['openemr']]]) });
    await registrar.register(true);
    expect(asked).toEqual([1, 2]);
  });
});
