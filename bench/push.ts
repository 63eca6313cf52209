/**
 * Push figures, in real Chromium with the built extension: how long from an event on the server to
 * the clinician's notification, with polling at the configured interval; and how many requests the
 * watching makes per hour with 10 watched patients.
 *
 * Measured twice: against a server that offers no Subscription (Alongside polls on its alarm), and
 * against one whose CapabilityStatement offers R4 websocket Subscriptions (Alongside is pinged).
 */
/// <reference types="chrome" />
import { configureExtension, sandboxSettings, launchWithExtension } from '../e2e/extension-browser';
import { startSandbox } from '../sandbox/index';
import type { SandboxEventKind } from '../sandbox/events';

type Report = (name: string, value: number | string) => void;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export async function benchPush(report: Report, opts: { events?: number; intervalMinutes?: number } = {}): Promise<void> {
  await benchPushMode(report, { ...opts, subscriptions: false });
  await benchPushMode(report, { ...opts, subscriptions: true });
}

async function benchPushMode(report: Report, opts: { events?: number; intervalMinutes?: number; subscriptions: boolean }): Promise<void> {
  const events = opts.events ?? 5;
  const intervalMinutes = opts.intervalMinutes ?? 0.5;
  const mode = opts.subscriptions ? 'subscription' : 'polling';
  const sandbox = await startSandbox({ fhirPort: 0, eprPort: 0, syntheaDir: null, subscriptions: opts.subscriptions });
  const eb = await launchWithExtension();
  try {
    await configureExtension(eb, { ...sandboxSettings(sandbox), staleAfterSeconds: 600, pollIntervalMinutes: intervalMinutes });
    // 10 watched patients: open in tabs (the demo roster has 7 of our own; the rest come from tabs too).
    const patients = sandbox.data.roster.slice(0, 10);
    for (const p of patients) {
      const page = await eb.browser.newPage();
      await page.goto(`${sandbox.epr.baseUrl}/nhs/patient/${p.nhsNumber}`);
    }
    const ext = await eb.browser.newPage();
    await ext.goto(`chrome-extension://${eb.extensionId}/tasks.html`);
    const notices = () => ext.evaluate(async () => (((await chrome.storage.session.get('notices')).notices as { kind: string; at: number }[] | undefined) ?? []).length);
    // Wait for the baseline cycle (My tasks appears), so the events below are news.
    await ext.waitForFunction(() => document.body.innerText.includes('Checked'), { timeout: 120_000 });

    const kinds: SandboxEventKind[] = ['admission', 'safeguarding-flag', 'task-assigned', 'appointment-missed', 'resuscitation-flag', 'discharge'];
    const origin = new URL(sandbox.fhir.baseUrl).origin;
    const delays: number[] = [];
    for (let i = 0; i < events; i++) {
      // Events land at random moments of the polling cycle.
      await new Promise((r) => setTimeout(r, Math.random() * intervalMinutes * 60_000));
      const before = await notices();
      const at = Date.now();
      await fetch(`${origin}/_sandbox/events`, { method: 'POST', body: JSON.stringify({ kind: kinds[i % kinds.length], patientId: patients[i % patients.length]!.fhirId }) });
      const end = at + intervalMinutes * 60_000 * 3;
      while (Date.now() < end && (await notices()) === before) await new Promise((r) => setTimeout(r, 50));
      delays.push(Date.now() - at);
    }
    report(`event-to-notification-ms (${mode})`, Math.round(median(delays)));
    report(`event-to-notification-max-ms (${mode})`, Math.max(...delays));

    // Watching, with nothing happening: what the background asks of the server, scaled to an hour.
    const idleMs = intervalMinutes * 60_000 * 3;
    const idleFrom = sandbox.fhir.requestLog.length;
    await new Promise((r) => setTimeout(r, idleMs));
    const idleRequests = sandbox.fhir.requestLog.length - idleFrom;
    report(`requests-per-hour-10-patients (${mode})`, Math.round((idleRequests / idleMs) * 3_600_000));
    if (!opts.subscriptions) report('poll-interval-s', intervalMinutes * 60);
  } finally {
    await eb.close();
    await sandbox.close();
  }
}
