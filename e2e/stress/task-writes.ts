/**
 * The task-write stress test: random sequences of clinician task actions through the real outbox
 * (utils/tasks/task-outbox.ts) against the sandbox FHIR server, while the server goes down and up,
 * answers 5xx, carries out writes and loses the answer, other clinicians change the same tasks (412),
 * and the "service worker" is stopped mid-flight (its requests may still land; their answers never
 * reach it) and a new one starts on the same IndexedDB.
 *
 * After each sequence the server is healthy again and the outbox is flushed; then every write the
 * clinician ever made must be on the server, or in the outbox needing their decision (conflict,
 * refused, or waiting behind one of those), or removed by their own decision. Anything else is lost.
 */
import 'fake-indexeddb/auto';
import type { Task } from '@medplum/fhirtypes';
import { buildSandboxData } from '../../sandbox/seed';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { SeededRandom } from '../../sandbox/seed/random';
import { AlongsideDb } from '../../utils/storage/db';
import { FhirClient } from '../../utils/fhir/client';
import { allowedActions, madeByWrite, WRITE_ID_SYSTEM, type TaskAction } from '../../utils/tasks/task-actions';
import { outboxKey, TaskOutbox, type TaskWrite } from '../../utils/tasks/task-outbox';

export interface TaskStressResult {
  sequences: number;
  writes: number;
  landed: number;
  /** Removed by the clinician's own decision (keep theirs, discard). */
  decided: number;
  /** In the outbox at the end, shown to the clinician as needing a decision. */
  needsDecision: number;
  lost: number;
  duplicates: number;
  events: Record<string, number>;
  examples: string[];
}

const actor = { reference: 'Practitioner/pr-rachel-evans', display: 'Ms Rachel Evans' };
/** Who made the writes (see TaskWriteBody.author): the same clinician flushes them. */
const author = 'https://login.test|rachel';
const never = <T>() => new Promise<T>(() => {});

export async function runTaskWriteStress(opts: { sequences: number; seed: number }): Promise<TaskStressResult> {
  const random = new SeededRandom(opts.seed);
  const data = buildSandboxData({ syntheaDir: null });
  const fhir: FhirSandbox = await startFhirSandbox({ port: 0, resources: data.resources });
  const patients = data.roster.map((p) => p.fhirId);
  const taskIds: string[] = [];
  for (let i = 0; i < 12; i++) {
    const t = await fhir.repo.createResource<Task>({ resourceType: 'Task', status: 'requested', intent: 'order', description: `Stress task ${i}`, for: { reference: `Patient/${patients[i % patients.length]}` }, owner: { reference: 'Organization/org-northshire-community' }, requester: { reference: 'Practitioner/pr-helen-carter' } });
    taskIds.push(t.id!);
  }

  let clock = Date.now();
  const now = () => clock;
  const db = new AlongsideDb(`task-stress-${opts.seed}-${Date.now()}`);
  const key = await outboxKey(db);
  // One "service worker life": its outbox object and a fetch whose answers stop reaching it when it is stopped.
  let life = 0;
  const startWorker = () => {
    const mine = ++life;
    const fetchOfThisLife: typeof fetch = (input, init) =>
      fetch(input, init).then(
        (r) => (mine === life ? r : never<Response>()),
        (e: unknown) => (mine === life ? Promise.reject(e) : never<Response>()),
      );
    return { outbox: new TaskOutbox(db, key, { now, baseBackoffMs: 2_000 }), client: new FhirClient({ baseUrl: fhir.baseUrl, fetch: fetchOfThisLife, timeoutMs: 5_000 }) };
  };
  let worker = startWorker();

  const made = new Map<string, { kind: 'update' | 'create'; taskId?: string; decided?: boolean; landed?: boolean }>();
  const events: Record<string, number> = {};
  const count = (e: string) => (events[e] = (events[e] ?? 0) + 1);
  const examples: string[] = [];
  let lost = 0;

  const current = (id: string) => fhir.repo.readResource<Task>('Task', id);
  const otherClinicianEdits = async (id: string) => {
    const t = await current(id);
    const done = !allowedActions(t.status).length;
    // Someone else works the task (or sends a finished one round again, so the test can go on).
    await fhir.repo.updateResource<Task>({ ...t, status: done ? 'requested' : random.pick(['accepted', 'in-progress', 'on-hold'] as const), note: [...(t.note ?? []), { text: `Other clinician ${count('other-edit')}` }] });
  };
  const randomAction = (t: Task): TaskAction | undefined => {
    const kinds = allowedActions(t.status);
    if (!kinds.length) return undefined;
    const kind = random.pick(kinds);
    switch (kind) {
      case 'hold':
      case 'decline':
      case 'hand-back':
        return { kind, reason: `reason ${random.int(1, 999)}` };
      case 'complete':
        return { kind, outcome: `outcome ${random.int(1, 999)}` };
      case 'note':
        return { kind, text: `note ${random.int(1, 999)}` };
      case 'reassign':
        return { kind, owner: { reference: 'Organization/org-riverside-surgery', display: 'Riverside Surgery' } };
      case 'accept':
      case 'start':
        return { kind };
    }
  };

  try {
    for (let seq = 0; seq < opts.sequences; seq++) {
      const steps = random.int(2, 8);
      for (let step = 0; step < steps; step++) {
        const r = random.next();
        if (r < 0.35) {
          // The clinician acts on a task as the panel showed it: usually current, sometimes a stale copy.
          const id = random.pick(taskIds);
          let seen = await current(id);
          if (random.next() < 0.25) {
            const history = (await fhir.repo.readHistory('Task', id)).entry ?? [];
            seen = (random.pick(history).resource as Task | undefined) ?? seen;
            count('acted-on-stale-copy');
          }
          const action = randomAction(seen);
          if (!action) {
            await otherClinicianEdits(id);
            continue;
          }
          const writeId = await worker.outbox.enqueueAction({ serverBase: fhir.baseUrl, patientId: seen.for!.reference!.slice(8), taskId: id, baseVersion: seen.meta!.versionId!, action, actor, author });
          made.set(writeId, { kind: 'update', taskId: id });
          count(`action-${action.kind}`);
        } else if (r < 0.4) {
          const writeId = await worker.outbox.enqueueCreate({ serverBase: fhir.baseUrl, patientId: random.pick(patients), actor, author, task: { description: `New task ${seq}`, owner: { reference: 'Organization/org-riverside-surgery' }, priority: 'routine' } });
          made.set(writeId, { kind: 'create' });
          count('create');
        } else if (r < 0.5) {
          const down = random.next() < 0.5;
          fhir.setFaults({ down });
          count(down ? 'server-down' : 'server-up');
        } else if (r < 0.56) {
          fhir.setFaults({ errorRate: 0.4 });
          count('server-5xx');
        } else if (r < 0.62) {
          if (random.next() < 0.7) {
            fhir.setFaults({ dropAnswerRate: 0.4 });
            count('answers-lost');
          } else {
            fhir.setFaults({ refuseWriteRate: 0.3 });
            count('server-refuses-writes');
          }
        } else if (r < 0.72) {
          await otherClinicianEdits(random.pick(taskIds));
        } else if (r < 0.8) {
          // Stopped while (maybe) flushing: whatever it had in flight may land, but it never hears back.
          if (random.next() < 0.5) void worker.outbox.flush(worker.client, author).catch(() => {});
          await new Promise((res) => setTimeout(res, random.int(0, 3)));
          worker = startWorker();
          count('service-worker-stopped');
        } else {
          clock += random.int(0, 20_000);
          if (random.next() < 0.3) void worker.outbox.flush(worker.client, author).catch(() => {});
          else await worker.outbox.flush(worker.client, author);
          count('flush');
        }
      }

      // The clinician deals with some of what needs a decision.
      for (const w of await worker.outbox.list()) {
        if (w.state === 'waiting' || random.next() < 0.4) continue;
        const decision = w.state === 'conflict' ? random.pick(['apply-mine', 'apply-mine', 'keep-theirs'] as const) : random.pick(['retry', 'discard'] as const);
        if (decision === 'keep-theirs' || decision === 'discard') made.get(w.writeId)!.decided = true;
        await worker.outbox.decide(w.writeId, decision);
        count(`decision-${decision}`);
      }

      // Settle: the server is healthy; a fresh worker flushes until nothing due is left.
      fhir.setFaults({});
      worker = startWorker();
      for (let i = 0; i < 30; i++) {
        clock += 10 * 60_000;
        const r = await worker.outbox.flush(worker.client, author);
        if (r.sent === 0) break;
      }
      const check = await checkNothingLost(fhir, made, await worker.outbox.list());
      lost = check.lost.length + check.duplicates;
      for (const e of check.lost.slice(0, 5 - examples.length)) examples.push(`sequence ${seq}: ${e}`);
      if (lost > 0) break;
    }
    const final = await checkNothingLost(fhir, made, await worker.outbox.list());
    return {
      sequences: opts.sequences,
      writes: made.size,
      landed: final.landed,
      decided: [...made.values()].filter((m) => m.decided).length,
      needsDecision: final.needsDecision,
      lost: final.lost.length,
      duplicates: final.duplicates,
      events,
      examples,
    };
  } finally {
    await fhir.close();
  }
}

async function checkNothingLost(fhir: FhirSandbox, made: Map<string, { kind: 'update' | 'create'; taskId?: string; decided?: boolean; landed?: boolean }>, outbox: TaskWrite[]) {
  const inOutbox = new Map(outbox.map((w) => [w.writeId, w]));
  const byId = new Map<string, Task[]>();
  const versionsOf = async (id: string) => {
    if (!byId.has(id)) byId.set(id, ((await fhir.repo.readHistory('Task', id)).entry ?? []).map((e) => e.resource as Task));
    return byId.get(id)!;
  };
  const lost: string[] = [];
  let landed = 0;
  let needsDecision = 0;
  let duplicates = 0;
  for (const [writeId, m] of made) {
    // On the server once, on the server for good (history is not rewritten): checked once.
    if (m.landed) {
      landed++;
      continue;
    }
    const waiting = inOutbox.get(writeId);
    if (m.kind === 'create') {
      const found = await fhir.repo.searchResources<Task>({ resourceType: 'Task', filters: [{ code: 'identifier', operator: 'eq' as never, value: `${WRITE_ID_SYSTEM}|${writeId}` }] });
      if (found.length > 1) duplicates += found.length - 1;
      m.landed = found.length > 0;
      if (m.landed) landed++;
      else if (waiting && waiting.state !== 'waiting') needsDecision++;
      else if (!m.decided) lost.push(`create ${writeId} is neither on the server nor awaiting a decision (${waiting?.state ?? 'gone'})`);
      continue;
    }
    m.landed = (await versionsOf(m.taskId!)).some((v) => madeByWrite(v, writeId));
    if (m.landed) landed++;
    else if (waiting && (waiting.state !== 'waiting' || behindDecision(waiting, inOutbox))) needsDecision++;
    else if (!m.decided) lost.push(`update ${writeId} to Task/${m.taskId} is neither on the server nor awaiting a decision (${waiting ? `${waiting.state}: ${waiting.lastError}` : 'gone'})`);
  }
  return { lost, landed, needsDecision, duplicates };
}

/** A waiting write that follows one needing the clinician's decision is shown as waiting on it. */
function behindDecision(w: TaskWrite, all: Map<string, TaskWrite>): boolean {
  for (let before = w.after ? all.get(w.after) : undefined; before; before = before.after ? all.get(before.after) : undefined) {
    if (before.state !== 'waiting') return true;
  }
  return false;
}
