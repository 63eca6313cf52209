/**
 * The EPR content script: reads which patient is in view and tells the background. It never writes to
 * the page, holds no patient record, and stops everything it started when the page or the extension
 * goes away. See utils/context/page-watcher.ts for how it keeps its cost to the EPR small.
 */
import { builtInAdapters } from '@/utils/context/adapters';
import { adapterFromRule, isValidCssSelector, validateDeclaredRules } from '@/utils/context/rules/declared-adapter';
import { loadSettings } from '@/utils/policy/settings';
import { detectPatientInView, watchSelectorFor, frameSelectorFor } from '@/utils/context/detect';
import { watchPage } from '@/utils/context/page-watcher';
import { onMessage, sendMessage } from '@/utils/messaging/protocol';

export default defineContentScript({
  // Registered at run time for the configured EPR origins (utils/policy/epr-origins.ts); these are
  // only the demo EPRs' hosts, which WXT grants as host permissions.
  registration: 'runtime',
  matches: ['http://localhost/*', 'http://127.0.0.1/*'],
  runAt: 'document_idle',
  async main(ctx) {
    const pageId = crypto.randomUUID();
    // The trust's declared EPRs first; a bad rule is left out whole (the options page says why).
    const { rules } = validateDeclaredRules((await loadSettings()).eprRules, isValidCssSelector);
    const adapters = [...rules.map(adapterFromRule), ...builtInAdapters];
    const report = (detection: Parameters<typeof sendMessage<'patientInView'>>[1]['detection'], href: string) =>
      sendMessage('patientInView', { pageId, href, detection }).catch(() => {
        // The background may be restarting; it asks again (whatIsInView) when it wakes.
      });

    const watch = watchPage({
      win: window,
      signal: ctx.signal,
      detect: () => detectPatientInView(document, new URL(location.href), adapters),
      watchSelector: () => watchSelectorFor(new URL(location.href), adapters),
      frameSelector: () => frameSelectorFor(new URL(location.href), adapters),
      onChange: (detection, href) => void report(detection, href),
      onPageHidden: () => void sendMessage('pageClosed', pageId).catch(() => {}),
    });

    const stopAnswering = onMessage('whatIsInView', () => ({ pageId, ...watch.current() }));
    ctx.onInvalidated(stopAnswering);
  },
});
