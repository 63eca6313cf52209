/**
 * The background's task service: takes the clinician's task actions from the panel, checks them
 * against the context they were made in, queues them in the outbox and sends them, and keeps the
 * cached record in step with what the server accepted.
 *
 * A write is always for the patient of the context the panel showed: the patient comes from the
 * tab's context, never from the panel's message, and the task must be that patient's.
 */
import type { Resource, Task } from '@medplum/fhirtypes';
import { patientKey } from '@/utils/record/types';
import type { RecordStore } from '@/utils/storage/record-store';
import { mergeChanges, ofThisSession, prepareRecord, syncPatientRecord } from '@/utils/record/sync';
import { loadVocabulary } from '@/utils/vocabulary';
import { allTabContexts, type TabContext } from '@/utils/context/tab-contexts';
import type { FhirClient } from '@/utils/fhir/client';
import { actionProblem, newTaskProblem, type Actor, type NewTask, type OwnerReference, type TaskAction, type TaskWriteAnswer } from './task-actions';
import { letterActionTask } from './letter-tasks';
import type { FlushResult, TaskOutbox, TaskWrite, WriteDecision } from './task-outbox';
import { isSameLetterTask } from './letter-tasks';

export interface TaskServiceDeps {
  getOutbox(): Promise<TaskOutbox>;
  getStore(): Promise<RecordStore>;
  getClient(): Promise<FhirClient>;
  getActor(): Promise<Actor>;
  /**
   * Who is acting, as the key task writes are bound to (see TaskWriteBody.author); undefined when
   * Alongside does not know who the clinician is, and then it takes no task writes.
   */
  getAuthor(): Promise<string | undefined>;
  /** Told when the outbox may have changed what the badge or panel should show. */
  onChanged?(): void;
  now?: () => number;
}

const UNKNOWN_AUTHOR = 'Alongside does not know who you are, so it cannot write to tasks in your name. Sign in, or ask your organisation to set this up.';

/** The outbox could not be written (IndexedDB failed): the change was not queued, and the clinician is told. */
export const NOT_KEPT = 'This computer could not keep your change, so it was not sent: nothing was changed. Try again in a moment.';

/** The write's id once it is in the outbox, or undefined if the outbox could not keep it. */
async function keptOrNot(enqueue: () => Promise<string>): Promise<string | undefined> {
  try {
    return await enqueue();
  } catch {
    return undefined;
  }
}

/**
 * Makes the task service: it queues the clinician's task changes and new tasks in the outbox, and sends them.
 *
 * @param deps - the outbox, the cache, the FHIR client, who is acting; `now` for tests
 */
export function createTaskService(deps: TaskServiceDeps) {
  const now = deps.now ?? Date.now;

  /** The context's patient, if the context is current and its patient was found. */
  async function patientOf(contextId: string): Promise<{ ctx: TabContext; patientId: string } | undefined> {
    const ctx = (await allTabContexts()).find((c) => c.contextId === contextId);
    if (!ctx || ctx.resolution.status !== 'found' || ctx.detection.kind !== 'patient') return undefined;
    return { ctx, patientId: ctx.resolution.patientId };
  }

  async function cachedTask(serverBase: string, patientId: string, taskId: string): Promise<Task | undefined> {
    const record = await (await deps.getStore()).get(patientKey(serverBase, patientId));
    return record?.resources.find((r): r is Task => r.resourceType === 'Task' && r.id === taskId && r.for?.reference === `Patient/${patientId}`);
  }

  async function act(req: { contextId: string; taskId: string; baseVersion: string; action: TaskAction }): Promise<TaskWriteAnswer> {
    const found = await patientOf(req.contextId);
    if (!found) return { problem: 'The patient this was for is no longer in view; nothing was changed.' };
    const client = await deps.getClient();
    const task = await cachedTask(client.baseUrl, found.patientId, req.taskId);
    if (!task) return { problem: 'That task is not one of this patient’s tasks; nothing was changed.' };
    const problem = actionProblem(req.action, task.status);
    if (problem) return { problem };
    const author = await deps.getAuthor();
    if (!author) return { problem: UNKNOWN_AUTHOR };
    const actor = await deps.getActor();
    const writeId = await keptOrNot(async () => (await deps.getOutbox()).enqueueAction({ serverBase: client.baseUrl, patientId: found.patientId, taskId: req.taskId, baseVersion: req.baseVersion, action: req.action, actor, author }));
    if (!writeId) return { problem: NOT_KEPT };
    deps.onChanged?.();
    void flush();
    return { writeId };
  }

  async function create(req: { contextId: string; task: NewTask }): Promise<TaskWriteAnswer> {
    const found = await patientOf(req.contextId);
    if (!found) return { problem: 'The patient this was for is no longer in view; no task was made.' };
    const problem = newTaskProblem(req.task, new Date(now()).toISOString().slice(0, 10));
    if (problem) return { problem };
    const author = await deps.getAuthor();
    if (!author) return { problem: UNKNOWN_AUTHOR };
    const client = await deps.getClient();
    const actor = await deps.getActor();
    const writeId = await keptOrNot(async () => (await deps.getOutbox()).enqueueCreate({ serverBase: client.baseUrl, patientId: found.patientId, task: req.task, actor, author }));
    if (!writeId) return { problem: NOT_KEPT };
    deps.onChanged?.();
    void flush();
    return { writeId };
  }

  /**
   * Makes an action of one of the patient's letters a task: the letter and the action are taken from the
   * cached record of the context's patient (never from the message), the description is the action's
   * words, `focus` the letter, `requester` its author organisation; `owner` is the clinician's choice.
   */
  async function createFromLetter(req: { contextId: string; letterId: string; actionIndex: number; owner: OwnerReference }): Promise<TaskWriteAnswer> {
    const found = await patientOf(req.contextId);
    if (!found) return { problem: 'The patient this was for is no longer in view; no task was made.' };
    const client = await deps.getClient();
    const record = await (await deps.getStore()).get(patientKey(client.baseUrl, found.patientId));
    const letter = record?.letters?.find((l) => l.id === req.letterId);
    const made = letter && letterActionTask(letter, req.actionIndex, req.owner);
    if (!record || !made) return { problem: 'That action is not in one of this patient’s letters; no task was made.' };
    if ('problem' in made) return made;
    const outbox = await deps.getOutbox();
    if (hasTaskFor(record.resources, await outbox.list(), client.baseUrl, found.patientId, made)) return { problem: 'That action is already a task.' };
    return create({ contextId: req.contextId, task: made });
  }

  async function decide(writeId: string, decision: WriteDecision): Promise<void> {
    await (await deps.getOutbox()).decide(writeId, decision);
    deps.onChanged?.();
    void flush();
  }

  /** Sends what is due. What the server accepted goes into the cached record at once. */
  async function flush(): Promise<FlushResult | undefined> {
    try {
      const [outbox, client, cache, author] = await Promise.all([deps.getOutbox(), deps.getClient(), deps.getStore(), deps.getAuthor()]);
      // A wipe while writes go out: what they bring back is not written into the cleared cache.
      const store = ofThisSession(cache);
      // No one identified: everything waits (held) rather than going out in nobody's name.
      const result = await outbox.flush(client, author ?? '', {
        onSent: async (write: TaskWrite, task: Task) => {
          if (write.serverBase !== client.baseUrl) return;
          const key = patientKey(write.serverBase, write.patientId);
          const record = await store.get(key);
          // Normalised again with the code lists (loaded once per worker).
          if (!record) return;
          await loadVocabulary();
          await store.put(prepareRecord({ ...record, resources: mergeChanges(record.resources, [task]) }, new Date()));
        },
        // Someone else's version is what the clinician must compare with: fetch it into the cache.
        onConflict: async (write: TaskWrite) => {
          if (write.serverBase === client.baseUrl) await syncPatientRecord(store, client, write.patientId, { staleAfterMs: 0, force: true });
        },
      });
      if (result.sent || result.conflicts || result.refused || result.held) deps.onChanged?.();
      return result;
    } catch {
      // The outbox keeps everything; the next alarm tries again.
      return undefined;
    }
  }

  return { act, create, createFromLetter, decide, flush };
}

/** Whether a task for this letter's action is already on the record, or waiting in the outbox. */
function hasTaskFor(resources: readonly Resource[], writes: readonly TaskWrite[], serverBase: string, patientId: string, task: NewTask): boolean {
  const focus = task.focus?.reference ?? '';
  return (
    resources.some((r) => r.resourceType === 'Task' && isSameLetterTask(r, focus, task.description)) ||
    writes.some((w) => w.serverBase === serverBase && w.patientId === patientId && w.change.kind === 'create' && isSameLetterTask(w.change.task, focus, task.description))
  );
}
