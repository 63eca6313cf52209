/**
 * Alongside's settings: what a trust sets by managed browser policy wins; an unmanaged install uses
 * what was saved on the options page; anything unset takes the default.
 */
import { browser } from 'wxt/browser';
import { NOTIFICATION_KINDS } from '../notifications/kinds';
import { isOrigin } from './epr-origins';

export interface Settings {
  /** The shared record's FHIR R4 base URL. */
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
  /** The origins the EPRs run on: Alongside's content script runs there and nowhere else. */
  eprOrigins: string[];
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
}

/** Defaults: the sandbox FHIR server the demo starts (see README). */
export const DEFAULT_SETTINGS: Settings = {
  fhirBaseUrl: 'http://localhost:8100/fhir/R4',
  staleAfterSeconds: 120,
  cacheMaxAgeHours: 12,
  cacheMaxPatients: 200,
  clinicalRole: 'default',
  auditEndpoint: '',
  idleWipeMinutes: 15,
  highlightRules: {},
  eprRules: [],
  // The demo EPR pages (npm run demo); a trust lists its own.
  eprOrigins: ['http://localhost', 'http://127.0.0.1'],
  userReference: 'Practitioner/pr-rachel-evans',
  userDisplay: 'Ms Rachel Evans',
  teamReferences: ['Organization/org-northshire-community'],
  pollIntervalMinutes: 1,
  defaultMutedNotifications: [],
  disabledFeatures: [],
  authIssuer: '',
  authClientId: 'alongside',
  authScope: 'openid fhirUser profile offline_access user/*.read user/Task.write',
}

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[];

/** Reads the settings, managed values first. */
export async function loadSettings(): Promise<Settings> {
  return (await loadSettingsWithSource()).settings;
}

/** The settings, and which of them the trust's policy sets (shown locked on the options page). */
export async function loadSettingsWithSource(): Promise<{ settings: Settings; managedKeys: (keyof Settings)[] }> {
  const [managed, local] = await Promise.all([readArea('managed'), readArea('local')]);
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const source of [local, managed]) {
    for (const key of KEYS) {
      const value = source[key];
      if (sameKind(value, DEFAULT_SETTINGS[key])) merged[key] = value;
    }
  }
  const managedKeys = KEYS.filter((key) => sameKind(managed[key], DEFAULT_SETTINGS[key]));
  return { settings: merged as unknown as Settings, managedKeys };
}

/** Checks settings typed on the options page; returns the problems in words, empty when all is well. */
export function validateSettings(s: Partial<Settings>): string[] {
  const problems: string[] = [];
  if (s.fhirBaseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(s.fhirBaseUrl);
    } catch {
      problems.push('The FHIR server address is not a web address.');
    }
    if (url && url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
      problems.push('The FHIR server must use https (http is allowed only on this computer, for testing).');
    }
  }
  if (s.cacheMaxAgeHours !== undefined && !(Number.isInteger(s.cacheMaxAgeHours) && s.cacheMaxAgeHours >= 1 && s.cacheMaxAgeHours <= 168)) {
    problems.push('The cache age limit must be a whole number of hours from 1 to 168.');
  }
  if (s.cacheMaxPatients !== undefined && !(Number.isInteger(s.cacheMaxPatients) && s.cacheMaxPatients >= 1 && s.cacheMaxPatients <= 5000)) {
    problems.push('The cache patient limit must be a whole number from 1 to 5000.');
  }
  if (s.idleWipeMinutes !== undefined && !(Number.isInteger(s.idleWipeMinutes) && s.idleWipeMinutes >= 0 && s.idleWipeMinutes <= 480)) {
    problems.push('The inactivity wipe must be a whole number of minutes from 0 (off) to 480.');
  }
  if (s.auditEndpoint) {
    try {
      new URL(s.auditEndpoint);
    } catch {
      problems.push('The audit endpoint is not a web address.');
    }
  }
  if (s.clinicalRole !== undefined && !['default', 'gp', 'community-nurse', 'ward-doctor'].includes(s.clinicalRole)) {
    problems.push('The clinical role must be one of default, gp, community-nurse, ward-doctor.');
  }
  if (s.staleAfterSeconds !== undefined && !(Number.isInteger(s.staleAfterSeconds) && s.staleAfterSeconds >= 0 && s.staleAfterSeconds <= 86_400)) {
    problems.push('The refresh age must be a whole number of seconds from 0 to 86400.');
  }
  if (s.userReference !== undefined && s.userReference !== '' && !REFERENCE.test(s.userReference)) {
    problems.push('Who you are must be a FHIR reference such as Practitioner/123.');
  }
  if (s.teamReferences !== undefined && !s.teamReferences.every((r) => typeof r === 'string' && REFERENCE.test(r))) {
    problems.push('Each team must be a FHIR reference such as Organization/ABC or CareTeam/123.');
  }
  if (s.eprOrigins !== undefined && !s.eprOrigins.every((o) => isOrigin(o))) {
    problems.push('Each EPR origin must be an origin such as https://epr.example.nhs.uk (no path).');
  }
  if (s.authIssuer) {
    try {
      const url = new URL(s.authIssuer);
      if (url.protocol !== 'https:' && url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') problems.push('The sign-in server must use https.');
    } catch {
      problems.push('The sign-in server is not a web address.');
    }
  }
  if (s.authClientId !== undefined && !/^[\w.\-:]{1,100}$/.test(s.authClientId)) problems.push('The sign-in client id is not valid.');
  const kinds: readonly string[] = NOTIFICATION_KINDS;
  if (s.defaultMutedNotifications !== undefined && !s.defaultMutedNotifications.every((k) => kinds.includes(k))) {
    problems.push(`Notification kinds are: ${kinds.join(', ')}.`);
  }
  if (s.disabledFeatures !== undefined && !s.disabledFeatures.every((f) => (FEATURES as readonly string[]).includes(f))) {
    problems.push(`Features that can be turned off are: ${FEATURES.join(', ')}.`);
  }
  if (s.pollIntervalMinutes !== undefined && !(typeof s.pollIntervalMinutes === 'number' && s.pollIntervalMinutes >= 0.5 && s.pollIntervalMinutes <= 60)) {
    problems.push('The check interval must be from 0.5 to 60 minutes.');
  }
  return problems;
}

/** What a trust can turn off. */
export const FEATURES = ['task-actions', 'new-tasks', 'notifications', 'my-tasks'] as const;
export type Feature = (typeof FEATURES)[number];

export function featureOn(settings: Pick<Settings, 'disabledFeatures'> | undefined, feature: Feature): boolean {
  return !settings?.disabledFeatures.includes(feature);
}

const REFERENCE = /^(Practitioner|PractitionerRole|Organization|CareTeam|HealthcareService)\/[A-Za-z0-9\-.]{1,64}$/;

function sameKind(value: unknown, like: unknown): boolean {
  if (Array.isArray(like)) return Array.isArray(value);
  return value !== undefined && value !== null && typeof value === typeof like && !Array.isArray(value);
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
