/**
 * The audit outbox: every record view is queued in IndexedDB first and sent to the audit endpoint,
 * with backoff while it cannot be reached, so no view goes unrecorded when offline or when the browser
 * restarts. An event leaves the queue only when the server has accepted it.
 */
import type { AuditEvent } from '@medplum/fhirtypes';
import type { AlongsideDb, AuditOutboxRow } from '@/utils/storage/db';
import { errorInOwnWords, type FhirClient } from '@/utils/fhir/client';

export interface AuditQueueOptions {
  now?: () => number;
  /** First retry delay; doubles up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
}

export class AuditQueue {
  private readonly now: () => number;
  private readonly base: number;
  private readonly max: number;
  private flushing: Promise<number> | undefined;
  private askedAgain = false;

  constructor(
    private readonly db: AlongsideDb,
    opts: AuditQueueOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.base = opts.baseBackoffMs ?? 5_000;
    this.max = opts.maxBackoffMs ?? 10 * 60_000;
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
    for (const row of rows) {
      try {
        await client.request('POST', 'AuditEvent', row.event);
        await this.db.auditOutbox.delete(row.key);
        sent++;
      } catch (err) {
        const attempts = row.attempts + 1;
        const wait = Math.min(this.max, this.base * 2 ** (attempts - 1));
        await this.db.auditOutbox.put({ ...row, attempts, nextAttemptAt: this.now() + wait, lastError: errorInOwnWords(err, 'not sent') });
      }
    }
    return sent;
  }
}
