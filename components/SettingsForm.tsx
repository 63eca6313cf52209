/**
 * The options page: the settings an unmanaged install needs. Settings the trust's policy sets are
 * shown locked.
 */
import { useEffect, useState } from 'preact/hooks';
import { isValidCssSelector, validateDeclaredRules } from '@/utils/context/rules/declared-adapter';
import { loadSettingsWithSource, saveLocalSettings, validateSettings, type Settings } from '@/utils/policy/settings';

export function SettingsForm() {
  const [settings, setSettings] = useState<Settings>();
  const [managed, setManaged] = useState<(keyof Settings)[]>([]);
  const [message, setMessage] = useState<string>();

  useEffect(() => {
    void loadSettingsWithSource().then(({ settings, managedKeys }) => {
      setSettings(settings);
      setManaged(managedKeys);
    });
  }, []);
  if (!settings) return <p>Loading…</p>;
  const ruleProblems = validateDeclaredRules(settings.eprRules, isValidCssSelector).problems;

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const next: Partial<Settings> = {};
    if (!managed.includes('fhirBaseUrl')) next.fhirBaseUrl = String(form.get('fhirBaseUrl') ?? '').trim();
    if (!managed.includes('staleAfterSeconds')) next.staleAfterSeconds = Number(form.get('staleAfterSeconds'));
    if (!managed.includes('clinicalRole')) next.clinicalRole = String(form.get('clinicalRole') ?? 'default');
    const problems = validateSettings(next);
    if (!managed.includes('eprRules')) {
      try {
        const text = String(form.get('eprRules') ?? '').trim();
        next.eprRules = text ? (JSON.parse(text) as unknown[]) : [];
        problems.push(...validateDeclaredRules(next.eprRules, isValidCssSelector).problems);
      } catch (err) {
        problems.push(`The EPR rules are not valid JSON (${(err as Error).message}).`);
      }
    }
    if (problems.length) {
      setMessage(problems.join(' '));
      return;
    }
    await saveLocalSettings(next);
    setMessage('Saved.');
  };

  return (
    <form onSubmit={(e) => void onSubmit(e)} style={{ font: '14px Arial, sans-serif', maxWidth: '40em', margin: '2em' }}>
      <h1>Alongside settings</h1>
      {managed.length > 0 && <p>Some settings are set by your organisation and cannot be changed here.</p>}
      <p>
        <label>
          Shared record FHIR R4 server address
          <br />
          <input name="fhirBaseUrl" type="url" size={50} defaultValue={settings.fhirBaseUrl} disabled={managed.includes('fhirBaseUrl')} required />
        </label>
      </p>
      <p>
        <label>
          Refresh a cached record when opened if older than (seconds)
          <br />
          <input name="staleAfterSeconds" type="number" min={0} max={86400} defaultValue={settings.staleAfterSeconds} disabled={managed.includes('staleAfterSeconds')} />
        </label>
      </p>
      <p>
        <label>
          Your role (orders the highlights after the must-see items)
          <br />
          <select name="clinicalRole" defaultValue={settings.clinicalRole} disabled={managed.includes('clinicalRole')}>
            <option value="default">Any</option>
            <option value="gp">GP</option>
            <option value="community-nurse">Community nurse</option>
            <option value="ward-doctor">Ward doctor</option>
          </select>
        </label>
      </p>
      <p>
        <label>
          EPR detection rules (JSON list; see docs/epr-rules.md)
          <br />
          <textarea name="eprRules" rows={12} cols={80} disabled={managed.includes('eprRules')} defaultValue={JSON.stringify(settings.eprRules, null, 2)} />
        </label>
      </p>
      {ruleProblems.length > 0 && (
        <ul role="alert">
          {ruleProblems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <button type="submit">Save</button>
      {message && <p role="status">{message}</p>}
    </form>
  );
}
