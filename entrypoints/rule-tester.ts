/**
 * Tries a trust's declared EPR rule on the page it is injected into, for the options page's "Try this rule"
 * (components/RuleTester.tsx): never registered, injected only when asked. The options page first puts the
 * request (the rule, already validated, and what to do) in this isolated world; the answer is the script's
 * result, or, for a watch, the states sent over a port the options page listens on
 * (utils/page/rule-trial.ts says what each way does).
 */
import { browser } from 'wxt/browser';
import type { DeclaredEprRule } from '@/utils/shared/epr-rule';
import { pointAtRule, suggestSelectors, tryRuleOnPage, watchRuleOnPage } from '@/utils/page/rule-trial';
import { RULE_TRIAL_PORT, RULE_UNDER_TRIAL, type PointAnswer, type RuleTrial, type RuleTrialMessage, type RuleTrialRequest, type SelectorHelp } from '@/utils/shared/rule-trial';

/** At most this long a watch, whatever is asked (a trial never outlives the admin's attention). */
const MAX_WATCH_MS = 30_000;

export default defineUnlistedScript((): RuleTrial | PointAnswer | SelectorHelp | 'watching' | undefined => {
  const world = globalThis as Record<string, unknown>;
  const request = world[RULE_UNDER_TRIAL] as RuleTrialRequest | undefined;
  delete world[RULE_UNDER_TRIAL];
  if (!request) return undefined;
  const rule = request.rule as DeclaredEprRule;
  switch (request.mode) {
    case 'once':
      return tryRuleOnPage(rule, document, location.href);
    case 'point':
      return pointAtRule(rule, document, Math.min(request.pointMs ?? 4000, 10_000));
    case 'find':
      return suggestSelectors(document, request.nhsNumber ?? '');
    case 'watch': {
      const port = browser.runtime.connect({ name: RULE_TRIAL_PORT });
      const stop = new AbortController();
      const send = (message: RuleTrialMessage) => {
        try {
          port.postMessage(message);
        } catch {
          stop.abort();
        }
      };
      const end = () => {
        if (stop.signal.aborted) return;
        send({ type: 'done' });
        stop.abort();
        port.disconnect();
      };
      // The options page closing or giving up ends the watch at once.
      port.onDisconnect.addListener(() => stop.abort());
      const timer = setTimeout(end, Math.min(request.watchMs ?? 5000, MAX_WATCH_MS));
      stop.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
      watchRuleOnPage(rule, window, {
        signal: stop.signal,
        onState: (state) => send({ type: 'state', state }),
        onLeft: () => {
          send({ type: 'left' });
          stop.abort();
        },
      });
      return 'watching';
    }
  }
});
