/**
 * The EPR content script: reads which patient is in view and tells the background. It never writes to
 * the page, holds no patient record, and stops everything it started when the page or the extension
 * goes away. See utils/context/page-watcher.ts for how it keeps its cost to the EPR small.
 *
 * It is registered at run time for the trust's EPR origins only (utils/policy/epr-origins.ts), as a plain
 * script rather than WXT's content-script wrapper: that wrapper announces itself to the page and stops
 * when the page dispatches its event (utils/context/page-life.ts). Its life is its own: only the
 * extension ends it.
 *
 * It first reads which readers run on this origin (written by the background, utils/context/reader-config.ts):
 * only the built-in readers the trust assigned here (their scripts were loaded just before this one, for
 * this origin only, or added to the open page later) and the trust's rules for it (checked in the
 * background), and reads the page again when the trust's configuration changes while the page is open.
 * None: it reads nothing. A trust's rule that takes too long to read the page is switched off and
 * reported, so a bad pattern cannot freeze the EPR.
 *
 * What it sees goes to the background over one port (utils/context/report-channel.ts), each report
 * numbered, so the background applies only the newest; when this script stops, the port closes and
 * the background clears the tab.
 */
import { readerFromRule } from '@/utils/page/readers/declared-rule';
import { detectPatientInView, watchSelectorFor, frameSelectorFor } from '@/utils/page/detect';
import { watchPage, type PageWatch } from '@/utils/page/page-watcher';
import { startPageLife } from '@/utils/page/page-life';
import { followReaderConfig, type ReaderConfig } from '@/utils/shared/reader-config';
import { onReaderRegistered, registeredReaders } from '@/utils/page/reader-registry';
import { openReportChannel } from '@/utils/page/report-channel';
import type { Detection } from '@/utils/shared/detection';
import type { EprReader } from '@/utils/page/readers/reader';
import { browser } from 'wxt/browser';
import { onPageQuestion } from '@/utils/shared/page-protocol';

/** A trust's rule taking longer than this to read the page once is switched off (a banner read takes well under 1 ms). */
const SLOW_RULE_MS = 50;

export default defineUnlistedScript(() => {
  void readPatientsInView();
});

async function readPatientsInView(): Promise<void> {
  const life = startPageLife();
  const { signal } = life;
  const origin = location.origin;
  const whenStopped = (stop: () => void) => signal.addEventListener('abort', stop, { once: true });
  // Changes to the trust's configuration while the page is open: kept until the watch below can take them.
  let changedEarly: { next: ReaderConfig | undefined } | undefined;
  let onConfigChange = (next: ReaderConfig | undefined) => void (changedEarly = { next });
  let config = await followReaderConfig(origin, (next) => onConfigChange(next), signal);
  if (signal.aborted) return;
  let readers = readersFor(config);
  const channel = openReportChannel(life, browser.runtime);
  /** Rules this page switched off: the configuration then written without them is no news here. */
  const switchedOff = new Set<string>();
  const withoutSwitchedOff = (c: ReaderConfig | undefined) => JSON.stringify(c && { ...c, rules: c.rules.filter((r) => !switchedOff.has(r.id)) });

  /** The built-in readers loaded before this script (only those assigned to this origin are), and the trust's rules. */
  function readersFor(config: ReaderConfig | undefined): EprReader[] {
    if (!config) return [];
    const builtIns = registeredReaders().filter((a) => config.builtIns.includes(a.id as never)).map((a): EprReader => ({ ...a, detect: (doc, url) => a.detect(doc, url, config.options) }));
    return [...config.rules.map((rule) => timed(readerFromRule(rule))), ...builtIns];
  }

  /** Runs a declared rule's reading, and switches the rule off when it runs too long. */
  function timed(reader: EprReader): EprReader {
    return {
      ...reader,
      detect(doc, url) {
        const started = performance.now();
        const result = reader.detect(doc, url);
        const ms = performance.now() - started;
        if (ms <= SLOW_RULE_MS) return result;
        readers = readers.filter((a) => a.id !== reader.id);
        const ruleId = reader.id.replace(/^declared:/, '');
        switchedOff.add(ruleId);
        channel.readerTooSlow({ ruleId, label: reader.label, ms: Math.round(ms) });
        return { kind: 'none', code: 'unreadable', reason: `Your organisation's rule for ${reader.label} was switched off: it took ${Math.round(ms)} ms to read this page, which would slow the EPR.` };
      },
    };
  }

  let watch: PageWatch | undefined;
  const start = () => {
    const watching = watchPage({
      win: window,
      signal,
      detect: () => detectPatientInView(document, new URL(location.href), readers),
      watchSelector: () => watchSelectorFor(new URL(location.href), readers),
      frameSelector: () => frameSelectorFor(new URL(location.href), readers),
      onChange: (detection: Detection, href: string) => void channel.report(detection, href),
      onPageHidden: () => channel.closed(),
    });
    // The background asks when it wakes or a tab navigates: the last report, or what the page shows now.
    whenStopped(onPageQuestion('whatIsInView', () => channel.last() ?? channel.report(watching.current().detection, watching.current().href)));
    return watching;
  };
  // No readers here (yet): nothing runs until the trust's configuration gives this origin some.
  if (readers.length) watch = start();
  const readAgain = () => {
    if (signal.aborted) return;
    readers = readersFor(config);
    if (watch) watch.recheck();
    else if (readers.length) watch = start();
  };
  // The trust's configuration changed while the page is open: read it again with the new readers.
  onConfigChange = (next) => {
    if (withoutSwitchedOff(next) === withoutSwitchedOff(config)) return;
    config = next;
    readAgain();
  };
  if (changedEarly) onConfigChange(changedEarly.next);
  // A reader newly assigned here arrived after the page loaded (the background adds it): read again.
  whenStopped(onReaderRegistered(readAgain));
}
