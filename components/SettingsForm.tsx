/**
 * The options page: every setting a trust can set by policy, with the same validation. Settings the
 * trust's policy sets are shown locked. Below them, the sites Alongside needs access to, and a button
 * to grant what is missing (an unmanaged install; a trust's build comes with its origins).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isValidCssSelector, validateDeclaredRules } from '@/utils/context/rules/validate-rules';
import { grantedPatterns, neededPatterns } from '@/utils/policy/epr-origins';
import { CLINICIAN_KEYS, loadSettingsWithSource, saveLocalSettings, validateSettings, type Settings } from '@/utils/policy/settings';

type Kind = 'text' | 'number' | 'list' | 'json' | 'role';

/** The fields, in the order a trust's IT team thinks of them. */
const FIELDS: { key: keyof Settings; label: string; kind: Kind; hint?: string }[] = [
  { key: 'fhirBaseUrl', label: 'Shared record FHIR R4 server address', kind: 'text' },
  { key: 'authIssuer', label: 'Sign-in server (SMART / OAuth 2 issuer)', kind: 'text', hint: 'Empty: the FHIR server needs no sign-in.' },
  { key: 'authClientId', label: 'Sign-in client id', kind: 'text' },
  { key: 'authScope', label: 'Sign-in scopes', kind: 'text' },
  { key: 'eprSites', label: 'EPR sites and their readers (JSON list; see docs/epr-rules.md)', kind: 'json', hint: 'Alongside reads pages on these origins only, with the readers named: [{ "origin": "https://epr.example.nhs.uk", "readers": ["openmrs"] }]' },
  { key: 'eprRules', label: 'EPR detection rules (JSON list; see docs/epr-rules.md)', kind: 'json' },
  { key: 'clinicalRole', label: 'Your role (orders the highlights after the must-see items)', kind: 'role' },
  { key: 'userReference', label: 'You, as a FHIR reference (until sign-in says)', kind: 'text', hint: 'e.g. Practitioner/123' },
  { key: 'userDisplay', label: 'Your name as tasks and notes show it', kind: 'text' },
  { key: 'teamReferences', label: 'Your teams (one FHIR reference a line)', kind: 'list', hint: 'Their tasks appear in My tasks, e.g. Organization/ABC' },
  { key: 'pollIntervalMinutes', label: 'Check for changes every (minutes, 0.5 to 60)', kind: 'number' },
  { key: 'staleAfterSeconds', label: 'Refresh a cached record when opened if older than (seconds)', kind: 'number' },
  { key: 'cacheMaxAgeHours', label: 'Delete cached records older than (hours)', kind: 'number' },
  { key: 'cacheMaxPatients', label: 'Cache at most this many patients', kind: 'number' },
  { key: 'idleWipeMinutes', label: 'Wipe everything cached after this many idle minutes (0: never)', kind: 'number' },
  { key: 'auditEndpoint', label: 'Audit endpoint (FHIR base URL; empty: the shared record)', kind: 'text' },
  { key: 'gpConnectEndpoint', label: "GP Connect endpoint (the GP's record beside the shared record; empty: not read)", kind: 'text', hint: "Normally the trust's own proxy to GP Connect Access Record: Structured; https" },
  { key: 'nationalRecordsEndpoint', label: 'National records endpoint (NRL-style pointers by NHS number; empty: not read)', kind: 'text', hint: 'https' },
  { key: 'defaultMutedNotifications', label: 'Notifications off by default (one kind a line)', kind: 'list' },
  { key: 'disabledFeatures', label: 'Features turned off (one a line: task-actions, new-tasks, notifications, my-tasks)', kind: 'list' },
];

export function SettingsForm() {
  const [settings, setSettings] = useState<Settings>();
  // On a managed install every setting but the clinician's own is the trust's, set by policy or not at all.
  const [managed, setManaged] = useState<(keyof Settings)[]>([]);
  const [loadProblems, setLoadProblems] = useState<string[]>([]);
  const [message, setMessage] = useState<string>();
  const [access, setAccess] = useState<{ needed: string[]; granted: string[] }>();

  const load = () =>
    void loadSettingsWithSource().then(async ({ settings, managedKeys, managed: isManaged, problems }) => {
      setSettings(settings);
      setManaged(isManaged ? FIELDS.map((f) => f.key).filter((k) => managedKeys.includes(k) || !CLINICIAN_KEYS.includes(k)) : managedKeys);
      setLoadProblems(problems);
      const needed = neededPatterns(settings);
      setAccess({ needed, granted: await grantedPatterns(needed) });
    });
  useEffect(load, []);
  if (!settings) return <p>Loading…</p>;
  const ruleProblems = validateDeclaredRules(settings.eprRules, { canCheckSelector: isValidCssSelector }).problems;

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const next: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const f of FIELDS) {
      if (managed.includes(f.key)) continue;
      const raw = String(form.get(f.key) ?? '').trim();
      if (f.kind === 'number') next[f.key] = Number(raw);
      else if (f.kind === 'list') next[f.key] = raw.split('\n').map((l) => l.trim()).filter(Boolean);
      else if (f.kind === 'json') {
        try {
          next[f.key] = raw ? (JSON.parse(raw) as unknown[]) : [];
          if (f.key === 'eprRules') problems.push(...validateDeclaredRules(next[f.key], { canCheckSelector: isValidCssSelector }).problems);
        } catch (err) {
          problems.push(`${f.label} is not valid JSON (${(err as Error).message}).`);
        }
      } else next[f.key] = raw;
    }
    problems.unshift(...validateSettings(next as Partial<Settings>));
    if (problems.length) {
      setMessage(problems.join(' '));
      return;
    }
    await saveLocalSettings(next as Partial<Settings>);
    setMessage('Saved.');
    load();
  };

  const missing = access ? access.needed.filter((p) => !access.granted.includes(p)) : [];
  const grant = async () => {
    // Must run in answer to the click: the browser asks the clinician.
    await browser.permissions.request({ origins: missing }).catch(() => false);
    load();
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} style={{ font: '14px Arial, sans-serif', maxWidth: '44em', margin: '2em' }}>
      <h1>Alongside settings</h1>
      {managed.length > 0 && <p>Settings marked “set by your organisation” come from its browser policy and cannot be changed here.</p>}
      {FIELDS.map((f) => (
        <p key={f.key}>
          <label>
            {f.label}
            {managed.includes(f.key) && <strong data-locked={f.key}> (set by your organisation)</strong>}
            <br />
            <Field name={f.key} kind={f.kind} value={settings[f.key]} disabled={managed.includes(f.key)} />
          </label>
          {f.hint && (
            <>
              <br />
              <small>{f.hint}</small>
            </>
          )}
        </p>
      ))}
      {loadProblems.length > 0 && (
        <ul role="alert" data-section="setting-problems">
          {loadProblems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {ruleProblems.length > 0 && (
        <ul role="alert">
          {ruleProblems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <button type="submit">Save</button>
      {message && <p role="status">{message}</p>}
      <h2>Sites Alongside needs</h2>
      <ul data-section="site-access">
        {access?.needed.map((p) => (
          <li key={p}>
            {p}: {access.granted.includes(p) ? 'allowed' : 'not allowed yet'}
          </li>
        ))}
      </ul>
      {missing.length > 0 && (
        <button type="button" onClick={() => void grant()}>
          Allow access to these sites
        </button>
      )}
    </form>
  );
}

function Field({ name, kind, value, disabled }: { name: string; kind: Kind; value: unknown; disabled: boolean }) {
  if (kind === 'role') {
    return (
      <select name={name} defaultValue={String(value)} disabled={disabled}>
        <option value="default">Any</option>
        <option value="gp">GP</option>
        <option value="community-nurse">Community nurse</option>
        <option value="ward-doctor">Ward doctor</option>
      </select>
    );
  }
  if (kind === 'json') return <textarea name={name} rows={10} cols={80} disabled={disabled} defaultValue={JSON.stringify(value, null, 2)} />;
  if (kind === 'list') return <textarea name={name} rows={3} cols={60} disabled={disabled} defaultValue={(value as string[]).join('\n')} />;
  if (kind === 'number') return <input name={name} type="number" step="any" defaultValue={String(value)} disabled={disabled} />;
  return <input name={name} type="text" size={60} defaultValue={String(value)} disabled={disabled} />;
}
