/**
 * Every setting, once: its type, its default in store and demo builds, who sets it, and its check. The
 * `Settings` type, the defaults, the key lists and the validation are derived from this table; its words
 * (the options page's sections and labels, the managed schema, the docs' table) are in
 * setting-words.ts, keyed by the same names and checked complete by the compiler, and kept apart only
 * so the background worker does not carry them. `npm run settings:generate` writes
 * public/managed_schema.json and the docs' settings table from both; a unit test fails when either is
 * out of date (setting-files.test.ts).
 *
 * To add a setting: a row here, a row in setting-words.ts, then `npm run settings:generate`.
 */
import { BUILT_IN_READER_IDS, type BuiltInReaderId } from '@/utils/shared/reader-ids';
import { NOTIFICATION_KINDS } from './notification-kinds';

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

/** The clinical roles that order the highlights (docs/highlight-rules.md), with their names. */
export const CLINICAL_ROLES = { default: 'Any clinician', gp: 'GP', 'community-nurse': 'Community nurse', 'ward-doctor': 'Ward doctor' } as const;
export type ClinicalRole = keyof typeof CLINICAL_ROLES;
const ROLE_IDS = Object.keys(CLINICAL_ROLES) as ClinicalRole[];

/** What a trust can turn off. */
export const FEATURES = ['task-actions', 'new-tasks', 'notifications', 'my-tasks'] as const;
export type Feature = (typeof FEATURES)[number];

/** What a check may allow: `http` to this computer, in demo builds only (where the sandbox runs). */
export interface CheckOptions {
  allowLocalHttp: boolean;
}

/**
 * Who sets a setting. `security`: the trust must set it itself rather than leave it to a default (where
 * records come from and go, who signs in, which pages are read, how long anything is kept; the example
 * policies set them all). `trust`: the trust's, with a default that serves. `clinician`: the clinician's
 * own, set on the options page even where the trust manages everything else.
 */
export type SettingOwner = 'security' | 'trust' | 'clinician';

export interface SettingSpec<T> {
  /** The store build's default: nothing that points anywhere. */
  default: T;
  /** The demo build's default, where it differs (the sandbox the demo starts). */
  demoDefault?: T;
  owner: SettingOwner;
  /** The value's problem in words, or undefined when it is good. */
  check: (value: unknown, options: CheckOptions) => string | undefined;
}

const setting = <T>(spec: SettingSpec<T>): SettingSpec<T> => spec;

const REFERENCE = /^(Practitioner|PractitionerRole|Organization|CareTeam|HealthcareService)\/[A-Za-z0-9\-.]{1,64}$/;
const wholeIn = (v: unknown, min: number, max: number) => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const stringList = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isThisComputer = (host: string) => host === 'localhost' || host === '127.0.0.1';

/** An address setting: empty (not used) or an https address (http to this computer where allowed). */
const server = (what: string) => (v: unknown, options: CheckOptions) => (typeof v !== 'string' ? `${what} address must be text.` : v === '' ? undefined : serverProblem(what, v, options));

function serverProblem(what: string, value: string, options: CheckOptions): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${what} address is not a web address.`;
  }
  if (url.protocol === 'https:' && !url.username && !url.password) return undefined;
  if (options.allowLocalHttp && url.protocol === 'http:' && isThisComputer(url.hostname)) return undefined;
  return `${what} must use https${options.allowLocalHttp ? ' (http is allowed only on this computer, for testing)' : ''}.`;
}

/**
 * True for an origin like `https://epr.example.nhs.uk` (no path, no credentials). `http` only for this
 * computer, and only where allowed (demo builds, where the sandbox runs).
 * @param value what was given
 * @param options whether `http` to this computer is allowed
 */
export function isOriginAllowed(value: unknown, options: CheckOptions): value is string {
  if (typeof value !== 'string') return false;
  try {
    const u = new URL(value);
    if (u.origin !== value.replace(/\/$/, '')) return false;
    return u.protocol === 'https:' || (options.allowLocalHttp && u.protocol === 'http:' && isThisComputer(u.hostname));
  } catch {
    return false;
  }
}

function eprSitesProblem(v: unknown, options: CheckOptions): string | undefined {
  if (!Array.isArray(v)) return 'EPR sites must be a list of { origin, readers }.';
  const seen = new Set<string>();
  for (const site of v as unknown[]) {
    const s = site as Partial<EprSite> | null;
    if (typeof s !== 'object' || s === null || !isOriginAllowed(s.origin, options)) {
      return `Each EPR site needs an origin such as https://epr.example.nhs.uk (no path)${options.allowLocalHttp ? '' : ', using https'}.`;
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

/** The settings, in the order the docs list them. */
export const SETTING_TABLE = {
  fhirBaseUrl: setting<string>({ default: '', demoDefault: 'http://localhost:8100/fhir/R4', owner: 'security', check: server('The FHIR server') }),
  staleAfterSeconds: setting<number>({ default: 120, owner: 'trust', check: (v) => (wholeIn(v, 0, 86_400) ? undefined : 'The refresh age must be a whole number of seconds from 0 to 86400.') }),
  eprRules: setting<unknown[]>({
    default: [],
    owner: 'trust',
    // Each rule is checked (and a bad one left out whole) where rules are used: validate-rules.ts.
    check: (v) => (Array.isArray(v) ? undefined : 'EPR rules must be a list.'),
  }),
  cacheMaxAgeHours: setting<number>({ default: 12, owner: 'security', check: (v) => (wholeIn(v, 1, 168) ? undefined : 'The cache age limit must be a whole number of hours from 1 to 168.') }),
  cacheMaxPatients: setting<number>({ default: 200, owner: 'security', check: (v) => (wholeIn(v, 1, 5000) ? undefined : 'The cache patient limit must be a whole number from 1 to 5000.') }),
  clinicalRole: setting<string>({
    default: 'default',
    owner: 'clinician',
    check: (v) => (typeof v === 'string' && (ROLE_IDS as string[]).includes(v) ? undefined : `The clinical role must be one of ${ROLE_IDS.join(', ')}.`),
  }),
  highlightRules: setting<Record<string, unknown>>({
    default: {},
    owner: 'trust',
    check: (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'The highlight configuration must be an object.'),
  }),
  letterActionsWindowDays: setting<number>({
    default: 90,
    owner: 'trust',
    check: (v) => (wholeIn(v, 1, 3650) ? undefined : 'The window for actions in letters must be a whole number of days from 1 to 3650.'),
  }),
  requireBothIdentityChecks: setting<boolean>({ default: false, owner: 'security', check: (v) => (typeof v === 'boolean' ? undefined : 'Requiring both identity checks must be true or false.') }),
  idleWipeMinutes: setting<number>({ default: 15, owner: 'security', check: (v) => (wholeIn(v, 0, 480) ? undefined : 'The inactivity wipe must be a whole number of minutes from 0 (off) to 480.') }),
  auditEndpoint: setting<string>({ default: '', owner: 'security', check: server('The audit endpoint') }),
  gpConnectEndpoint: setting<string>({ default: '', owner: 'trust', check: server('The GP Connect endpoint') }),
  nationalRecordsEndpoint: setting<string>({ default: '', owner: 'trust', check: server('The national records endpoint') }),
  eprSites: setting<EprSite[]>({
    default: [],
    demoDefault: [{ origin: 'http://localhost:8200', readers: ['openmrs', 'openemr', 'medplum-app', 'nhs-cui-banner'], localIdSystem: 'https://alongside.test/id/epr-patient' }],
    owner: 'security',
    check: eprSitesProblem,
  }),
  prefetchMaxPatients: setting<number>({ default: 30, owner: 'trust', check: (v) => (wholeIn(v, 0, 100) ? undefined : 'Prefetching must be a whole number of patients from 0 (off) to 100.') }),
  prefetchOrigins: setting<string[]>({
    default: [],
    owner: 'trust',
    check: (v, options) => (stringList(v) && v.every((o) => isOriginAllowed(o, options)) ? undefined : 'Each prefetch origin must be an EPR origin such as https://epr.example.nhs.uk.'),
  }),
  authIssuer: setting<string>({ default: '', owner: 'security', check: server('The sign-in server') }),
  authClientId: setting<string>({ default: 'alongside', owner: 'security', check: (v) => (typeof v === 'string' && /^[\w.\-:]{1,100}$/.test(v) ? undefined : 'The sign-in client id is not valid.') }),
  authScope: setting<string>({
    default: 'openid fhirUser profile offline_access user/*.read user/Task.write',
    owner: 'trust',
    check: (v) => (typeof v === 'string' && /^[\w.\-:/*]+( [\w.\-:/*]+)*$/.test(v) && v.length <= 1000 ? undefined : 'The sign-in scopes are not valid.'),
  }),
  userReference: setting<string>({
    default: '',
    demoDefault: 'Practitioner/pr-rachel-evans',
    owner: 'trust',
    check: (v) => (v === '' || (typeof v === 'string' && REFERENCE.test(v)) ? undefined : 'Who you are must be a FHIR reference such as Practitioner/123.'),
  }),
  userDisplay: setting<string>({ default: '', demoDefault: 'Ms Rachel Evans', owner: 'trust', check: (v) => (typeof v === 'string' && v.length <= 200 ? undefined : 'Your name must be text of at most 200 characters.') }),
  teamReferences: setting<string[]>({
    default: [],
    demoDefault: ['Organization/org-northshire-community'],
    owner: 'trust',
    check: (v) => (stringList(v) && v.every((r) => REFERENCE.test(r)) ? undefined : 'Each team must be a FHIR reference such as Organization/ABC or CareTeam/123.'),
  }),
  pollIntervalMinutes: setting<number>({ default: 1, owner: 'trust', check: (v) => (typeof v === 'number' && v >= 0.5 && v <= 60 ? undefined : 'The check interval must be from 0.5 to 60 minutes.') }),
  disabledFeatures: setting<string[]>({
    default: [],
    owner: 'trust',
    check: (v) => (stringList(v) && v.every((f) => (FEATURES as readonly string[]).includes(f)) ? undefined : `Features that can be turned off are: ${FEATURES.join(', ')}.`),
  }),
  defaultMutedNotifications: setting<string[]>({
    default: [],
    owner: 'trust',
    check: (v) => (stringList(v) && v.every((k) => (NOTIFICATION_KINDS as readonly string[]).includes(k)) ? undefined : `Notification kinds are: ${NOTIFICATION_KINDS.join(', ')}.`),
  }),
};

export type SettingKey = keyof typeof SETTING_TABLE;

/** Alongside's settings, one value per row of the table. */
export type Settings = { [K in SettingKey]: (typeof SETTING_TABLE)[K] extends SettingSpec<infer T> ? T : never };

/** Every setting's name, in the table's order. */
export const SETTING_KEYS = Object.keys(SETTING_TABLE) as SettingKey[];

/** The settings one kind of owner sets. */
const keysOf = (owner: SettingOwner) => SETTING_KEYS.filter((key) => SETTING_TABLE[key].owner === owner);

/** The settings a trust must set itself rather than leave to a default (see `SettingOwner`). */
export const SECURITY_KEYS: readonly SettingKey[] = keysOf('security');

/** What a clinician may set for themselves on a managed install; everything else is the trust's. */
export const CLINICIAN_KEYS: readonly SettingKey[] = keysOf('clinician');

/** Store builds: nothing configured, nothing pointing anywhere. */
export const PRODUCTION_DEFAULTS = Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTING_TABLE[key].default])) as Settings;

/** The sandbox the demo starts (README): its FHIR server, its demo EPRs and its demo clinician. */
export const DEMO_DEFAULTS = Object.fromEntries(SETTING_KEYS.map((key) => [key, SETTING_TABLE[key].demoDefault ?? SETTING_TABLE[key].default])) as Settings;

/**
 * One setting's problem in words, or undefined when the value is good.
 * @param key the setting
 * @param value its value, from policy or the options page
 * @param options what the build allows
 */
export function settingProblem(key: SettingKey, value: unknown, options: CheckOptions): string | undefined {
  return SETTING_TABLE[key].check(value, options);
}
