/**
 * What each setting is called and what it means, for the options page, the managed schema
 * (public/managed_schema.json) and the docs' settings table (docs/deployment.md), keyed like
 * setting-table.ts and complete by type. Apart from the table so the background worker never loads it.
 */
import { CLINICAL_ROLES, FEATURES, SETTING_KEYS, SETTING_TABLE, type SettingKey } from './setting-table';
import { NOTIFICATION_KINDS } from './notification-kinds';
import { BUILT_IN_READER_IDS } from '@/utils/shared/reader-ids';

/** Chrome's managed-schema subset (type, properties, items, enum), with a title and description on top. */
export interface JsonSchema {
  type: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  enum?: string[];
}

/** The options page's sections for the trust's settings, in order. */
export const TRUST_SECTIONS = [
  'Shared care record',
  'Sign-in',
  'EPRs Alongside reads',
  'Who the clinician is on the shared record',
  'Keeping records and checking for changes',
  'Notifications and features',
] as const;
export type TrustSection = (typeof TRUST_SECTIONS)[number];

/** How the options page edits a setting. */
export type FieldKind = 'text' | 'number' | 'list' | 'json' | 'role' | 'boolean';

export interface SettingWords {
  /** The schema's and the docs' short name. */
  title: string;
  /** What it means, for the schema and the docs: plain text; `docs/x.md` becomes a link in the docs. */
  description: string;
  /** Its shape, as policy gives it. */
  schema: JsonSchema;
  /** Where the options page shows it (clinician settings have their own section); absent: policy only. */
  field?: { section: TrustSection | 'clinician'; kind: FieldKind; label: string; hint?: string };
}

const list = (items: JsonSchema = { type: 'string' }): JsonSchema => ({ type: 'array', items });
const text: JsonSchema = { type: 'string' };
const strings = (names: readonly string[]): JsonSchema => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, text])) });
const roleRules: JsonSchema = { type: 'object', properties: { order: list(), disabled: list() } };

export const SETTING_WORDS: Record<SettingKey, SettingWords> = {
  fhirBaseUrl: {
    title: 'Shared care record FHIR R4 base URL',
    description: "The FHIR R4 server Alongside reads patients' records from, e.g. https://shared-record.example.nhs.uk/fhir/R4. Must be https.",
    schema: text,
    field: { section: 'Shared care record', kind: 'text', label: 'Shared care record server (FHIR R4 address)', hint: 'For example https://fhir.example.nhs.uk/R4' },
  },
  staleAfterSeconds: {
    title: 'Refresh age (seconds)',
    description: 'A cached record older than this is refreshed when its patient is opened. 0 to 86400, default 120.',
    schema: { type: 'integer' },
    field: { section: 'Keeping records and checking for changes', kind: 'number', label: 'Refresh a cached record when opened if older than (seconds)' },
  },
  eprRules: {
    title: 'EPR detection rules',
    description: 'EPRs Alongside has no built-in reader for, declared as rules (docs/epr-rules.md). A bad rule is ignored whole and reported on the options page.',
    schema: list({
      type: 'object',
      properties: {
        ...strings(['id', 'label', 'pathPrefix', 'identity']).properties,
        origins: list(),
        urlPatientId: strings(['pattern', 'system', 'queryParam', 'from']),
        banner: { type: 'object', properties: { ...strings(['selector', 'nhsNumberPattern', 'namePattern', 'birthDatePattern']).properties, localId: strings(['pattern', 'system']) } },
        list: strings(['rowSelector', 'nhsNumberPattern']),
      },
    }),
    field: { section: 'EPRs Alongside reads', kind: 'json', label: 'EPR rules (JSON list)', hint: 'For an EPR without a built-in reader: where its patient banner is and how to read it. See docs/epr-rules.md.' },
  },
  cacheMaxAgeHours: {
    title: 'Cache age limit (hours)',
    description: 'Cached patient records older than this are deleted. 1 to 168, default 12. Everything cached is unreadable once the browser closes, whatever this is.',
    schema: { type: 'integer' },
    field: { section: 'Keeping records and checking for changes', kind: 'number', label: 'Delete cached records older than (hours)' },
  },
  cacheMaxPatients: {
    title: 'Cache patient limit',
    description: "At most this many patients' records are cached; the oldest-fetched are evicted first. 1 to 5000, default 200.",
    schema: { type: 'integer' },
    field: { section: 'Keeping records and checking for changes', kind: 'number', label: 'Cache at most this many patients' },
  },
  clinicalRole: {
    title: 'Clinical role',
    description: `Orders the highlights after the must-see ones (docs/highlight-rules.md): ${Object.keys(CLINICAL_ROLES).join(', ')}. The clinician's own choice, on the options page even where the trust manages the rest.`,
    schema: text,
    field: { section: 'clinician', kind: 'role', label: 'Your role', hint: 'After the must-see items, the panel lists first what your role most often looks for.' },
  },
  highlightRules: {
    title: 'Highlight rules per role',
    description: '{ roles: { <role>: { order: [rule ids], disabled: [rule ids] } } } (docs/highlight-rules.md). Must-see rules cannot be disabled.',
    schema: { type: 'object', properties: { roles: { type: 'object', properties: Object.fromEntries(Object.keys(CLINICAL_ROLES).map((role) => [role, roleRules])) } } },
  },
  letterActionsWindowDays: {
    title: 'Window for actions in letters (days)',
    description: "What a letter (a discharge summary, a clinic letter) asks of the next clinician is shown on the first screen for this many days from the letter's date; older letters' actions are history, not highlights (docs/highlight-rules.md). 1 to 3650, default 90.",
    schema: { type: 'integer' },
  },
  requireBothIdentityChecks: {
    title: 'Require both identity checks',
    description:
      "Show a record only when the EPR page shows both a name and a date of birth that match the shared record's. Off (default): a record whose page shows only one of them is shown, marked 'not cross-checked' with what was missing; a page showing neither shows no record unless a rule says its EPR shows neither. The example policies turn it on.",
    schema: { type: 'boolean' },
    field: { section: 'EPRs Alongside reads', kind: 'boolean', label: 'Show a record only when the page shows both a name and a date of birth that match it', hint: 'On: a record is hidden wherever the page did not show both, so an EPR rule that reads only one of them never shows a record, and rules like that cannot be saved here. Off: such a record is shown, marked "not cross-checked" with what was missing, and saving a rule that reads only one of them asks you to confirm you understand.' },
  },
  idleWipeMinutes: {
    title: 'Wipe after inactivity (minutes)',
    description: 'After this many minutes without input, or when the screen locks, everything Alongside has cached is deleted. 0 to 480; 0 turns it off. Default 15.',
    schema: { type: 'integer' },
    field: { section: 'Keeping records and checking for changes', kind: 'number', label: 'Wipe everything cached after this many minutes without use (0: never)' },
  },
  auditEndpoint: {
    title: 'Audit endpoint',
    description: "FHIR base URL that receives a record-view AuditEvent for every patient record shown (https); empty (default): the shared record's server.",
    schema: text,
    field: { section: 'Shared care record', kind: 'text', label: 'Audit endpoint', hint: 'Where a record of each patient viewed is sent (FHIR AuditEvent). Empty: the shared care record server.' },
  },
  gpConnectEndpoint: {
    title: 'GP Connect endpoint',
    description:
      "A GP Connect Access Record: Structured endpoint (https; normally the trust's own proxy, which adds the Spine Secure Proxy headers and the GP Connect JWT). The GP's record (POST /Patient/$gpc.getstructuredrecord) is read beside the shared record, normalised into the same record, its lines saying \"GP record\". With sign-in on, each request carries a token issued for the proxy alone, never the shared record's. Empty (default): not read.",
    schema: text,
    field: { section: 'Shared care record', kind: 'text', label: 'GP Connect endpoint', hint: "The GP's record, read beside the shared record: normally the trust's own proxy to GP Connect Access Record: Structured. Empty: not read." },
  },
  nationalRecordsEndpoint: {
    title: 'National records endpoint',
    description:
      'A National Record Locator-style FHIR endpoint (https) searched for DocumentReference pointers by NHS number (ReSPECT forms, end-of-life, crisis and emergency care plans): must-see lines with a link opened in a new tab. Never sent the sign-in token. Empty (default): not read.',
    schema: text,
    field: { section: 'Shared care record', kind: 'text', label: 'National records endpoint', hint: 'Pointers to ReSPECT forms and care plans held elsewhere, by NHS number. Empty: not read.' },
  },
  eprSites: {
    title: 'EPR sites',
    description: `The origins the EPRs run on (https, no path, e.g. https://epr.example.nhs.uk) and, for each, the built-in readers that run there: ${BUILT_IN_READER_IDS.join(', ')} (nhs-number-fallback is the general reader of any page showing an NHS number beside a name and a date of birth: off unless listed). Alongside reads no page on any other origin, except those eprRules name. Each site may give localIdSystem: the FHIR identifier system the shared record holds that EPR's own patient ids under (for pages that show no NHS number). A change reaches EPR pages already open: a reader taken off an origin stops reading them at once, a reader newly assigned is added to them, and an origin newly named is read from each page's next load.`,
    schema: list({ type: 'object', properties: { origin: text, readers: list(), localIdSystem: text } }),
    field: { section: 'EPRs Alongside reads', kind: 'json', label: 'EPR sites and their built-in readers (JSON list)', hint: 'Alongside reads pages on these origins only, with the readers named, for example [{ "origin": "https://epr.example.nhs.uk", "readers": ["openmrs"] }]. See docs/epr-rules.md.' },
  },
  prefetchMaxPatients: {
    title: 'Prefetch from patient lists (patients)',
    description:
      'On an EPR page listing patients (a clinic list, a ward list, a worklist), Alongside fetches up to this many of their records ahead, so each opens at once. Audited as one query per batch; never shown, badged or notified until the patient is opened. 0 to 100; 0 turns prefetching off. Default 30 (server cost in docs/sizing.md).',
    schema: { type: 'integer' },
    field: { section: 'Keeping records and checking for changes', kind: 'number', label: 'Fetch ahead this many patients from a patient list (0: never)' },
  },
  prefetchOrigins: {
    title: 'Prefetch on these EPR origins',
    description: 'The EPR origins prefetching is done on; empty (default): every EPR origin.',
    schema: list(),
    field: { section: 'Keeping records and checking for changes', kind: 'list', label: 'Fetch ahead only on these EPR origins (one a line; empty: all)' },
  },
  authIssuer: {
    title: 'Sign-in server (SMART / OAuth 2 issuer)',
    description: 'The authorisation server clinicians sign in with (authorisation code with PKCE; https). Empty (default): the FHIR server needs no sign-in.',
    schema: text,
    field: { section: 'Sign-in', kind: 'text', label: 'Sign-in server (SMART on FHIR / OAuth 2 issuer)', hint: 'Empty: the shared care record server needs no sign-in.' },
  },
  authClientId: {
    title: 'Sign-in client id',
    description: "Alongside's public client id at the sign-in server (PKCE, no secret). Default alongside.",
    schema: text,
    field: { section: 'Sign-in', kind: 'text', label: 'Sign-in client id' },
  },
  authScope: {
    title: 'Sign-in scopes',
    description: 'The scopes asked for at sign-in. Default: openid fhirUser profile offline_access user/*.read user/Task.write.',
    schema: text,
    field: { section: 'Sign-in', kind: 'text', label: 'Sign-in scopes' },
  },
  userReference: {
    title: 'The clinician (FHIR reference)',
    description: 'Who uses this browser, e.g. Practitioner/123, until sign-in says who they are (fhirUser). Tasks they accept and notes they write carry this.',
    schema: text,
    field: { section: 'Who the clinician is on the shared record', kind: 'text', label: 'The clinician, as a FHIR reference (until sign-in says)', hint: 'For example Practitioner/123' },
  },
  userDisplay: {
    title: "The clinician's name",
    description: 'The name tasks and notes show for the clinician, until sign-in names them.',
    schema: text,
    field: { section: 'Who the clinician is on the shared record', kind: 'text', label: 'Their name as tasks and notes show it' },
  },
  teamReferences: {
    title: "The clinician's teams",
    description: "FHIR references (Organization/…, CareTeam/…, PractitionerRole/…, HealthcareService/…) whose tasks are the clinician's: shown under My tasks and notified when assigned.",
    schema: list(),
    field: { section: 'Who the clinician is on the shared record', kind: 'list', label: 'Their teams (one FHIR reference a line)', hint: 'Tasks for these teams appear in My tasks, for example Organization/ABC' },
  },
  pollIntervalMinutes: {
    title: 'Check for changes every (minutes)',
    description: 'How often patients open in tabs, patients viewed today and My tasks are checked for changes when the server offers no subscription. 0.5 to 60. Default 1.',
    schema: { type: 'number' },
    field: { section: 'Keeping records and checking for changes', kind: 'number', label: 'Check for changes every (minutes, 0.5 to 60)' },
  },
  disabledFeatures: {
    title: 'Features turned off',
    description: 'Features the trust turns off: task-actions (working tasks from the panel), new-tasks (asking another team), notifications, my-tasks (the My tasks page).',
    schema: list({ type: 'string', enum: [...FEATURES] }),
    field: { section: 'Notifications and features', kind: 'list', label: 'Features turned off (one a line)', hint: `Features: ${FEATURES.join(', ')}` },
  },
  defaultMutedNotifications: {
    title: 'Notifications off by default',
    description: `Kinds of notification that are off until the clinician turns them on: ${NOTIFICATION_KINDS.join(', ')}.`,
    schema: list({ type: 'string', enum: [...NOTIFICATION_KINDS] }),
    field: { section: 'Notifications and features', kind: 'list', label: 'Notifications off unless the clinician turns them on (one kind a line)', hint: `Kinds: ${NOTIFICATION_KINDS.join(', ')}` },
  },
};

/**
 * The options page's fields of one section, in the table's order.
 *
 * @param section - the trust's section of the page, or the clinician's own
 */
export function fieldsOf(section: TrustSection | 'clinician'): { key: SettingKey; kind: FieldKind; label: string; hint?: string }[] {
  return SETTING_KEYS.flatMap((key) => {
    const field = SETTING_WORDS[key].field;
    return field?.section === section ? [{ key, kind: field.kind, label: field.label, hint: field.hint }] : [];
  });
}

/** public/managed_schema.json: what a trust can set by managed browser policy. */
export function managedSchema(): object {
  return {
    type: 'object',
    properties: Object.fromEntries(SETTING_KEYS.map((key) => [key, { title: SETTING_WORDS[key].title, description: SETTING_WORDS[key].description, ...SETTING_WORDS[key].schema }])),
  };
}

/** The docs' settings table (docs/deployment.md), in Markdown. */
export function settingsTableMarkdown(): string {
  const typeOf = (s: JsonSchema) => (s.type === 'array' ? 'list' : s.type);
  const linked = (text: string) => text.replace(/docs\/([\w-]+\.md)/g, '[$1]($1)').replace(/\|/g, '\\|');
  return [
    '| setting | type | who sets it | meaning |',
    '| --- | --- | --- | --- |',
    ...SETTING_KEYS.map((key) => {
      const owner = { security: 'the trust (must set)', trust: 'the trust', clinician: 'the clinician' }[SETTING_TABLE[key].owner];
      return `| \`${key}\` | ${typeOf(SETTING_WORDS[key].schema)} | ${owner} | ${linked(SETTING_WORDS[key].description)} |`;
    }),
  ].join('\n');
}
