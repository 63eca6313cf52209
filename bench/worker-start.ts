/**
 * Worker start, in real Chromium with the built extension: the browser stops an extension's service
 * worker after 30 s idle, and the next event starts it again, so every wake pays for starting the
 * background (reading, compiling and running background.js, then registering its listeners) before
 * the event is handled.
 *
 * Each sample stops the worker as Chrome's own samples do (CDP `Target.closeTarget` on its target,
 * e2e/extension-browser.ts `stopWorker`), then times, in the side panel, one cheap message of the
 * normal protocol (`refreshPatient` for a context no tab has: read the tab contexts, find none, answer)
 * from its sending to its answer, which has to wait for the worker to start. The same message with the
 * worker running is timed too, so what the start costs can be told from what the message costs.
 *
 * Puppeteer pauses every new worker until it has told it to run (its target bookkeeping): a round trip
 * over its pipe, about a millisecond, that a clinician's browser does not have, is inside each sample.
 */
/// <reference types="chrome" />
import { configureExtension, launchWithExtension, sandboxSettings, stopWorker, windowIdOf, type ExtensionBrowser } from '../e2e/extension-browser';
import { SidePanelPage } from '../e2e/side-panel-page';
import { startSandbox } from '../sandbox/index';

type Report = (name: string, value: number) => void;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

/** A context id no tab has: the background looks, finds nothing to refresh, and answers. */
const NO_SUCH_CONTEXT = 'bench-worker-start-no-such-context';

const workerRunning = (eb: ExtensionBrowser) =>
  eb.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${eb.extensionId}/`));

/**
 * Stops the worker and waits until it has stayed stopped a moment. An event of its own (an alarm coming
 * due) may start it again meanwhile: then it is stopped again, so every sample starts from a stopped worker.
 */
async function stopStill(eb: ExtensionBrowser): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await stopWorker(eb);
    // The target goes before the worker's thread has quite ended: let the stop settle.
    await new Promise((r) => setTimeout(r, 200));
    if (!workerRunning(eb)) return;
  }
  throw new Error('The service worker did not stay stopped: worker-start-ms cannot be measured.');
}

/**
 * Sends `refreshPatient` from the panel as its own code does (@webext-core/messaging's format).
 * Answers the ms to the answer, and when (epoch ms, high resolution) it came.
 */
function timeOneMessage(panel: SidePanelPage, id: number): Promise<{ ms: number; answeredAt: number }> {
  return panel.page.evaluate(
    (messageId, contextId) =>
      new Promise<{ ms: number; answeredAt: number }>((resolve, reject) => {
        const sentAt = performance.now();
        chrome.runtime.sendMessage({ id: messageId, type: 'refreshPatient', data: contextId, timestamp: Date.now() }, (answer: { err?: unknown } | undefined) => {
          const now = performance.now();
          if (chrome.runtime.lastError) reject(new Error(chrome.runtime.lastError.message));
          else if (!answer || answer.err !== undefined) reject(new Error(`The background answered ${JSON.stringify(answer)}`));
          else resolve({ ms: now - sentAt, answeredAt: performance.timeOrigin + now });
        });
      }),
    id,
    NO_SUCH_CONTEXT,
  );
}

/**
 * Prints `worker-start-ms` (median) and `worker-start-p95-ms`, from a stopped worker to its first message
 * answered, over `samples` stops; `worker-start-own-ms` (median), the part of it from the new worker's global
 * scope to the answer (the rest is the browser starting a worker); and `worker-message-awake-ms`, the same
 * message to a running worker.
 * @param report - prints one figure
 * @param opts.samples - how many stops (default 40)
 */
export async function benchWorkerStart(report: Report, opts: { samples?: number } = {}): Promise<void> {
  const samples = opts.samples ?? 40;
  const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null });
  const eb = await launchWithExtension();
  try {
    // Set up as a trust would be, so each start does what it does in use (settings read, alarms, readers).
    await configureExtension(eb, sandboxSettings(sandbox));
    // The panel follows a window with no EPR page in it (the FHIR server's own page): no content script
    // wakes the worker on its own.
    const page = (await eb.browser.pages())[0] ?? (await eb.browser.newPage());
    await page.goto(`${sandbox.fhir.baseUrl}/metadata`);
    const panel = await SidePanelPage.open(eb, await windowIdOf(eb, page));
    await new Promise((r) => setTimeout(r, 1_000));

    const awake: number[] = [];
    for (let i = 0; i < 20; i++) awake.push((await timeOneMessage(panel, i)).ms);

    const starts: number[] = [];
    const own: number[] = [];
    for (let i = 0, discarded = 0; starts.length < samples; i++) {
      await stopStill(eb);
      const { ms, answeredAt } = await timeOneMessage(panel, 100 + i);
      // The new worker's clock starts with its global scope: from there to the answer is the worker's own
      // part (background.js read, compiled and run, then the message), the rest is the browser starting it.
      const startedAt = await (await eb.worker()).evaluate(() => performance.timeOrigin);
      if (startedAt < answeredAt - ms) {
        // Something else (an alarm) started the worker just before the message: not a start this message paid for.
        if (++discarded > samples) throw new Error('The service worker kept being started by something else: worker-start-ms cannot be measured.');
        continue;
      }
      starts.push(ms);
      own.push(answeredAt - startedAt);
      // Let the start's own work (settings, alarms, readers' registration) finish before the next stop.
      await new Promise((r) => setTimeout(r, 500));
    }
    report('worker-start-ms', Math.round(quantile(starts, 0.5)));
    report('worker-start-p95-ms', Math.round(quantile(starts, 0.95)));
    report('worker-start-own-ms', Math.round(quantile(own, 0.5)));
    report('worker-start-samples', starts.length);
    report('worker-message-awake-ms', Number(quantile(awake, 0.5).toFixed(1)));
  } finally {
    await eb.close();
    await sandbox.close();
  }
}
