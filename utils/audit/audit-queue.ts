/**
 * The audit outbox: every record view is queued in IndexedDB first and sent to the audit endpoint,
 * with backoff while it cannot be reached, so no view goes unrecorded when offline or when the browser
 * restarts. An event leaves the queue only when the server has accepted it.
 *
 * Where IndexedDB cannot keep an event (it cannot be opened, a write aborts, the disk is full), the event
 * is held in memory instead, the fault reported (the store is then made again, utils/storage/cache-fault.ts),
 * sent from memory at once, and written to the outbox at the next flush that finds the store working:
 * never dropped for the store's sake. (Held events live as long as the service worker.)
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
  /** The store failed to keep or read an event (reported so that it is made again). */
  onFault?: (err: unknown) => void;
}

/** Where a row of the queue lives: the outbox in IndexedDB, or memory while the store cannot keep it. */
interface RowStore {
  put(row: AuditOutboxRow): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

export class AuditQueue {
  private readonly now: () => number;
  private readonly base: number;
  private readonly max: number;
  private readonly random: () => number;
  private readonly onFault: (err: unknown) => void;
  private flushing: Promise<number> | undefined;
  private askedAgain = false;
  /** Events the store could not keep, by key: sent from here, and moved to the outbox once it works. */
  private readonly held = new Map<string, AuditOutboxRow>();
  private readonly inMemory: RowStore = {
    put: async (row) => this.held.set(row.key, row),
    delete: async (key) => this.held.delete(key),
  };
  private readonly inOutbox: RowStore = {
    put: (row) => this.db.auditOutbox.put(row),
    delete: (key) => this.db.auditOutbox.delete(key),
  };

  constructor(
    private readonly db: AlongsideDb,
    opts: AuditQueueOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.base = opts.baseBackoffMs ?? BACKOFF.audit.baseMs;
    this.max = opts.maxBackoffMs ?? BACKOFF.audit.maxMs;
    this.random = opts.random ?? Math.random;
    this.onFault = opts.onFault ?? (() => {});
  }

  /** Queues an event; `dedupeKey` makes a second enqueue of the same view a no-op. */
  async enqueue(event: AuditEvent, dedupeKey: string): Promise<boolean> {
    if (this.held.has(dedupeKey)) return false;
    const row: AuditOutboxRow = { key: dedupeKey, event, queuedAt: this.now(), attempts: 0, nextAttemptAt: this.now() };
    try {
      return await this.db.transaction('rw', this.db.auditOutbox, async () => {
        if (await this.db.auditOutbox.get(dedupeKey)) return false;
        await this.db.auditOutbox.put(row);
        return true;
      });
    } catch (err) {
      this.held.set(dedupeKey, row);
      this.onFault(err);
      return true;
    }
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

  /** Events not yet accepted by the server: in the outbox, and held in memory while it could not keep them. */
  async pending(): Promise<number> {
    return (await this.db.auditOutbox.count().catch(() => 0)) + this.held.size;
  }

  private async sendDue(client: FhirClient): Promise<number> {
    await this.moveHeldToOutbox();
    // Held in memory (the store still cannot keep them): sent from there, with what the outbox holds.
    const held = [...this.held.values()].map((row) => ({ row, where: this.inMemory }));
    let kept: AuditOutboxRow[] = [];
    try {
      kept = await this.db.auditOutbox.toArray();
    } catch (err) {
      this.onFault(err);
    }
    const all = [...held, ...kept.map((row) => ({ row, where: this.inOutbox }))];
    const now = this.now();
    let sent = await this.send(client, all.filter((r) => r.row.nextAttemptAt <= now));
    // The endpoint answered: it is back, so what was waiting out a backoff goes now too.
    if (sent > 0) sent += await this.send(client, all.filter((r) => r.row.nextAttemptAt > now));
    return sent;
  }

  /** Writes the events held in memory to the outbox, if the store can keep them now. */
  private async moveHeldToOutbox(): Promise<void> {
    if (!this.held.size) return;
    const rows = [...this.held.values()];
    try {
      await this.db.auditOutbox.bulkPut(rows);
      for (const row of rows) if (this.held.get(row.key) === row) this.held.delete(row.key);
    } catch {
      // Still failing: they stay held, and are sent from memory.
    }
  }

  private async send(client: FhirClient, rows: { row: AuditOutboxRow; where: RowStore }[]): Promise<number> {
    let sent = 0;
    for (const [i, { row, where }] of rows.entries()) {
      try {
        await client.request('POST', 'AuditEvent', row.event);
      } catch (err) {
        // The endpoint is down or busy: this event and every one after it in this pass wait out a
        // back-off of their own (one request per pass while it is down, not one per queued event).
        // An answer about this event alone (a 4xx) holds back only this one.
        const endpointDown = !(err instanceof FhirError && err.kind === 'http' && err.status !== undefined && err.status < 500 && err.status !== 408 && err.status !== 429);
        for (const rest of endpointDown ? rows.slice(i) : [{ row, where }]) {
          const attempts = rest.row.attempts + 1;
          const wait = retryDelayMs(attempts, { baseMs: this.base, maxMs: this.max }, retryAfterOf(err), this.random);
          await rest.where.put({ ...rest.row, attempts, nextAttemptAt: this.now() + wait, lastError: errorInOwnWords(err, 'not sent') }).catch(this.onFault);
        }
        if (endpointDown) break;
        continue;
      }
      sent++;
      // Sent: a store that cannot delete it now sends it again later (a view audited twice, never none).
      await where.delete(row.key).catch(this.onFault);
    }
    return sent;
  }
}
