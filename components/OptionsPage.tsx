/**
 * The options page. First what the clinician may set for themselves, in plain words (their role, which
 * notifications they get, the keyboard shortcut); then the trust's configuration, grouped as an IT team
 * thinks of it. On a managed install every trust setting comes from policy and is shown locked ("set by
 * your organisation"), with the problems any policy value had; on an unmanaged install (a developer, a
 * small site) whoever looks after the computer sets them here, with the same checks. A declared EPR rule
 * can be tried on an open tab before it is saved. Store builds fill in nothing: no server, no EPR.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { isValidCssSelector, validateDeclaredRules } from '@/utils/settings/validate-rules';
import { KIND_LABELS, type NotificationKind } from '@/utils/settings/notification-kinds';
import { grantedPatterns, neededPatterns } from '@/utils/background/content-scripts';
import { type FieldKind, fieldsOf, TRUST_SECTIONS } from '@/utils/settings/setting-words';
import { CLINICAL_ROLES, CLINICIAN_KEYS, featureOn, loadSettingsWithSource, saveLocalSettings, validateSettings, type Settings } from '@/utils/settings/settings';
import { KeyboardShortcut } from './KeyboardShortcut';
import { RuleTester } from './RuleTester';
import { NotificationKindList, useMutedKinds } from './NotificationKinds';

type FieldSpec = ReturnType<typeof fieldsOf>[number];

/** What the clinician chooses (CLINICIAN_KEYS): set here even on a managed install. */
const CLINICIAN_FIELDS = fieldsOf('clinician');

/** The trust's settings, grouped as an IT team thinks of them (utils/settings/setting-words.ts). */
const TRUST_GROUPS = TRUST_SECTIONS.map((title) => ({ title, fields: fieldsOf(title) }));

const ROLES = Object.entries(CLINICAL_ROLES);

interface Loaded {
  settings: Settings;
  /** Keys the trust sets: shown locked. */
  locked: (keyof Settings)[];
  managed: boolean;
  problems: string[];
}

export function OptionsPage() {
  const [loaded, setLoaded] = useState<Loaded>();
  const [access, setAccess] = useState<{ needed: string[]; granted: string[] }>();
  const [rulesText, setRulesText] = useState('');

  const load = () =>
    void loadSettingsWithSource().then(async ({ settings, managedKeys, managed, problems }) => {
      // On a managed install every setting but the clinician's own is the trust's, set by policy or not at all.
      const all = [...CLINICIAN_FIELDS, ...TRUST_GROUPS.flatMap((g) => g.fields)].map((f) => f.key);
      const locked = managed ? all.filter((k) => managedKeys.includes(k) || !CLINICIAN_KEYS.includes(k)) : managedKeys;
      setLoaded({ settings, locked, managed, problems });
      setRulesText(JSON.stringify(settings.eprRules, null, 2));
      const needed = neededPatterns(settings);
      // A browser that cannot say what was granted has granted nothing, as far as this page shows.
      setAccess({ needed, granted: await grantedPatterns(needed).catch(() => []) });
    });
  useEffect(load, []);
  if (!loaded) {
    return (
      <main class="options">
        <h1>Alongside settings</h1>
        <p>Loading…</p>
      </main>
    );
  }
  const { settings, locked, managed, problems } = loaded;
  const missing = access ? access.needed.filter((p) => !access.granted.includes(p)) : [];
  const grant = async () => {
    // Must run in answer to the click: the browser asks the clinician.
    await browser.permissions.request({ origins: missing }).catch(() => false);
    load();
  };

  return (
    <main class="options">
      <h1>Alongside settings</h1>
      <section class="section" aria-labelledby="yours-heading" data-section="clinician-settings">
        <h2 id="yours-heading">Your settings</h2>
        <SettingsFields fields={CLINICIAN_FIELDS} settings={settings} locked={locked} name="clinician" submitLabel="Save your settings" onSaved={load} />
        {featureOn(settings, 'notifications') && <NotifyMeWhen />}
      </section>
      <KeyboardShortcut />
      <section class="section" aria-labelledby="trust-heading" data-section="trust-settings">
        <h2 id="trust-heading">Your organisation’s settings</h2>
        {managed ? (
          <p class="notice notice--warning">These are set by your organisation through browser policy and cannot be changed here. Your IT team changes them.</p>
        ) : (
          <p>No organisation policy configures Alongside on this computer, so whoever looks after it sets these here. A trust sets them by policy (docs/deployment.md).</p>
        )}
        {problems.length > 0 && (
          <div class="error-summary" role="alert" data-section="setting-problems">
            <h3>Settings not used</h3>
            <ul>
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        )}
        <SettingsFields
          fields={TRUST_GROUPS.flatMap((g) => g.fields)}
          groups={TRUST_GROUPS}
          settings={settings}
          locked={locked}
          name="trust"
          submitLabel="Save your organisation’s settings"
          rulesText={rulesText}
          onRulesText={setRulesText}
          onSaved={load}
        />
      </section>
      <section class="section" aria-labelledby="sites-heading">
        <h2 id="sites-heading">Sites Alongside needs</h2>
        {access?.needed.length ? (
          <ul data-section="site-access">
            {access.needed.map((p) => (
              <li key={p}>
                {p}: <strong>{access.granted.includes(p) ? 'allowed' : 'not allowed yet'}</strong>
              </li>
            ))}
          </ul>
        ) : (
          <p data-section="site-access">None yet: no shared care record server or EPR is set.</p>
        )}
        {missing.length > 0 && (
          <button type="button" onClick={() => void grant()}>
            Allow access to these sites
          </button>
        )}
      </section>
    </main>
  );
}

/**
 * One form of settings: its fields (in groups, when given), each locked where the trust sets it, and a
 * Save button when any can be changed. Saving checks every value as policy values are checked.
 */
function SettingsFields(props: {
  fields: FieldSpec[];
  groups?: { title: string; fields: FieldSpec[] }[];
  settings: Settings;
  locked: (keyof Settings)[];
  name: string;
  submitLabel: string;
  rulesText?: string;
  onRulesText?: (text: string) => void;
  onSaved(): void;
}) {
  const [message, setMessage] = useState<string>();
  const isLocked = (key: keyof Settings) => props.locked.includes(key);
  const editable = props.fields.filter((f) => !isLocked(f.key));
  const ruleProblems = props.fields.some((f) => f.key === 'eprRules') ? validateDeclaredRules(props.settings.eprRules, { canCheckSelector: isValidCssSelector }).problems : [];

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const next: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const f of editable) {
      const raw = String(form.get(f.key) ?? '').trim();
      if (f.kind === 'number') next[f.key] = Number(raw);
      else if (f.kind === 'boolean') next[f.key] = form.get(f.key) === 'on';
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
      setMessage(`Not saved: ${problems.join(' ')}`);
      return;
    }
    await saveLocalSettings(next as Partial<Settings>);
    setMessage('Saved.');
    props.onSaved();
  };

  const field = (f: FieldSpec) => {
    const id = `${props.name}-${f.key}`;
    const hintId = f.hint ? `${id}-hint` : undefined;
    return (
      <div class="field" key={f.key}>
        <label for={id}>
          {f.label}
          {isLocked(f.key) && (
            <strong class="tag tag--white locked" data-locked={f.key}>
              Set by your organisation
            </strong>
          )}
        </label>
        {f.hint && (
          <p class="hint" id={hintId}>
            {f.hint}
          </p>
        )}
        <Field id={id} name={f.key} kind={f.kind} value={props.settings[f.key]} disabled={isLocked(f.key)} describedBy={hintId} rulesText={f.key === 'eprRules' ? props.rulesText : undefined} onRulesText={props.onRulesText} />
        {f.key === 'eprRules' && ruleProblems.length > 0 && (
          <ul class="error-summary" role="alert">
            {ruleProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        {f.key === 'eprRules' && <RuleTester rulesText={props.rulesText ?? ''} />}
      </div>
    );
  };

  return (
    <form data-form={props.name} onSubmit={(e) => void onSubmit(e)}>
      {props.groups
        ? props.groups.map((g) => (
            <fieldset key={g.title}>
              <legend>{g.title}</legend>
              {g.fields.map(field)}
            </fieldset>
          ))
        : props.fields.map(field)}
      {editable.length > 0 && <button type="submit">{props.submitLabel}</button>}
      <p role="status" class="form-message">
        {message}
      </p>
    </form>
  );
}

function Field(props: { id: string; name: string; kind: FieldKind; value: unknown; disabled: boolean; describedBy?: string; rulesText?: string; onRulesText?: (text: string) => void }) {
  const common = { id: props.id, name: props.name, disabled: props.disabled, 'aria-describedby': props.describedBy };
  switch (props.kind) {
    case 'role':
      return (
        <select {...common} defaultValue={String(props.value)}>
          {ROLES.map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      );
    case 'json':
      // The rules are held as typed, so "Try this rule" tries them before they are saved.
      return props.rulesText !== undefined ? (
        <textarea {...common} rows={10} spellcheck={false} value={props.rulesText} onInput={(e) => props.onRulesText?.((e.target as HTMLTextAreaElement).value)} />
      ) : (
        <textarea {...common} rows={6} spellcheck={false} defaultValue={JSON.stringify(props.value, null, 2)} />
      );
    case 'list':
      return <textarea {...common} rows={3} defaultValue={(props.value as string[]).join('\n')} />;
    case 'number':
      return <input {...common} type="number" step="any" inputMode="decimal" defaultValue={String(props.value)} />;
    case 'boolean':
      return <input {...common} type="checkbox" defaultChecked={props.value === true} />;
    case 'text':
      return <input {...common} type="text" spellcheck={false} defaultValue={String(props.value)} />;
  }
}

/** The notifications the clinician gets: each kind on or off (the same choice as on My tasks). */
function NotifyMeWhen() {
  const [muted, toggle] = useMutedKinds();
  const [message, setMessage] = useState('');
  if (!muted) return null;
  const saved = (kind: NotificationKind, on: boolean) =>
    setMessage(`Saved: ${on ? 'you will be told' : 'you will not be told'} when ${KIND_LABELS[kind].charAt(0).toLowerCase()}${KIND_LABELS[kind].slice(1)}.`);
  return (
    <fieldset data-section="notification-kinds">
      <legend>Notify me when</legend>
      <NotificationKindList muted={muted} onToggle={(k, on) => void toggle(k, on).then(() => saved(k, on))} />
      <p role="status" class="form-message">
        {message}
      </p>
    </fieldset>
  );
}
