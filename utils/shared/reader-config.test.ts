import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { followReaderConfig, READER_CONFIGS_KEY, type ReaderConfig } from './reader-config';

const ORIGIN = 'https://epr.example.nhs.uk';
const withoutRules: ReaderConfig = { builtIns: ['openmrs'], rules: [] };
const withRule: ReaderConfig = { builtIns: ['openmrs'], rules: [{ id: 'pas', label: 'PAS', origins: [ORIGIN], banner: { selector: '#b', namePattern: '(.+)' } }] as never };

describe('following the readers of an EPR origin', () => {
  beforeEach(() => {
    fakeBrowser.reset();
    vi.restoreAllMocks();
  });

  it('a configuration written while the first read is under way is the one used, never lost', async () => {
    await browser.storage.local.set({ [READER_CONFIGS_KEY]: { [ORIGIN]: withoutRules } });
    // The first read returns the value from before the write below (the page's script started as the
    // trust's new rule was being saved).
    let releaseRead!: () => void;
    const stale = { [READER_CONFIGS_KEY]: { [ORIGIN]: withoutRules } };
    vi.spyOn(browser.storage.local, 'get').mockImplementation(() => new Promise((resolve) => (releaseRead = () => resolve(stale))) as never);
    const later: (ReaderConfig | undefined)[] = [];
    const first = followReaderConfig(ORIGIN, (c) => later.push(c), new AbortController().signal);
    await browser.storage.local.set({ [READER_CONFIGS_KEY]: { [ORIGIN]: withRule } });
    releaseRead();
    expect(await first).toEqual(withRule);
    expect(later).toEqual([]);
  });

  it('changes after the first read reach the page, until it stops listening', async () => {
    await browser.storage.local.set({ [READER_CONFIGS_KEY]: { [ORIGIN]: withoutRules } });
    const later: (ReaderConfig | undefined)[] = [];
    const stop = new AbortController();
    expect(await followReaderConfig(ORIGIN, (c) => later.push(c), stop.signal)).toEqual(withoutRules);
    await browser.storage.local.set({ [READER_CONFIGS_KEY]: { [ORIGIN]: withRule } });
    await browser.storage.local.set({ [READER_CONFIGS_KEY]: {} });
    stop.abort();
    await browser.storage.local.set({ [READER_CONFIGS_KEY]: { [ORIGIN]: withRule } });
    expect(later).toEqual([withRule, undefined]);
  });
});
