/**
 * Alongside's settings: what a trust sets by managed browser policy wins; an unmanaged install uses
 * what was saved on the options page; anything unset takes the default.
 */
import { browser } from 'wxt/browser';

export interface Settings {
  /** The shared record's FHIR R4 base URL. */
  fhirBaseUrl: string;
  /** A cached record older than this is refreshed when the patient is opened (seconds). */
  staleAfterSeconds: number;
}

/** Defaults: the sandbox FHIR server the demo starts (see README). */
export const DEFAULT_SETTINGS: Settings = {
  fhirBaseUrl: 'http://localhost:8100/fhir/R4',
  staleAfterSeconds: 120,
};

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Reads the settings, managed values first. */
export async function loadSettings(): Promise<Settings> {
  const [managed, local] = await Promise.all([readArea('managed'), readArea('local')]);
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const source of [local, managed]) {
    for (const key of KEYS) {
      const value = source[key];
      if (typeof value === typeof DEFAULT_SETTINGS[key]) merged[key] = value;
    }
  }
  return merged as unknown as Settings;
}

async function readArea(area: 'managed' | 'local'): Promise<Record<string, unknown>> {
  try {
    if (area === 'local') return ((await browser.storage.local.get('settings')).settings as Record<string, unknown>) ?? {};
    return await browser.storage.managed.get(KEYS);
  } catch {
    // No managed storage (no policy, or Firefox without a managed manifest): nothing is managed.
    return {};
  }
}

/** Saves settings from the options page (unmanaged installs). */
export async function saveLocalSettings(settings: Partial<Settings>): Promise<void> {
  const current = ((await browser.storage.local.get('settings')).settings as Record<string, unknown>) ?? {};
  await browser.storage.local.set({ settings: { ...current, ...settings } });
}
