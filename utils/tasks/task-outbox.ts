/**
 * The task outbox: every task write the clinician makes is put in IndexedDB first, then sent, so
 * nothing written is lost when the server is down, the service worker is stopped or the browser
 * restarts. A write leaves the outbox only when the server has it, or when the clinician decides.
 *
 * Every update states the version it was made against (`If-Match`). When someone else changed the
 * task first, the write becomes a `conflict`; the clinician sees both and chooses. A write the server
 * refuses (4xx) becomes `refused`, with the server's reason, and is kept.
 *
 * A lost answer is not a lost write: each version carries the id of the write that made it, and a
 * create is conditional on that id (`If-None-Exist`), so a retry finds its own earlier success.
 *
 * The outbox is sealed with a key of its own that outlives the session (unlike the record cache's):
 * what a clinician wrote must survive a browser restart until the server has it. That key is stored
 * non-extractable, so nothing of a write is on disk as text; docs/security-and-safety.md says what
 * this does and does not protect against.
 */
import type { Task } from '@medplum/fhirtypes';
import type { AlongsideDb, TaskWriteRow } from '@/utils/storage/db';
import { seal, unseal } from '@/utils/storage/session-crypto';
import { FhirError, retryAfterOf, type FhirClient } from '@/utils/fhir/client';
import { BACKOFF, retryDelayMs } from '@/utils/fhir/retry';
import { applyTaskAction, buildNewTask, madeByWrite, WRITE_ID_SYSTEM, type Actor, type NewTask, type TaskAction } from './task-actions';

/** What a write says, sealed in its row. */
export interface TaskWriteBody {
  serverBase: string;
  patientId: string;
  /** The task written to; for a create, set once the server has made it. */
  taskId?: string;
  change: { kind: 'update'; action: TaskAction } | { kind: 'create'; task: NewTask };
  actor: Actor;
  /**
   * Who made it: the signed-in clinician (`issuer|sub`), or the clinician the trust configured for the
   * browser. A write is sent only under its author's own sign-in and to its own server; otherwise it is
   * held (never sent with someone else's token) until they are back, or someone discards it.
   */
  author: string;
  /** The version the clinician acted on; absent when it follows an earlier write of theirs to the same task. */
  baseVersion?: string;
  /** The write this one follows (same task, not yet sent when this one was made). */
  after?: string;
  /** Why it is waiting, refused or in conflict, in words. */
  lastError?: string;
  /** In conflict: the server's version now. */
  theirsVersion?: string;
}

export type TaskWrite = Omit<TaskWriteRow, 'sealed'> & TaskWriteBody;

export interface TaskOutboxOptions {
  now?: () => number;
  /** The first retry's delay is at most this (jittered, see utils/fhir/retry.ts); the ceiling doubles up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  newId?: () => string;
  /** A number in [0, 1) for the jitter; tests inject their own. */
  random?: () => number;
}

export interface FlushHooks {
  onSent?: (write: TaskWrite, task: Task) => Promise<void> | void;
  onConflict?: (write: TaskWrite) => Promise<void> | void;
}

export interface FlushResult {
  sent: number;
  /** Held: made by another clinician, or for another server, than the one signed in now. */
  held: number;
  conflicts: number;
  refused: number;
  /** Still waiting (offline, server errors, or behind one of those). */
  waiting: number;
}

/** The clinician's decision about a write that needs one. */
export type WriteDecision = 'apply-mine' | 'keep-theirs' | 'retry' | 'discard';

const OUTBOX_KEY = 'taskOutbox';

/**
 * The outbox's sealing key, made once per browser profile and kept non-extractable in IndexedDB.
 *
 * @param db - Alongside's database, whose keys table holds the key
 */
export async function outboxKey(db: AlongsideDb): Promise<{ aesKey: CryptoKey }> {
  const row = await db.keys.get(OUTBOX_KEY);
  if (row) return { aesKey: row.key };
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  // `add` fails if another context made the key first; theirs is the one to use.
  await db.keys.add({ name: OUTBOX_KEY, key }).catch(() => {});
  return { aesKey: (await db.keys.get(OUTBOX_KEY))!.key };
}

/** Answers that mean "try again later": the server is there but cannot take it now. */
const RETRYABLE_STATUS = new Set([401, 403, 408, 425, 429, 500, 502, 503, 504]);

export class TaskOutbox {
  private readonly now: () => number;
  private readonly base: number;
  private readonly max: number;
  private readonly newId: () => string;
  private readonly random: () => number;
  private flushing: Promise<FlushResult> | undefined;
  /** Enqueues and decisions one at a time (sealing is async, so no IndexedDB transaction can span it). */
  private serial: Promise<unknown> = Promise.resolve();
  private counter = 0;

  constructor(
    private readonly db: AlongsideDb,
    private readonly key: { aesKey: CryptoKey },
    opts: TaskOutboxOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.base = opts.baseBackoffMs ?? BACKOFF.outbox.baseMs;
    this.max = opts.maxBackoffMs ?? BACKOFF.outbox.maxMs;
    this.newId = opts.newId ?? (() => crypto.randomUUID());
    this.random = opts.random ?? Math.random;
  }

  /** Queues an action on an existing task, made against `baseVersion`. Returns the write id. */
  async enqueueAction(w: { serverBase: string; patientId: string; taskId: string; baseVersion: string; action: TaskAction; actor: Actor; author: string }): Promise<string> {
    return this.enqueue({ serverBase: w.serverBase, patientId: w.patientId, taskId: w.taskId, change: { kind: 'update', action: w.action }, actor: w.actor, author: w.author, baseVersion: w.baseVersion });
  }

  /** Queues a new task about a patient. Returns the write id. */
  async enqueueCreate(w: { serverBase: string; patientId: string; task: NewTask; actor: Actor; author: string }): Promise<string> {
    return this.enqueue({ serverBase: w.serverBase, patientId: w.patientId, change: { kind: 'create', task: w.task }, actor: w.actor, author: w.author });
  }

  private one<T>(work: () => Promise<T>): Promise<T> {
    const next = this.serial.then(work, work);
    this.serial = next.catch(() => {});
    return next;
  }

  private enqueue(body: TaskWriteBody): Promise<string> {
    return this.one(async () => {
      const writeId = this.newId();
      const at = this.now();
      const all = await this.list();
      // An earlier write to the same task is still here: this one follows it, on whatever version it makes.
      const before = body.taskId ? all.filter((w) => w.taskId === body.taskId && w.serverBase === body.serverBase).at(-1) : undefined;
      // Made in time order, across service-worker lives; the counter separates writes in one millisecond.
      const seq = Math.max(at * 1000 + (this.counter++ % 1000), (all.at(-1)?.seq ?? 0) + 1);
      const sealedBody: TaskWriteBody = before ? { ...body, baseVersion: undefined, after: before.writeId } : body;
      await this.db.taskOutbox.put({ writeId, seq, state: 'waiting', attempts: 0, nextAttemptAt: at, madeAt: at, sealed: await seal(this.key, sealedBody) });
      return writeId;
    });
  }

  /** Every write in the outbox, oldest first. */
  async list(): Promise<TaskWrite[]> {
    const rows = await this.db.taskOutbox.orderBy('seq').toArray();
    const out: TaskWrite[] = [];
    for (const row of rows) {
      const body = await unseal<TaskWriteBody>(this.key, row.sealed);
      // Unreadable only if the profile's key was replaced; never expected, so it is kept, not dropped.
      const { sealed: _sealed, ...clear } = row;
      // A write sealed before writes named their author has none: it is held, never sent as someone else's.
      out.push(body ? { ...clear, ...body, author: body.author ?? '' } : { ...clear, serverBase: '', patientId: '', change: { kind: 'update', action: { kind: 'note', text: '' } }, actor: { display: '' }, author: '', lastError: 'This write cannot be read.' });
    }
    return out;
  }

  /** How many writes wait, and how many need the clinician. */
  async counts(): Promise<{ waiting: number; needsDecision: number }> {
    const rows = await this.db.taskOutbox.toArray();
    return { waiting: rows.filter((r) => r.state === 'waiting').length, needsDecision: rows.filter((r) => r.state !== 'waiting').length };
  }

  /**
   * Sends what is due, oldest first, writes to one task strictly in order. One flush at a time. Only
   * writes made by `author` for `client`'s server are sent; the others are held.
   *
   * @param author - who is signed in now (see `TaskWriteBody.author`)
   * @param hooks.onSent - told of each write the server has, with the server's version of the task
   * @param hooks.onConflict - told of each write that met someone else's change
   */
  flush(client: FhirClient, author: string, hooks: FlushHooks = {}): Promise<FlushResult> {
    this.flushing ??= this.sendDue(client, author, hooks).finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** The clinician's decision on a write in conflict or refused. */
  decide(writeId: string, decision: WriteDecision): Promise<void> {
    return this.one(async () => {
      const write = (await this.list()).find((w) => w.writeId === writeId);
      if (!write) return;
      if (decision === 'keep-theirs' || decision === 'discard') {
        await this.db.taskOutbox.delete(writeId);
        // What followed it now applies to the task as the server has it.
        await this.updateFollowers(write.writeId, (f) => ({ ...f, after: undefined, baseVersion: undefined }));
        return;
      }
      if (write.state === 'waiting' || write.state === 'held') return;
      const body: TaskWriteBody = { ...bodyOf(write), lastError: undefined, theirsVersion: undefined };
      // Apply mine on top of theirs: the write is now made against the version the clinician has seen.
      if (decision === 'apply-mine' && write.state === 'conflict') body.baseVersion = write.theirsVersion;
      await this.save(write, { state: 'waiting', attempts: 0, nextAttemptAt: this.now() }, body);
    });
  }

  private async sendDue(client: FhirClient, author: string, hooks: FlushHooks): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, held: 0, conflicts: 0, refused: 0, waiting: 0 };
    await this.holdOthers(client.baseUrl, author);
    let offline = false;
    // A sent write frees the next one to its task, so go round again until a pass sends nothing.
    for (let pass = 0; pass < 50 && !offline; pass++) {
      const sentBefore = result.sent;
      const blocked = new Set<string>();
      const writes = await this.list();
      const here = new Set(writes.map((w) => w.writeId));
      for (const write of writes) {
        // The write it followed has gone (sent, or set aside by the clinician) without passing on its
        // version, e.g. the worker stopped in between: it applies to the task as the server has it.
        if (write.after && !here.has(write.after)) Object.assign(write, { after: undefined, baseVersion: undefined });
        const taskKey = write.taskId ? `${write.serverBase}|${write.taskId}` : write.writeId;
        const due = write.state === 'waiting' && write.nextAttemptAt <= this.now() && !write.after && !blocked.has(taskKey) && !offline;
        blocked.add(taskKey);
        if (!due) continue;
        const outcome = await this.send(client, write);
        if (outcome.kind === 'sent') {
          result.sent++;
          await this.db.taskOutbox.delete(write.writeId);
          await this.updateFollowers(write.writeId, (f) => ({ ...f, after: undefined, baseVersion: outcome.task.meta?.versionId }));
          await hooks.onSent?.({ ...write, taskId: outcome.task.id }, outcome.task);
        } else if (outcome.kind === 'conflict') {
          result.conflicts++;
          await this.save(write, { state: 'conflict' }, { ...bodyOf(write), theirsVersion: outcome.theirsVersion, lastError: 'Someone else changed this task first.' });
          await hooks.onConflict?.(write);
        } else if (outcome.kind === 'refused') {
          result.refused++;
          await this.save(write, { state: 'refused' }, { ...bodyOf(write), lastError: outcome.reason });
        } else {
          const attempts = write.attempts + 1;
          const wait = retryDelayMs(attempts, { baseMs: this.base, maxMs: this.max }, outcome.retryAfterMs, this.random);
          await this.save(write, { attempts, nextAttemptAt: this.now() + wait }, { ...bodyOf(write), lastError: outcome.reason });
          // Unreachable: the rest would fail the same way; they go on the next flush.
          if (outcome.offline) offline = true;
        }
      }
      if (result.sent === sentBefore) break;
    }
    result.waiting = await this.db.taskOutbox.where('state').equals('waiting').count();
    result.held = await this.db.taskOutbox.where('state').equals('held').count();
    return result;
  }

  /**
   * Holds every waiting write that is not `author`'s for `serverBase`, and lets theirs go again. A write
   * is another clinician's words: it is never sent under someone else's sign-in, or to another server.
   */
  private holdOthers(serverBase: string, author: string): Promise<void> {
    return this.one(async () => {
      for (const write of await this.list()) {
        const mine = write.author === author && write.serverBase === serverBase;
        if ((write.state === 'waiting' || write.state === 'held') && !mine) {
          const why = write.serverBase !== serverBase
            ? `Made for another shared record server (${write.serverBase}); it is not sent to this one.`
            : `Made by ${write.actor.display || 'another clinician'} under their own sign-in; it is sent when they sign in here again, or can be discarded.`;
          if (write.state !== 'held' || write.lastError !== why) await this.save(write, { state: 'held' }, { ...bodyOf(write), lastError: why });
        } else if (write.state === 'held' && mine) {
          await this.save(write, { state: 'waiting', nextAttemptAt: this.now() }, { ...bodyOf(write), lastError: undefined });
        }
      }
    });
  }

  private async send(client: FhirClient, write: TaskWrite): Promise<SendOutcome> {
    try {
      return write.change.kind === 'create' ? await this.sendCreate(client, write, write.change.task) : await this.sendUpdate(client, write, write.change.action);
    } catch (err) {
      if (err instanceof FhirError && err.kind === 'http' && err.status !== undefined && !RETRYABLE_STATUS.has(err.status)) {
        return { kind: 'refused', reason: err.message };
      }
      const offline = err instanceof FhirError && err.isOffline;
      return { kind: 'later', offline, retryAfterMs: retryAfterOf(err), reason: err instanceof Error ? err.message : String(err) };
    }
  }

  private async sendCreate(client: FhirClient, write: TaskWrite, spec: NewTask): Promise<SendOutcome> {
    const task = buildNewTask(write.patientId, spec, write.actor, write.writeId, new Date(write.madeAt));
    // Conditional create: if an earlier attempt landed and its answer was lost, the server returns it.
    const res = await client.request<Task>('POST', 'Task', task, { 'If-None-Exist': `identifier=${encodeURIComponent(`${WRITE_ID_SYSTEM}|${write.writeId}`)}` });
    return { kind: 'sent', task: res.body };
  }

  private async sendUpdate(client: FhirClient, write: TaskWrite, action: TaskAction): Promise<SendOutcome> {
    const taskId = write.taskId!;
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = await client.read('Task', taskId);
      const version = current.meta?.versionId;
      if (madeByWrite(current, write.writeId)) return { kind: 'sent', task: current };
      const base = write.baseVersion ?? version;
      if (version !== base) {
        if (await this.landedEarlier(client, taskId, write.writeId)) return { kind: 'sent', task: current };
        return { kind: 'conflict', theirsVersion: version };
      }
      const next = applyTaskAction(current, action, write.actor, write.writeId, new Date(write.madeAt));
      try {
        const res = await client.request<Task>('PUT', `Task/${encodeURIComponent(taskId)}`, { ...next, id: taskId }, { 'If-Match': `W/"${base}"` });
        return { kind: 'sent', task: res.body };
      } catch (err) {
        // Changed between our read and our write: look again (it may even be ours, from a lost answer).
        if (!(err instanceof FhirError && err.status === 412)) throw err;
      }
    }
    const current = await client.read('Task', taskId);
    return madeByWrite(current, write.writeId) ? { kind: 'sent', task: current } : { kind: 'conflict', theirsVersion: current.meta?.versionId };
  }

  /** True when some version in the task's history was made by this write (then changed by someone). */
  private async landedEarlier(client: FhirClient, taskId: string, writeId: string): Promise<boolean> {
    try {
      const history = await client.request<{ entry?: { resource?: Task }[] }>('GET', `Task/${encodeURIComponent(taskId)}/_history?_count=100`);
      return (history.body.entry ?? []).some((e) => e.resource && madeByWrite(e.resource, writeId));
    } catch (err) {
      // A server without history cannot tell us: the clinician decides, which is safe.
      if (err instanceof FhirError && err.kind === 'http' && (err.status === 404 || err.status === 405 || err.status === 501)) return false;
      throw err;
    }
  }

  private async updateFollowers(writeId: string, change: (body: TaskWriteBody) => TaskWriteBody): Promise<void> {
    for (const f of (await this.list()).filter((w) => w.after === writeId)) await this.save(f, {}, change(bodyOf(f)));
  }

  private async save(write: TaskWrite, clear: Partial<Omit<TaskWriteRow, 'writeId' | 'sealed'>>, body: TaskWriteBody): Promise<void> {
    const { writeId, seq, state, attempts, nextAttemptAt, madeAt } = write;
    await this.db.taskOutbox.put({ writeId, seq, state, attempts, nextAttemptAt, madeAt, ...clear, sealed: await seal(this.key, body) });
  }
}

type SendOutcome =
  | { kind: 'sent'; task: Task }
  | { kind: 'conflict'; theirsVersion?: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'later'; offline: boolean; retryAfterMs?: number; reason: string };

function bodyOf(w: TaskWrite): TaskWriteBody {
  const { serverBase, patientId, taskId, change, actor, author, baseVersion, after, lastError, theirsVersion } = w;
  return { serverBase, patientId, taskId, change, actor, author, baseVersion, after, lastError, theirsVersion };
}
