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
import { BUILT_IN_READER_IDS, type BuiltInReaderId } from '@/utils/shared/reader-ids';
import { NOTIFICATION_KINDS } from './notification-kinds';
import { IS_DEMO_BUILD } from './build';

/** An EPR origin and the built-in readers the trust assigns to it (docs/epr-rules.md). */
export interface EprSite {
  /** e.g. `https://epr.northshire.nhs.uk` (no path). */
  origin: string;
  /** Built-in reader ids: `openmrs`, `openemr`, `medplum-app`, `nhs-cui-banner`, `nhs-number-fallback`. */
  readers: BuiltInReaderId[];
  /**
   * The FHIR identifier system the shared record holds this EPR's own patient ids under (the OpenMRS
   * patient uuid, the OpenEMR public id), for pages that show no NHS number. Omitted: such pages show no
   * record, and say why.
   */
  localIdSystem?: string;
}

export interface Settings {
  /** The shared record's FHIR R4 base URL; empty: not configured. */
  fhirBaseUrl: string;
  /** A cached record older than this is refreshed when the patient is opened (seconds). */
  staleAfterSeconds: number;
  /** Cached records older than this are deleted (hours). */
  cacheMaxAgeHours: number;
  /** At most this many patients' records are cached; the oldest-fetched go first. */
  cacheMaxPatients: number;
  /** The clinician's role, which orders the highlights after the must-see ones (docs/highlight-rules.md). */
  clinicalRole: string;
  /** The trust's highlight configuration per role: `{ roles: { gp: { order, disabled } } }`. */
  highlightRules: Record<string, unknown>;
  /** Minutes of inactivity (or a locked screen) after which everything cached is wiped; 0: never. */
  idleWipeMinutes: number;
  /** Where record-view AuditEvents go: a FHIR base URL; empty means the shared record's own server. */
  auditEndpoint: string;
  /** EPRs the trust declares as detection rules (docs/epr-rules.md); validated where they are used. */
  eprRules: unknown[];
  /**
   * Show a record only when the page showed both a name and a date of birth that match it. Off: a record
   * whose page showed only one of them is shown, marked "not cross-checked" with what was missing.
   */
  requireBothIdentityChecks: boolean;
  /** The EPR origins and which built-in readers run on each. Alongside reads no other page. */
  eprSites: EprSite[];
  /** The clinician using this browser, as a FHIR reference (until sign-in says who they are). */
  userReference: string;
  /** Their name as tasks and notes should show it. */
  userDisplay: string;
  /** The teams (Organization, CareTeam, PractitionerRole or HealthcareService) whose tasks are "mine". */
  teamReferences: string[];
  /** How often watched patients and my tasks are checked for changes (minutes; 0.5 at least). */
  pollIntervalMinutes: number;
  /** Kinds of notification that are off unless the clinician turns them on (the trust's default). */
  defaultMutedNotifications: string[];
  /** Features the trust turns off: `task-actions`, `new-tasks`, `notifications`, `my-tasks`. */
  disabledFeatures: string[];
  /** The SMART / OAuth 2 authorisation server; empty: the FHIR server needs no sign-in. */
  authIssuer: string;
  /** Alongside's client id at that server (a public client: PKCE, no secret). */
  authClientId: string;
  /** The scopes asked for at sign-in. */
  authScope: string;
  /**
   * A GP Connect Access Record: Structured endpoint (normally the trust's own proxy, which adds the
   * Spine headers): the GP's record is read beside the shared record. Empty: not read.
   */
  /**
   * On a page listing patients (a clinic list, a ward list), fetch up to this many of their records ahead,
   * so each opens at once; 0: never.
   */
  prefetchMaxPatients: number;
  /** The EPR origins prefetching is done on; empty: all of them. */
  prefetchOrigins: string[];
  gpConnectEndpoint: string;
  /** A National Record Locator-style FHIR endpoint: pointers (ReSPECT forms, care plans) by NHS number. Empty: not read. */
  nationalRecordsEndpoint: string;
  /** Actions in letters older than this many days are history, not highlights (docs/highlight-rules.md). */
  letterActionsWindowDays: number;
}

/** Store builds: nothing configured, nothing pointing anywhere. */
export const PRODUCTION_DEFAULTS: Settings = {
  fhirBaseUrl: '',
  staleAfterSeconds: 120,
  cacheMaxAgeHours: 12,
  cacheMaxPatients: 200,
  clinicalRole: 'default',
  auditEndpoint: '',
  idleWipeMinutes: 15,
  highlightRules: {},
  eprRules: [],
  requireBothIdentityChecks: false,
  eprSites: [],
  userReference: '',
  userDisplay: '',
  teamReferences: [],
  pollIntervalMinutes: 1,
  defaultMutedNotifications: [],
  disabledFeatures: [],
  authIssuer: '',
  authClientId: 'alongside',
  authScope: 'openid fhirUser profile offline_access user/*.read user/Task.write',
  prefetchMaxPatients: 30,
  prefetchOrigins: [],
  gpConnectEndpoint: '',
  nationalRecordsEndpoint: '',
  letterActionsWindowDays: 90,
};

/** The sandbox the demo starts (README): its FHIR server, its demo EPRs and its demo clinician. */
export const DEMO_DEFAULTS: Settings = {
  ...PRODUCTION_DEFAULTS,
  fhirBaseUrl: 'http://localhost:8100/fhir/R4',
  eprSites: [{ origin: 'http://localhost:8200', readers: ['openmrs', 'openemr', 'medplum-app', 'nhs-cui-banner'], localIdSystem: 'https://alongside.test/id/epr-patient' }],
  userReference: 'Practitioner/pr-rachel-evans',
  userDisplay: 'Ms Rachel Evans',
  teamReferences: ['Organization/org-northshire-community'],
};

/** This build's defaults. */
export const DEFAULT_SETTINGS: Settings = IS_DEMO_BUILD ? DEMO_DEFAULTS : PRODUCTION_DEFAULTS;

const KEYS = Object.keys(PRODUCTION_DEFAULTS) as (keyof Settings)[];

/**
 * The settings a trust must set itself rather than leave to a default: where records come from and go,
 * who signs in, which pages are read, and how long anything is kept. The example policies set them all.
 */
export const SECURITY_KEYS: readonly (keyof Settings)[] = ['fhirBaseUrl', 'authIssuer', 'authClientId', 'eprSites', 'auditEndpoint', 'idleWipeMinutes', 'cacheMaxAgeHours', 'cacheMaxPatients', 'requireBothIdentityChecks'];

/** What a clinician may set for themselves on a managed install; everything else is the trust's. */
export const CLINICIAN_KEYS: readonly (keyof Settings)[] = ['clinicalRole'];

export interface LoadedSettings {
  settings: Settings;
  /** The keys the trust's policy sets (shown locked on the options page). */
  managedKeys: (keyof Settings)[];
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


/** The settings, which of them the trust's policy sets, and what was refused. */
export async function loadSettingsWithSource(opts: { defaults?: Settings; allowLocalHttp?: boolean } = {}): Promise<LoadedSettings> {
  const defaults = opts.defaults ?? DEFAULT_SETTINGS;
  const check = { allowLocalHttp: opts.allowLocalHttp ?? IS_DEMO_BUILD };
  const [managedValues, localValues] = await Promise.all([readArea('managed'), readArea('local')]);
  const managedKeys = KEYS.filter((key) => managedValues[key] !== undefined);
  const managed = managedKeys.length > 0;
  const merged: Record<string, unknown> = { ...defaults };
  const problems: string[] = [];
  const take = (source: Record<string, unknown>, keys: readonly (keyof Settings)[], from: string) => {
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
 */
export function notConfiguredReason(s: Pick<Settings, 'fhirBaseUrl' | 'eprSites' | 'eprRules'>): string | undefined {
  if (!s.fhirBaseUrl) return 'No shared care record server is set. Your organisation sets this up by policy.';
  if (s.eprSites.length === 0 && s.eprRules.length === 0) return 'No EPR is set up for Alongside to read. Your organisation sets this up by policy.';
  return undefined;
}

/**
 * Checks settings typed on the options page (or read from policy); returns the problems in words,
 * empty when all is well.
 */
export function validateSettings(s: Partial<Settings>, opts: { allowLocalHttp?: boolean } = {}): string[] {
  const check = { allowLocalHttp: opts.allowLocalHttp ?? IS_DEMO_BUILD };
  return (Object.keys(s) as (keyof Settings)[]).flatMap((key) => {
    const problem = KEYS.includes(key) ? settingProblem(key, s[key], check) : `"${key}" is not a setting.`;
    return problem ? [problem] : [];
  });
}

const REFERENCE = /^(Practitioner|PractitionerRole|Organization|CareTeam|HealthcareService)\/[A-Za-z0-9\-.]{1,64}$/;
const wholeIn = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** One setting's problem, or undefined when the value is good. */
function settingProblem(key: keyof Settings, v: unknown, check: { allowLocalHttp: boolean }): string | undefined {
  switch (key) {
    case 'fhirBaseUrl':
      return typeof v !== 'string' ? 'The FHIR server address must be text.' : v === '' ? undefined : serverProblem('The FHIR server', v, check);
    case 'auditEndpoint':
      return typeof v !== 'string' ? 'The audit endpoint must be text.' : v === '' ? undefined : serverProblem('The audit endpoint', v, check);
    case 'authIssuer':
      return typeof v !== 'string' ? 'The sign-in server must be text.' : v === '' ? undefined : serverProblem('The sign-in server', v, check);
    case 'prefetchMaxPatients':
      return wholeIn(v, 0, 100) ? undefined : 'Prefetching must be a whole number of patients from 0 (off) to 100.';
    case 'prefetchOrigins':
      return stringList(v) && v.every((o) => isOrigin(o, check)) ? undefined : 'Each prefetch origin must be an EPR origin such as https://epr.example.nhs.uk.';
    case 'gpConnectEndpoint':
      return typeof v !== 'string' ? 'The GP Connect endpoint must be text.' : v === '' ? undefined : serverProblem('The GP Connect endpoint', v, check);
    case 'nationalRecordsEndpoint':
      return typeof v !== 'string' ? 'The national records endpoint must be text.' : v === '' ? undefined : serverProblem('The national records endpoint', v, check);
    case 'authClientId':
      return typeof v === 'string' && /^[\w.\-:]{1,100}$/.test(v) ? undefined : 'The sign-in client id is not valid.';
    case 'authScope':
      return typeof v === 'string' && /^[\w.\-:/*]+( [\w.\-:/*]+)*$/.test(v) && v.length <= 1000 ? undefined : 'The sign-in scopes are not valid.';
    case 'cacheMaxAgeHours':
      return wholeIn(v, 1, 168) ? undefined : 'The cache age limit must be a whole number of hours from 1 to 168.';
    case 'cacheMaxPatients':
      return wholeIn(v, 1, 5000) ? undefined : 'The cache patient limit must be a whole number from 1 to 5000.';
    case 'idleWipeMinutes':
      return wholeIn(v, 0, 480) ? undefined : 'The inactivity wipe must be a whole number of minutes from 0 (off) to 480.';
    case 'staleAfterSeconds':
      return wholeIn(v, 0, 86_400) ? undefined : 'The refresh age must be a whole number of seconds from 0 to 86400.';
    case 'pollIntervalMinutes':
      return typeof v === 'number' && v >= 0.5 && v <= 60 ? undefined : 'The check interval must be from 0.5 to 60 minutes.';
    case 'clinicalRole':
      return typeof v === 'string' && ['default', 'gp', 'community-nurse', 'ward-doctor'].includes(v) ? undefined : 'The clinical role must be one of default, gp, community-nurse, ward-doctor.';
    case 'userReference':
      return v === '' || (typeof v === 'string' && REFERENCE.test(v)) ? undefined : 'Who you are must be a FHIR reference such as Practitioner/123.';
    case 'userDisplay':
      return typeof v === 'string' && v.length <= 200 ? undefined : 'Your name must be text of at most 200 characters.';
    case 'teamReferences':
      return stringList(v) && v.every((r) => REFERENCE.test(r)) ? undefined : 'Each team must be a FHIR reference such as Organization/ABC or CareTeam/123.';
    case 'eprSites':
      return eprSitesProblem(v, check);
    case 'requireBothIdentityChecks':
      return typeof v === 'boolean' ? undefined : 'Requiring both identity checks must be true or false.';
    case 'eprRules':
      // Each rule is checked (and a bad one left out whole) where rules are used: utils/context/rules.
      return Array.isArray(v) ? undefined : 'EPR rules must be a list.';
    case 'highlightRules':
      return typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'The highlight configuration must be an object.';
    case 'defaultMutedNotifications': {
      const kinds: readonly string[] = NOTIFICATION_KINDS;
      return stringList(v) && v.every((k) => kinds.includes(k)) ? undefined : `Notification kinds are: ${kinds.join(', ')}.`;
    }
    case 'letterActionsWindowDays':
      return wholeIn(v, 1, 3650) ? undefined : 'The window for actions in letters must be a whole number of days from 1 to 3650.';
    case 'disabledFeatures':
      return stringList(v) && v.every((f) => (FEATURES as readonly string[]).includes(f)) ? undefined : `Features that can be turned off are: ${FEATURES.join(', ')}.`;
  }
}

function serverProblem(what: string, value: string, check: { allowLocalHttp: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${what} address is not a web address.`;
  }
  if (url.protocol === 'https:' && !url.username && !url.password) return undefined;
  if (check.allowLocalHttp && url.protocol === 'http:' && isThisComputer(url.hostname)) return undefined;
  return `${what} must use https${check.allowLocalHttp ? ' (http is allowed only on this computer, for testing)' : ''}.`;
}

function eprSitesProblem(v: unknown, check: { allowLocalHttp: boolean }): string | undefined {
  if (!Array.isArray(v)) return 'EPR sites must be a list of { origin, readers }.';
  const seen = new Set<string>();
  for (const site of v as unknown[]) {
    const s = site as Partial<EprSite> | null;
    if (typeof s !== 'object' || s === null || !isOrigin(s.origin, check)) {
      return `Each EPR site needs an origin such as https://epr.example.nhs.uk (no path)${check.allowLocalHttp ? '' : ', using https'}.`;
    }
    if (seen.has(s.origin)) return `The EPR site ${s.origin} is listed twice.`;
    seen.add(s.origin);
    const known: readonly string[] = BUILT_IN_READER_IDS;
    if (!stringList(s.readers) || s.readers.length === 0 || !s.readers.every((r) => known.includes(r))) {
      return `The EPR site ${s.origin} must list its readers, from: ${BUILT_IN_READER_IDS.join(', ')}.`;
    }
    if (s.localIdSystem !== undefined && !(typeof s.localIdSystem === 'string' && /^(https?:\/\/|urn:)[^\s|]{3,200}$/.test(s.localIdSystem))) {
      return `The EPR site ${s.origin}'s localIdSystem must be an identifier system URI, such as https://fhir.example.nhs.uk/Id/epr-patient.`;
    }
  }
  return undefined;
}

const isThisComputer = (host: string) => host === 'localhost' || host === '127.0.0.1';

/**
 * An origin like `https://epr.example.nhs.uk` (no path, no credentials). `http` only for this computer,
 * and only where allowed (demo builds, where the sandbox runs).
 */
export function isOrigin(value: unknown, check: { allowLocalHttp?: boolean } = {}): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    if (u.origin !== value.replace(/\/$/, '')) return false;
    return u.protocol === 'https:' || ((check.allowLocalHttp ?? IS_DEMO_BUILD) && u.protocol === 'http:' && isThisComputer(u.hostname));
  } catch {
    return false;
  }
}

/** What a trust can turn off. */
export const FEATURES = ['task-actions', 'new-tasks', 'notifications', 'my-tasks'] as const;
export type Feature = (typeof FEATURES)[number];

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

/** Saves settings from the options page (unmanaged installs; the clinician's own keys on managed ones). */
export async function saveLocalSettings(settings: Partial<Settings>): Promise<void> {
  await localSettings.setValue({ ...(await localSettings.getValue()), ...settings });
  settingsRead = undefined;
}
