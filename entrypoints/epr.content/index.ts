/**
 * The EPR content script: reads which patient is in view and tells the background. It never writes to
 * the page, holds no patient record, and stops everything it started when the page or the extension
 * goes away. See utils/context/page-watcher.ts for how it keeps its cost to the EPR small.
 *
 * It first reads which readers run on this origin (written by the background, utils/context/reader-config.ts):
 * only the built-in readers the trust assigned here (their scripts were loaded just before this one, for
 * this origin only, or added to the open page later) and the trust's rules for it (checked in the
 * background), and reads the page again when the trust's configuration changes while the page is open.
 * None: it reads nothing. A trust's rule that takes too long to read the page is switched off and
 * reported, so a bad pattern cannot freeze the EPR.
 */
import { adapterFromRule } from '@/utils/context/rules/declared-adapter';
import { detectPatientInView, watchSelectorFor, frameSelectorFor } from '@/utils/context/detect';
import { watchPage, type PageWatch } from '@/utils/context/page-watcher';
import { onReaderConfigChange, readerConfigFor, type ReaderConfig } from '@/utils/context/reader-config';
import { onReaderRegistered, registeredReaders } from '@/utils/context/reader-registry';
import type { Detection, EprAdapter } from '@/utils/context/types';
import { onMessage, sendMessage } from '@/utils/messaging/protocol';

/** A trust's rule taking longer than this to read the page once is switched off (a banner read takes well under 1 ms). */
const SLOW_RULE_MS = 50;

export default defineContentScript({
  // Registered at run time for the trust's EPR origins only (utils/policy/epr-origins.ts): no page is
  // matched by the manifest itself.
  registration: 'runtime',
  matches: [],
  runAt: 'document_end',
  async main(ctx) {
    const origin = location.origin;
    let config = await readerConfigFor(origin).catch(() => undefined);
    let adapters = adaptersFor(config);
    if (ctx.isInvalid) return;
    /** Rules this page switched off: the configuration then written without them is no news here. */
    const switchedOff = new Set<string>();
    const withoutSwitchedOff = (c: ReaderConfig | undefined) => JSON.stringify(c && { ...c, rules: c.rules.filter((r) => !switchedOff.has(r.id)) });

    /** The built-in readers loaded before this script (only those assigned to this origin are), and the trust's rules. */
    function adaptersFor(config: ReaderConfig | undefined): EprAdapter[] {
      if (!config) return [];
      const builtIns = registeredReaders().filter((a) => config.builtIns.includes(a.id as never)).map((a): EprAdapter => ({ ...a, detect: (doc, url) => a.detect(doc, url, config.options) }));
      return [...config.rules.map((rule) => timed(adapterFromRule(rule))), ...builtIns];
    }

    /** Runs a declared rule's reading, and switches the rule off when it runs too long. */
    function timed(adapter: EprAdapter): EprAdapter {
      return {
        ...adapter,
        detect(doc, url) {
          const started = performance.now();
          const result = adapter.detect(doc, url);
          const ms = performance.now() - started;
          if (ms <= SLOW_RULE_MS) return result;
          adapters = adapters.filter((a) => a.id !== adapter.id);
          switchedOff.add(adapter.id.replace(/^declared:/, ''));
          void sendMessage('readerTooSlow', { ruleId: adapter.id.replace(/^declared:/, ''), label: adapter.label, ms: Math.round(ms) }).catch(() => {});
          return { kind: 'none', code: 'unreadable', reason: `Your organisation's rule for ${adapter.label} was switched off: it took ${Math.round(ms)} ms to read this page, which would slow the EPR.` };
        },
      };
    }

    const pageId = crypto.randomUUID();
    let watch: PageWatch | undefined;
    const start = () => {
      const report = (detection: Detection, href: string) =>
        sendMessage('patientInView', { pageId, href, detection }).catch(() => {
          // The background may be restarting; it asks again (whatIsInView) when it wakes.
        });
      const watching = watchPage({
        win: window,
        signal: ctx.signal,
        detect: () => detectPatientInView(document, new URL(location.href), adapters),
        watchSelector: () => watchSelectorFor(new URL(location.href), adapters),
        frameSelector: () => frameSelectorFor(new URL(location.href), adapters),
        onChange: (detection, href) => void report(detection, href),
        onPageHidden: () => void sendMessage('pageClosed', pageId).catch(() => {}),
      });
      ctx.onInvalidated(onMessage('whatIsInView', () => ({ pageId, ...watching.current() })));
      return watching;
    };
    // No readers here (yet): nothing runs until the trust's configuration gives this origin some.
    if (adapters.length) watch = start();
    const readAgain = () => {
      adapters = adaptersFor(config);
      if (watch) watch.recheck();
      else if (adapters.length) watch = start();
    };
    // The trust's configuration changed while the page is open: read it again with the new readers.
    ctx.onInvalidated(
      onReaderConfigChange(origin, (next) => {
        if (withoutSwitchedOff(next) === withoutSwitchedOff(config)) return;
        config = next;
        readAgain();
      }),
    );
    // A reader newly assigned here arrived after the page loaded (the background adds it): read again.
    ctx.onInvalidated(onReaderRegistered(readAgain));
  },
});
