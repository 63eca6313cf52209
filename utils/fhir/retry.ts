/**
 * When to ask a server again after a failure: exponential back-off with full jitter (a delay drawn
 * evenly between nothing and the exponential ceiling, as AWS's "Exponential Backoff and Jitter"
 * describes), never sooner than the server's own `Retry-After` (RFC 9110 §10.2.3) on a 429 or 503.
 * Without jitter, every browser that failed in an outage comes back in the same second it ends.
 *
 * One small function rather than a library: the retry libraries on npm run a loop around a promise,
 * and these delays are stored as a time (`nextAttemptAt`) that an alarm acts on after the service
 * worker may have been stopped; only the arithmetic is shared.
 */

export interface BackoffPolicy {
  /** The ceiling of the first retry's delay; it doubles each failure. */
  baseMs: number;
  /** The ceiling's ceiling. */
  maxMs: number;
}

/**
 * Each retrying path's back-off, in one place (the bench's outage simulation reads them too). Waits are
 * jittered below each ceiling; the ceiling starts at `baseMs` and doubles per failure up to `maxMs`.
 */
export const BACKOFF = {
  /** The watch cycle (polling) after a failed cycle (utils/push/watch-service.ts). */
  poll: { baseMs: 60_000, maxMs: 15 * 60_000 },
  /** A task write that could not be sent (utils/tasks/task-outbox.ts). */
  outbox: { baseMs: 5_000, maxMs: 5 * 60_000 },
  /** A record-view audit that could not be sent (utils/audit/audit-queue.ts). */
  audit: { baseMs: 5_000, maxMs: 10 * 60_000 },
  /** A record that could not be refreshed, unless the clinician asks (utils/record/sync.ts). */
  sync: { baseMs: 15_000, maxMs: 5 * 60_000 },
  /** Subscriptions that could not be made or bound (utils/push/subscriptions.ts); polling covers the gap. */
  subscriptions: { baseMs: 30_000, maxMs: 10 * 60_000 },
} as const satisfies Record<string, BackoffPolicy>;

/**
 * How long to wait before the next attempt.
 *
 * @param failures - failures in a row so far, this one included (1 after the first)
 * @param policy - the back-off's base and cap
 * @param retryAfterMs - what the server asked for (`FhirError.retryAfterMs`), if anything: the delay is
 *   never shorter, and a spread of up to as long again is added, so clients told the same do not return together
 * @param random - a number in [0, 1) (tests inject their own)
 */
export function retryDelayMs(failures: number, policy: BackoffPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  // At least 1 ms: a delay of nothing would make the failed attempt due again at once.
  const jittered = Math.max(1, Math.floor(random() * ceiling));
  if (retryAfterMs === undefined) return jittered;
  // Spread over as long again as the server asked (or the ceiling, if longer; never past the cap): a
  // maintenance page that tells every browser to come back at 10:05 gets them back over minutes.
  return retryAfterMs + Math.floor(random() * Math.min(policy.maxMs, Math.max(ceiling, retryAfterMs)));
}

/** A server asked for no more than a day's wait: a longer one is a mistake, and waiting a day hides it. */
const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * A `Retry-After` header as a wait in milliseconds: either delay-seconds or an HTTP date (RFC 9110
 * §10.2.3). The date is measured against the server's own `Date` header where it sent one, so a machine
 * clock that is fast or slow does not shorten or stretch the wait; undefined when absent or unreadable.
 *
 * @param value - the header's value
 * @param serverDate - the response's `Date` header, if any
 * @param now - this machine's time, used only when the server sent no `Date`
 */
export function parseRetryAfter(value: string | null | undefined, serverDate?: string | null, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Math.min(Number(text) * 1000, MAX_RETRY_AFTER_MS);
  // An HTTP date names its day and month (`Sun, 06 Nov 1994 08:49:37 GMT`); a bare number that is not
  // delay-seconds (`-5`) is not one, though Date.parse would take it for a year.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(at)) return undefined;
  const serverNow = serverDate ? Date.parse(serverDate) : NaN;
  const wait = at - (Number.isNaN(serverNow) ? now : serverNow);
  return Math.min(Math.max(0, wait), MAX_RETRY_AFTER_MS);
}
