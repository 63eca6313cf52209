/**
 * A 5-minute server outage across the simulated trust, then recovery: when do the clinicians' browsers
 * come back? Each browser keeps the extension's timers (Chrome alarms: polling each minute, the task
 * outbox each 30 s, the audit outbox each minute, each started at its own moment of the minute) and,
 * after each failure, waits as the extension does: `retryDelayMs` (utils/fhir/retry.ts) with the
 * polling, outbox and audit policies. Some browsers also last heard `Retry-After` as an HTTP date from a
 * maintenance page that gives every client the same time to come back. Simulated time, one-second
 * steps, no network: what is measured is when requests would be sent, which is all a storm is.
 *
 * Printed: the busiest second of retries after recovery (each browser's first request to the recovered
 * server; after it, its timers are back to their ordinary beat, which the outage did not change), with
 * jitter, the same with the jitter taken out (each wait its full ceiling, plain exponential back-off),
 * and their ratio. The jitter chooses which of its alarm's beats a browser comes back on: browsers whose
 * alarms beat together then come back over several minutes, not on one beat.
 */
import { BACKOFF, retryDelayMs, type BackoffPolicy } from '../utils/fhir/retry';
import { SeededRandom } from '../sandbox/seed/random';

type Report = (name: string, value: number | string) => void;

const OUTAGE_S = 300;
/** Seconds simulated after the outage starts: long enough for the longest back-off to run out. */
const SIMULATED_S = 40 * 60;
/** Share of browsers with a task write or a view audit waiting when the outage starts. */
const WITH_WRITES = 0.3;
/**
 * Share of browsers whose alarms keep the same moment of the minute: virtual desktops (Citrix, VDI) that
 * a login script starts together, or an update pushed by policy to every browser at once, make each
 * browser's alarms at the same second. The rest start at moments spread over the minute.
 */
const SAME_MOMENT = 0.5;
/** Share of browsers whose last failure was a 503 from a maintenance page with `Retry-After` as a date. */
const TOLD_WHEN = 0.5;

interface Timer {
  periodS: number;
  phaseS: number;
  policy: BackoffPolicy;
  failures: number;
  retryAtS: number;
}

function simulate(clinicians: number, jitter: boolean): { peak: number; duringOutage: number } {
  const random = new SeededRandom(21);
  const draw = jitter ? () => random.next() : () => 0.999_999;
  const timers: Timer[] = [];
  for (let c = 0; c < clinicians; c++) {
    const together = random.next() < SAME_MOMENT;
    const phase = (period: number) => (together ? 7 % period : random.int(0, period - 1));
    timers.push({ periodS: 60, phaseS: phase(60), policy: BACKOFF.poll, failures: 0, retryAtS: 0 });
    if (random.next() < WITH_WRITES) timers.push({ periodS: 30, phaseS: phase(30), policy: BACKOFF.outbox, failures: 0, retryAtS: 0 });
    if (random.next() < WITH_WRITES) timers.push({ periodS: 60, phaseS: phase(60), policy: BACKOFF.audit, failures: 0, retryAtS: 0 });
  }
  const toldWhen = new Set(timers.filter(() => random.next() < TOLD_WHEN));
  const perSecond = new Map<number, number>();
  let duringOutage = 0;
  for (let s = 0; s < SIMULATED_S; s++) {
    for (const t of timers) {
      if (s < t.phaseS || (s - t.phaseS) % t.periodS !== 0 || s < t.retryAtS) continue;
      if (s < OUTAGE_S) {
        duringOutage++;
        t.failures++;
        // The maintenance page: "come back when the outage ends", the same moment for everyone.
        const retryAfterMs = toldWhen.has(t) ? (OUTAGE_S - s) * 1000 : undefined;
        t.retryAtS = s + retryDelayMs(t.failures, t.policy, retryAfterMs, draw) / 1000;
      } else if (t.failures > 0) {
        // The retry that meets the recovered server (after it, the timer is back to its ordinary beat).
        perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
        t.failures = 0;
        t.retryAtS = 0;
      }
    }
  }
  return { peak: Math.max(0, ...perSecond.values()), duringOutage };
}

export function benchOutage(report: Report): void {
  const clinicians = Number(process.env.TRUST_CLINICIANS ?? 100);
  const withJitter = simulate(clinicians, true);
  const without = simulate(clinicians, false);
  report('retry-sim-clinicians', clinicians);
  report('retry-peak-rps-after-outage', withJitter.peak);
  report('retry-peak-rps-after-outage (no jitter)', without.peak);
  report('retry-peak-ratio (no jitter / jitter)', Math.round((without.peak / Math.max(1, withJitter.peak)) * 10) / 10);
  report('retry-requests-during-outage (jitter)', withJitter.duringOutage);
  report('retry-requests-during-outage (no jitter)', without.duringOutage);
}
