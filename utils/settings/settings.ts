/**
 * Alongside's settings. A trust configures Alongside by managed browser policy; on a managed install
 * the trust's settings come from policy alone (a clinician cannot point the audit trail elsewhere or
 * turn the inactivity wipe off), and only the clinician's own preferences come from the options page.
 * An unmanaged install (a developer, a small site) uses what was saved on the options page. Every value,
 * from policy or the options page, passes the same checks; a value that fails is not used, and the
 * problem is reported (options page, side panel).
 *
 * Store builds have no defaults that point anywhere: until a trust configures it, Alongside says it is
 * not configured and reads no page. Demo builds point at the sandbox (see build.ts).
 */
import { localSettings, managedSettings, watchSettings } from '@/utils/shared/state';
import { IS_DEMO_BUILD } from './build';
import { CLINICIAN_KEYS, DEMO_DEFAULTS, type Feature, isOriginAllowed, PRODUCTION_DEFAULTS, SETTING_KEYS, settingProblem, type SettingKey, type Settings } from './setting-table';

export { CLINICAL_ROLES, CLINICIAN_KEYS, DEMO_DEFAULTS, PRODUCTION_DEFAULTS, SECURITY_KEYS } from './setting-table';
export type { Feature, Settings } from './setting-table';

/** This build's defaults. */
export const DEFAULT_SETTINGS: Settings = IS_DEMO_BUILD ? DEMO_DEFAULTS : PRODUCTION_DEFAULTS;

const KEYS = SETTING_KEYS;

export interface LoadedSettings {
  settings: Settings;
  /** The keys the trust's policy sets (shown locked on the options page). */
  managedKeys: SettingKey[];
  /** True when any policy is present: then the trust's settings come from policy alone. */
  managed: boolean;
  /** Values that failed their checks and were not used, in words. */
  problems: string[];
}

/**
 * The settings as last read, until the policy or the options page changes them: they are asked for at
 * every page read and every fetch, and reading policy storage costs milliseconds each time.
 */
let settingsRead: Promise<Settings> | undefined;
let watchingSettings = false;

/** Reads the settings: checked policy values first, then (as above) the options page's, then defaults. */
export function loadSettings(): Promise<Settings> {
  if (!watchingSettings) {
    watchingSettings = true;
    watchSettings(() => (settingsRead = undefined));
  }
  const read = (settingsRead ??= loadSettingsWithSource().then((loaded) => loaded.settings));
  read.catch(() => {
    if (settingsRead === read) settingsRead = undefined;
  });
  return read;
}


/**
 * The settings, which of them the trust's policy sets, and what was refused.
 *
 * @param opts - the defaults to start from, and whether `http` to this computer is allowed (by default: in demo builds)
 */
export async function loadSettingsWithSource(opts: { defaults?: Settings; allowLocalHttp?: boolean } = {}): Promise<LoadedSettings> {
  const defaults = opts.defaults ?? DEFAULT_SETTINGS;
  const check = { allowLocalHttp: opts.allowLocalHttp ?? IS_DEMO_BUILD };
  const [managedValues, localValues] = await Promise.all([readArea('managed'), readArea('local')]);
  const managedKeys = KEYS.filter((key) => managedValues[key] !== undefined);
  const managed = managedKeys.length > 0;
  const merged: Record<string, unknown> = { ...defaults };
  const problems: string[] = [];
  const take = (source: Record<string, unknown>, keys: readonly SettingKey[], from: string) => {
    for (const key of keys) {
      const value = source[key];
      if (value === undefined) continue;
      const problem = settingProblem(key, value, check);
      if (problem) problems.push(`${problem} (${from}; not used)`);
      else merged[key] = value;
    }
  };
  take(localValues, managed ? CLINICIAN_KEYS : KEYS, 'options page');
  take(managedValues, KEYS, 'policy');
  return { settings: merged as unknown as Settings, managedKeys, managed, problems };
}

/**
 * Why Alongside cannot work yet, or undefined when it can: a store build reads no page and asks no
 * server until the trust has set both.
 *
 * @param s - the settings in force
 */
export function notConfiguredReason(s: Pick<Settings, 'fhirBaseUrl' | 'eprSites' | 'eprRules'>): string | undefined {
  if (!s.fhirBaseUrl) return 'No shared care record server is set. Your organisation sets this up by policy.';
  if (s.eprSites.length === 0 && s.eprRules.length === 0) return 'No EPR is set up for Alongside to read. Your organisation sets this up by policy.';
  return undefined;
}

/**
 * Checks settings typed on the options page (or read from policy); returns the problems in words,
 * empty when all is well.
 *
 * @param s - the settings to check, as given
 * @param opts - whether `http` to this computer is allowed (by default: in demo builds)
 */
export function validateSettings(s: Partial<Settings>, opts: { allowLocalHttp?: boolean } = {}): string[] {
  const check = { allowLocalHttp: opts.allowLocalHttp ?? IS_DEMO_BUILD };
  return (Object.keys(s) as SettingKey[]).flatMap((key) => {
    const problem = KEYS.includes(key) ? settingProblem(key, s[key], check) : `"${key}" is not a setting.`;
    return problem ? [problem] : [];
  });
}

/**
 * True for an origin like `https://epr.example.nhs.uk` (no path, no credentials). `http` only for this
 * computer, and only where allowed (demo builds, where the sandbox runs).
 * @param value what was given
 * @param check whether `http` to this computer is allowed (by default: in demo builds)
 */
export function isOrigin(value: unknown, check: { allowLocalHttp?: boolean } = {}): value is string {
  return isOriginAllowed(value, { allowLocalHttp: check.allowLocalHttp ?? IS_DEMO_BUILD });
}

/**
 * Whether a feature is on: every feature is, unless the settings turn it off.
 *
 * @param settings - the settings in force (undefined: not read yet, so every feature is on)
 * @param feature - the feature asked about
 */
export function featureOn(settings: Pick<Settings, 'disabledFeatures'> | undefined, feature: Feature): boolean {
  return !settings?.disabledFeatures.includes(feature);
}

async function readArea(area: 'managed' | 'local'): Promise<Record<string, unknown>> {
  try {
    return area === 'local' ? await localSettings.getValue() : await managedSettings(KEYS);
  } catch {
    return {};
  }
}

/**
 * Saves settings from the options page (unmanaged installs; the clinician's own keys on managed ones).
 *
 * @param settings - the settings to change; those not given keep their saved values
 */
export async function saveLocalSettings(settings: Partial<Settings>): Promise<void> {
  await localSettings.setValue({ ...(await localSettings.getValue()), ...settings });
  settingsRead = undefined;
}
