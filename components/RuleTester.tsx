/**
 * "Try this rule": one of the EPR rules as typed (before it is saved) is run on the page in an open tab,
 * and what it reads is said in words. The rule is validated first, exactly as when it is loaded; a rule
 * with a problem is never run. The rule runs in Alongside's own isolated world on that page
 * (`scripting.executeScript`, entrypoints/rule-tester.ts), which it only reads.
 *
 * Only tabs Alongside may read are offered: without the `tabs` permission the browser tells an extension
 * a tab's address only where it has access to the site, and those are the tabs it can run a rule in.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser, type Browser } from 'wxt/browser';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { isValidCssSelector, validateDeclaredRules } from '@/utils/settings/validate-rules';
import { describeRuleTrial } from '@/utils/settings/rule-trial-words';
import { RULE_UNDER_TRIAL, type RuleTrial } from '@/utils/shared/rule-trial';

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

export function RuleTester({ rulesText }: { rulesText: string }) {
  const parsed = parseRules(rulesText);
  const [ruleIndex, setRuleIndex] = useState(0);
  const [tabs, setTabs] = useState<Browser.tabs.Tab[]>();
  const [tabId, setTabId] = useState<number>();
  // What the last trial found, and how many there have been (so a repeated answer is seen as new).
  const [result, setResultText] = useState({ text: '', trials: 0 });
  const setResult = (text: string) => setResultText((r) => ({ text, trials: r.trials + 1 }));
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // Listed again whenever the clinician comes back to this page (they may have opened the EPR meanwhile).
    const refresh = () => void readableTabs().then(setTabs).catch(() => setTabs([]));
    refresh();
    window.addEventListener('focus', refresh);
    return () => window.removeEventListener('focus', refresh);
  }, []);

  const rules = 'rules' in parsed ? parsed.rules : [];
  const chosenTab = tabs?.find((t) => t.id === tabId) ?? tabs?.[0];

  const tryRule = async () => {
    const raw = rules[ruleIndex];
    if (!chosenTab?.id || raw === undefined) return;
    const checked = validateDeclaredRules(rules, { canCheckSelector: isValidCssSelector });
    if (!checked.rules.includes(raw as DeclaredEprRule)) {
      const problem = checked.problems.find((p) => p.startsWith(`EPR rule ${ruleIndex + 1} `)) ?? 'it did not pass its checks.';
      setResult(`This rule cannot be used, so it was not tried: ${problem}`);
      return;
    }
    setBusy(true);
    try {
      const target = { tabId: chosenTab.id };
      await browser.scripting.executeScript({ target, func: (key: string, rule: unknown) => void ((globalThis as Record<string, unknown>)[key] = rule), args: [RULE_UNDER_TRIAL, raw] });
      const [answer] = await browser.scripting.executeScript({ target, files: ['/rule-tester.js'] });
      const trial = answer?.result as RuleTrial | undefined;
      setResult(trial ? describeRuleTrial(trial, raw as DeclaredEprRule) : 'Alongside could not read this tab: it gave no answer.');
    } catch (err) {
      setResult(`Alongside could not read this tab (${(err as Error).message}). Reload the tab, or allow Alongside access to its site, and try again.`);
    } finally {
      setBusy(false);
    }
  };

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
          <p>
            <button type="button" data-action="try-rule" disabled={busy} onClick={() => void tryRule()}>
              Try this rule<span class="visually-hidden"> on the tab chosen</span>
            </button>
          </p>
        </>
      )}
      <p role="status" class="rule-tester__result" data-testid="rule-trial" data-trials={result.trials}>
        {result.text}
      </p>
    </div>
  );
}
