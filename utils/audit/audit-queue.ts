/**
 * The audit outbox: every record view is queued in IndexedDB first and sent to the audit endpoint,
 * with backoff while it cannot be reached, so no view goes unrecorded when offline or when the browser
 * restarts. An event leaves the queue only when the server has accepted it.
 */
import type { AuditEvent } from '@medplum/fhirtypes';
import type { AlongsideDb, AuditOutboxRow } from '@/utils/storage/db';
import { errorInOwnWords, FhirError, retryAfterOf, type FhirClient } from '@/utils/fhir/client';
import { BACKOFF, retryDelayMs } from '@/utils/fhir/retry';

export interface AuditQueueOptions {
  now?: () => number;
  /** The first retry's delay is at most this (jittered, see utils/fhir/retry.ts); the ceiling doubles up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** A number in [0, 1) for the jitter; tests inject their own. */
  random?: () => number;
}

export class AuditQueue {
  private readonly now: () => number;
  private readonly base: number;
  private readonly max: number;
  private readonly random: () => number;
  private flushing: Promise<number> | undefined;
  private askedAgain = false;

  constructor(
    private readonly db: AlongsideDb,
    opts: AuditQueueOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.base = opts.baseBackoffMs ?? BACKOFF.audit.baseMs;
    this.max = opts.maxBackoffMs ?? BACKOFF.audit.maxMs;
    this.random = opts.random ?? Math.random;
  }

  /** Queues an event; `dedupeKey` makes a second enqueue of the same view a no-op. */
  async enqueue(event: AuditEvent, dedupeKey: string): Promise<boolean> {
    return this.db.transaction('rw', this.db.auditOutbox, async () => {
      if (await this.db.auditOutbox.get(dedupeKey)) return false;
      await this.db.auditOutbox.put({ key: dedupeKey, event, queuedAt: this.now(), attempts: 0, nextAttemptAt: this.now() });
      return true;
    });
  }

  /**
   * Sends every due event; returns how many the server accepted. One flush at a time: one asked for
   * while another runs is run again after it, so an event queued meanwhile is not left for the alarm.
   */
  flush(client: FhirClient): Promise<number> {
    if (this.flushing) {
      this.askedAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      let sent = 0;
      do {
        this.askedAgain = false;
        sent += await this.sendDue(client);
      } while (this.askedAgain);
      return sent;
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  async pending(): Promise<number> {
    return this.db.auditOutbox.count();
  }

  private async sendDue(client: FhirClient): Promise<number> {
    const due = await this.db.auditOutbox.where('nextAttemptAt').belowOrEqual(this.now()).toArray();
    let sent = await this.send(client, due);
    // The endpoint answered: it is back, so what was waiting out a backoff goes now too.
    if (sent > 0) sent += await this.send(client, await this.db.auditOutbox.where('nextAttemptAt').above(this.now()).toArray());
    return sent;
  }

  private async send(client: FhirClient, rows: AuditOutboxRow[]): Promise<number> {
    let sent = 0;
    for (const [i, row] of rows.entries()) {
      try {
        await client.request('POST', 'AuditEvent', row.event);
        await this.db.auditOutbox.delete(row.key);
        sent++;
      } catch (err) {
        // The endpoint is down or busy: this event and every one after it in this pass wait out a
        // back-off of their own (one request per pass while it is down, not one per queued event).
        // An answer about this event alone (a 4xx) holds back only this one.
        const endpointDown = !(err instanceof FhirError && err.kind === 'http' && err.status !== undefined && err.status < 500 && err.status !== 408 && err.status !== 429);
        for (const rest of endpointDown ? rows.slice(i) : [row]) {
          const attempts = rest.attempts + 1;
          const wait = retryDelayMs(attempts, { baseMs: this.base, maxMs: this.max }, retryAfterOf(err), this.random);
          await this.db.auditOutbox.put({ ...rest, attempts, nextAttemptAt: this.now() + wait, lastError: errorInOwnWords(err, 'not sent') });
        }
        if (endpointDown) break;
      }
    }
    return sent;
  }
}
