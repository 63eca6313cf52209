/**
 * "Try this rule": one of the EPR rules as typed (before it is saved) is run on the page in an open tab,
 * and what it reads is said in words: where each of NHS number, name and date of birth came from, how much
 * of the identity check the rule arms, and what the live panel would show. It can also watch the tab for
 * a few seconds (following the admin's navigation) and list every state the panel would have shown, point
 * at what the rule reads (a highlight on the tab, removed after a few seconds), and find an NHS number the
 * admin types, suggesting a selector around it. The rule is validated first, exactly as when it is
 * loaded; a rule with a problem is never run. It runs in Alongside's own isolated world on that page
 * (`scripting.executeScript`, entrypoints/rule-tester.ts), which it only reads. A result is cleared the
 * moment the rules are edited: it describes the rule as it was tried.
 *
 * Only tabs Alongside may read are offered: without the `tabs` permission the browser tells an extension
 * a tab's address only where it has access to the site, and those are the tabs it can run a rule in.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser, type Browser } from 'wxt/browser';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { isValidCssSelector, validateDeclaredRules } from '@/utils/settings/validate-rules';
import { describeRuleTrial, describeWatchedStates, type RuleTrialWords } from '@/utils/settings/rule-trial-words';
import { RULE_TRIAL_PORT, RULE_UNDER_TRIAL, type PointAnswer, type RuleTrial, type RuleTrialMessage, type RuleTrialRequest, type RuleTrialState, type SelectorHelp } from '@/utils/shared/rule-trial';

/** How long "Watch this tab" watches. */
export const WATCH_MS = 8000;
/** How long "Show on the tab" highlights. */
const POINT_MS = 5000;

/** The rules typed in the rules box, or why they cannot be read. */
function parseRules(text: string): { rules: unknown[] } | { problem: string } {
  try {
    const value: unknown = text.trim() ? JSON.parse(text) : [];
    return Array.isArray(value) ? { rules: value } : { problem: 'The rules must be a JSON list.' };
  } catch (err) {
    return { problem: `The rules are not valid JSON (${(err as Error).message}).` };
  }
}

const ruleName = (raw: unknown, i: number) => {
  const r = raw as { label?: unknown; id?: unknown } | null;
  const name = typeof r?.label === 'string' ? r.label : typeof r?.id === 'string' ? r.id : undefined;
  return `Rule ${i + 1}${name ? `: ${name}` : ''}`;
};

/** Open web pages Alongside may read, the most recently used first. */
async function readableTabs(): Promise<Browser.tabs.Tab[]> {
  const tabs = await browser.tabs.query({});
  return tabs
    .filter((t) => t.id !== undefined && t.url && /^https?:/.test(t.url))
    .sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0));
}

/** Runs the trial script on a tab with a request; its answer. */
async function runOnTab<T>(tabId: number, request: RuleTrialRequest): Promise<T | undefined> {
  const target = { tabId };
  await browser.scripting.executeScript({ target, func: (key: string, req: unknown) => void ((globalThis as Record<string, unknown>)[key] = req), args: [RULE_UNDER_TRIAL, request] });
  const [answer] = await browser.scripting.executeScript({ target, files: ['/rule-tester.js'] });
  return answer?.result as T | undefined;
}

type Result =
  | { kind: 'text'; text: string }
  | { kind: 'trial'; words: RuleTrialWords; states?: string[]; watching?: boolean }
  | { kind: 'find'; help: SelectorHelp };

export function RuleTester({ rulesText, requireBoth = false }: { rulesText: string; requireBoth?: boolean }) {
  const parsed = parseRules(rulesText);
  const [ruleIndex, setRuleIndex] = useState(0);
  const [tabs, setTabs] = useState<Browser.tabs.Tab[]>();
  const [tabId, setTabId] = useState<number>();
  const [nhsNumber, setNhsNumber] = useState('');
  // What the last trial found, and how many there have been (so a repeated answer is seen as new).
  const [result, setResultState] = useState<{ result?: Result; trials: number }>({ trials: 0 });
  const setResult = (r: Result | undefined) => setResultState((s) => ({ result: r, trials: s.trials + 1 }));
  const [busy, setBusy] = useState(false);
  // Each trial is for the rules as they were when it started: an edit clears it, and a late answer for
  // older rules is dropped.
  const generation = useRef(0);

  useEffect(() => {
    // Listed again whenever the clinician comes back to this page (they may have opened the EPR meanwhile).
    const refresh = () => void readableTabs().then(setTabs).catch(() => setTabs([]));
    refresh();
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, []);

  // The rules (or the rule chosen) changed: what was found no longer describes them.
  useEffect(() => {
    generation.current++;
    setResultState((s) => (s.result ? { result: undefined, trials: s.trials + 1 } : s));
  }, [rulesText, ruleIndex]);

  const rules = 'rules' in parsed ? parsed.rules : [];
  const chosenTab = tabs?.find((t) => t.id === tabId) ?? tabs?.[0];

  /** The chosen rule, if it passes its checks; else says why and returns undefined. */
  const checkedRule = (): DeclaredEprRule | undefined => {
    const raw = rules[ruleIndex];
    if (raw === undefined) return undefined;
    const checked = validateDeclaredRules(rules, { canCheckSelector: isValidCssSelector });
    if (!checked.rules.includes(raw as DeclaredEprRule)) {
      const problem = checked.problems.find((p) => p.startsWith(`EPR rule ${ruleIndex + 1} `)) ?? 'it did not pass its checks.';
      setResult({ kind: 'text', text: `This rule cannot be used, so it was not tried: ${problem}` });
      return undefined;
    }
    return raw as DeclaredEprRule;
  };

  /** Runs `work` with the chosen rule and tab, dropping its answer if the rules changed meanwhile. */
  const withRule = async (work: (rule: DeclaredEprRule, tabId: number, stillCurrent: () => boolean) => Promise<void>) => {
    const rule = checkedRule();
    if (!rule || !chosenTab?.id) return;
    const mine = generation.current;
    setBusy(true);
    try {
      await work(rule, chosenTab.id, () => generation.current === mine);
    } catch (err) {
      if (generation.current === mine) setResult({ kind: 'text', text: `Alongside could not read this tab (${(err as Error).message}). Reload the tab, or allow Alongside access to its site, and try again.` });
    } finally {
      setBusy(false);
    }
  };

  const tryRule = () =>
    withRule(async (rule, id, current) => {
      const trial = await runOnTab<RuleTrial>(id, { rule, mode: 'once' });
      if (!current()) return;
      setResult(trial ? { kind: 'trial', words: describeRuleTrial(trial, rule, { requireBoth }) } : { kind: 'text', text: 'Alongside could not read this tab: it gave no answer.' });
    });

  const watchTab = () =>
    withRule(async (rule, id, current) => {
      const started = Date.now();
      const until = started + WATCH_MS;
      const seen: (RuleTrialState & { navigation: number })[] = [];
      let navigation = 0;
      const show = (watching: boolean) => {
        if (!current()) return;
        const last = seen.at(-1);
        setResult(
          last
            ? { kind: 'trial', words: describeRuleTrial(last.trial, rule, { requireBoth }), states: describeWatchedStates(seen, rule, { requireBoth }), watching }
            : { kind: 'text', text: watching ? 'Watching the tab…' : 'The tab showed nothing the rule could read while it was watched.' },
        );
      };
      const onConnect = (port: Browser.runtime.Port) => {
        if (port.name !== RULE_TRIAL_PORT || port.sender?.tab?.id !== id) return;
        port.onMessage.addListener((message: unknown) => {
          const m = message as RuleTrialMessage;
          if (m.type !== 'state') return;
          seen.push({ ...m.state, at: Date.now() - started, navigation });
          show(true);
        });
      };
      // The admin clicks through the EPR while it is watched: each new page is read too.
      const onUpdated = (updated: number, change: Browser.tabs.OnUpdatedInfo) => {
        if (updated !== id || change.status !== 'complete' || Date.now() >= until) return;
        navigation++;
        void runOnTab(id, { rule, mode: 'watch', watchMs: until - Date.now() }).catch(() => {});
      };
      browser.runtime.onConnect.addListener(onConnect);
      browser.tabs.onUpdated.addListener(onUpdated);
      try {
        show(true);
        await runOnTab(id, { rule, mode: 'watch', watchMs: WATCH_MS });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, until - Date.now()) + 200));
      } finally {
        browser.runtime.onConnect.removeListener(onConnect);
        browser.tabs.onUpdated.removeListener(onUpdated);
      }
      show(false);
    });

  const pointAt = () =>
    withRule(async (rule, id, current) => {
      const answer = await runOnTab<PointAnswer>(id, { rule, mode: 'point', pointMs: POINT_MS });
      if (!current()) return;
      const n = answer?.highlighted ?? 0;
      setResult({ kind: 'text', text: n ? `The text the rule reads is highlighted on the tab for ${POINT_MS / 1000} seconds (${n === 1 ? 'one banner' : `${n} elements: the rule would see more than one banner`}).` : `Nothing to highlight: ${answer?.reason ?? 'no answer from the tab'}.` });
    });

  const find = () =>
    withRule(async (_rule, id, current) => {
      const help = await runOnTab<SelectorHelp>(id, { rule: null, mode: 'find', nhsNumber });
      if (current()) setResult(help ? { kind: 'find', help } : { kind: 'text', text: 'Alongside could not read this tab: it gave no answer.' });
    });

  const shown = result.result;
  return (
    <div class="rule-tester" data-section="rule-tester">
      <h3>Try a rule on an open tab</h3>
      <p class="hint">Runs a rule exactly as written above, before it is saved, on the page in the tab you choose, and says what it reads. Nothing is saved or sent.</p>
      {'problem' in parsed ? (
        <p class="notice notice--error">{parsed.problem}</p>
      ) : rules.length === 0 ? (
        <p>There are no rules to try yet.</p>
      ) : !tabs?.length ? (
        <p>No open tab Alongside may read. Open the EPR’s page in a tab (on a site Alongside has access to), then come back to this page.</p>
      ) : (
        <>
          <label>
            Rule
            <select name="trialRule" value={String(ruleIndex)} onChange={(e) => setRuleIndex(Number((e.target as HTMLSelectElement).value))}>
              {rules.map((r, i) => (
                <option key={i} value={String(i)}>
                  {ruleName(r, i)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Tab
            <select name="trialTab" value={String(chosenTab?.id)} onChange={(e) => setTabId(Number((e.target as HTMLSelectElement).value))}>
              {tabs.map((t) => (
                <option key={t.id} value={String(t.id)}>
                  {t.title ? `${t.title} (${new URL(t.url!).host})` : t.url}
                </option>
              ))}
            </select>
          </label>
          <p class="rule-tester__actions">
            <button type="button" data-action="try-rule" disabled={busy} onClick={() => void tryRule()}>
              Try this rule<span class="visually-hidden"> on the tab chosen</span>
            </button>{' '}
            <button type="button" data-action="watch-rule" disabled={busy} onClick={() => void watchTab()}>
              Watch the tab for {WATCH_MS / 1000} seconds
            </button>{' '}
            <button type="button" data-action="point-rule" disabled={busy} onClick={() => void pointAt()}>
              Show on the tab what it reads
            </button>
          </p>
          <p class="hint">Watching reads the tab as the panel would while the EPR loads, and as you click through it, and lists every state the panel would have shown.</p>
          <label>
            Find an NHS number on the tab (to suggest a banner selector)
            <input type="text" name="trialNhsNumber" inputMode="numeric" autocomplete="off" value={nhsNumber} onInput={(e) => setNhsNumber((e.target as HTMLInputElement).value)} />
          </label>
          <p>
            <button type="button" data-action="find-selector" disabled={busy || !nhsNumber.trim()} onClick={() => void find()}>
              Suggest a selector
            </button>
          </p>
        </>
      )}
      <div role="status" class="rule-tester__result" data-testid="rule-trial" data-trials={result.trials}>
        {shown && <TrialResult result={shown} />}
      </div>
    </div>
  );
}

function TrialResult({ result }: { result: Result }) {
  switch (result.kind) {
    case 'text':
      return <p data-testid="rule-trial-summary">{result.text}</p>;
    case 'find':
      return result.help.found ? (
        <>
          <p data-testid="rule-trial-summary">Found on the tab. Selectors that match only that element:</p>
          <ul data-testid="selector-suggestions">
            {result.help.suggestions.map((s) => (
              <li key={s.role} data-role={s.role}>
                {s.role === 'banner' ? 'The smallest element around it that also shows a date (a banner to read): ' : 'The element holding the number: '}
                <code>{s.selector}</code>
                {s.matches !== 1 && ` (matches ${s.matches} elements)`}, showing “{s.text}”
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p data-testid="rule-trial-summary">{result.help.reason}</p>
      );
    case 'trial': {
      const w = result.words;
      return (
        <>
          {result.states && (
            <>
              <p>{result.watching ? 'Watching the tab. So far, the panel would have shown:' : 'While the tab was watched, the panel would have shown, in turn:'}</p>
              <ol data-testid="rule-trial-states">
                {result.states.map((s, i) => (
                  <li key={i}>{s}</li>
                ))}
              </ol>
              <p>Last state:</p>
            </>
          )}
          <p data-testid="rule-trial-summary">{w.summary}</p>
          {w.fields.length > 0 && (
            <ul data-testid="rule-trial-fields">
              {w.fields.map((f) => (
                <li key={f.field} data-field={f.field} data-read={String(f.read)}>
                  {f.field}: {f.text}
                </li>
              ))}
            </ul>
          )}
          {w.safety && (
            <p class={w.bothHalves ? 'notice' : 'notice notice--warning'} data-testid="rule-trial-safety">
              {w.safety}
            </p>
          )}
          <p data-testid="rule-trial-panel">{w.panel}</p>
          {w.banner && <p class="rule-tester__banner" data-testid="rule-trial-banner">{w.banner}</p>}
          {w.slow && <p class="notice notice--warning">{w.slow}</p>}
        </>
      );
    }
  }
}
