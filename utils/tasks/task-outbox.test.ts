import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bundle, Task } from '@medplum/fhirtypes';
import { buildSandboxData } from '../../sandbox/seed';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { AlongsideDb } from '@/utils/storage/db';
import { FhirClient } from '@/utils/fhir/client';
import { madeByWrite, WRITE_ID_SYSTEM } from './task-actions';
import { outboxKey, TaskOutbox } from './task-outbox';

const data = buildSandboxData({ syntheaDir: null });
const patientId = 'uk-margaret-thompson';
const actor = { reference: 'Practitioner/pr-rachel-evans', display: 'Ms Rachel Evans' };
/** Who made the writes (see TaskWriteBody.author): the same clinician flushes them. */
const author = 'https://login.test|rachel';
let fhir: FhirSandbox;
let client: FhirClient;
let db: AlongsideDb;
let clock = 1_800_000_000_000;
const now = () => clock;
let dbCount = 0;

beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: data.resources });
  client = new FhirClient({ baseUrl: fhir.baseUrl, timeoutMs: 3000 });
});
afterAll(() => fhir.close());
beforeEach(() => {
  fhir.setFaults({});
  db = new AlongsideDb(`outbox-${++dbCount}`);
});

async function task(id: string): Promise<Task> {
  return fhir.repo.readResource('Task', id);
}
/** A requested task of the patient, fresh for each test (its own id). */
async function newRequestedTask(): Promise<Task> {
  return fhir.repo.createResource<Task>({ resourceType: 'Task', status: 'requested', intent: 'order', description: 'Check wound', for: { reference: `Patient/${patientId}` }, owner: { reference: 'Organization/org-northshire-community' }, requester: { reference: 'Practitioner/pr-helen-carter' } });
}
async function outbox(random?: () => number): Promise<TaskOutbox> {
  return new TaskOutbox(db, await outboxKey(db), { now, baseBackoffMs: 1000, random });
}
const base = (t: Task) => ({ serverBase: fhir.baseUrl, patientId, taskId: t.id!, baseVersion: t.meta!.versionId!, actor, author });

describe('the task outbox', () => {
  it('keeps a write made offline and sends it, against the version it was made on, when the server is back', async () => {
    const t = await newRequestedTask();
    const box = await outbox();
    fhir.setFaults({ down: true });
    await box.enqueueAction({ ...base(t), action: { kind: 'accept' } });
    expect(await box.flush(client, author)).toMatchObject({ sent: 0, waiting: 1 });
    const [waiting] = await box.list();
    expect(waiting).toMatchObject({ state: 'waiting', attempts: 1 });
    expect(waiting!.lastError).toMatch(/could not be reached/);

    fhir.setFaults({});
    expect(await box.flush(client, author)).toMatchObject({ sent: 0, waiting: 1 }); // still backing off
    clock += 1000;
    fhir.resetRequestLog();
    expect(await box.flush(client, author)).toMatchObject({ sent: 1, waiting: 0 });
    expect((await task(t.id!)).status).toBe('accepted');
    expect(fhir.requestLog.filter((r) => r.method === 'PUT')).toHaveLength(1);
    expect(await box.list()).toEqual([]);
  });

  it('survives the service worker stopping: a new outbox on the same database sends what the old one queued', async () => {
    const t = await newRequestedTask();
    fhir.setFaults({ down: true });
    await (await outbox()).enqueueAction({ ...base(t), action: { kind: 'note', text: 'Phoned daughter' } });
    fhir.setFaults({});
    const again = await outbox();
    expect(await again.flush(client, author)).toMatchObject({ sent: 1 });
    expect((await task(t.id!)).note?.at(-1)?.text).toBe('Phoned daughter');
  });

  it('sends two writes to one task in order, the second on the version the first made', async () => {
    const t = await newRequestedTask();
    const box = await outbox();
    fhir.setFaults({ down: true });
    await box.enqueueAction({ ...base(t), action: { kind: 'accept' } });
    await box.enqueueAction({ ...base(t), action: { kind: 'start' } });
    fhir.setFaults({});
    clock += 10_000;
    expect(await box.flush(client, author)).toMatchObject({ sent: 2, conflicts: 0 });
    expect((await task(t.id!)).status).toBe('in-progress');
  });

  it('on 412 shows the write as a conflict, overwrites nothing, and applies it on top of theirs only when asked', async () => {
    const t = await newRequestedTask();
    const box = await outbox();
    await box.enqueueAction({ ...base(t), action: { kind: 'note', text: 'Mine' } });
    // Someone else changes the task first.
    await fhir.repo.updateResource<Task>({ ...(await task(t.id!)), status: 'accepted', note: [{ text: 'Theirs' }] });
    expect(await box.flush(client, author)).toMatchObject({ sent: 0, conflicts: 1 });
    const [conflict] = await box.list();
    expect(conflict).toMatchObject({ state: 'conflict', theirsVersion: (await task(t.id!)).meta?.versionId });
    expect((await task(t.id!)).note?.map((n) => n.text)).toEqual(['Theirs']);

    await box.decide(conflict!.writeId, 'apply-mine');
    expect(await box.flush(client, author)).toMatchObject({ sent: 1 });
    expect((await task(t.id!)).note?.map((n) => n.text)).toEqual(['Theirs', 'Mine']);
    expect((await task(t.id!)).status).toBe('accepted');
  });

  it('keeping theirs removes the write on the clinician’s word, and what followed it applies to their version', async () => {
    const t = await newRequestedTask();
    const box = await outbox();
    fhir.setFaults({ down: true });
    await box.enqueueAction({ ...base(t), action: { kind: 'hold', reason: 'Waiting for bloods' } });
    await box.enqueueAction({ ...base(t), action: { kind: 'note', text: 'Rang lab' } });
    fhir.setFaults({});
    await fhir.repo.updateResource<Task>({ ...(await task(t.id!)), status: 'accepted' });
    clock += 10_000;
    expect(await box.flush(client, author)).toMatchObject({ conflicts: 1, sent: 0 });
    await box.decide((await box.list())[0]!.writeId, 'keep-theirs');
    expect(await box.flush(client, author)).toMatchObject({ sent: 1 });
    const now = await task(t.id!);
    expect(now.status).toBe('accepted');
    expect(now.note?.map((n) => n.text)).toEqual(['Rang lab']);
  });

  it('keeps a write the server refuses, with the server’s reason', async () => {
    const box = await outbox();
    await box.enqueueAction({ serverBase: fhir.baseUrl, patientId, taskId: 'no-such-task', baseVersion: '1', actor, author, action: { kind: 'accept' } });
    expect(await box.flush(client, author)).toMatchObject({ refused: 1 });
    const [refused] = await box.list();
    expect(refused).toMatchObject({ state: 'refused' });
    expect(refused!.lastError).toMatch(/404/);
    await box.decide(refused!.writeId, 'discard');
    expect(await box.list()).toEqual([]);
  });

  it('a lost answer is not a lost or doubled write: the retry finds its own update, and a create is made once', async () => {
    const t = await newRequestedTask();
    const box = await outbox();
    fhir.setFaults({ dropAnswerRate: 1 });
    const updateId = await box.enqueueAction({ ...base(t), action: { kind: 'accept' } });
    const createId = await box.enqueueCreate({ serverBase: fhir.baseUrl, patientId, actor, author, task: { description: 'Please review diabetes control', owner: { reference: 'Organization/org-riverside-surgery', display: 'Riverside Surgery' }, priority: 'urgent', due: '2099-01-01' } });
    expect(await box.flush(client, author)).toMatchObject({ sent: 0 });
    fhir.setFaults({});
    clock += 60_000;
    expect(await box.flush(client, author)).toMatchObject({ sent: 2, conflicts: 0 });
    const history = (await fhir.repo.readHistory('Task', t.id!)) as Bundle<Task>;
    expect(history.entry!.filter((e) => madeByWrite(e.resource!, updateId))).toHaveLength(1);
    const created = await fhir.repo.searchResources<Task>({ resourceType: 'Task', filters: [{ code: 'identifier', operator: 'eq' as never, value: `${WRITE_ID_SYSTEM}|${createId}` }] });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ status: 'requested', priority: 'urgent', for: { reference: `Patient/${patientId}` } });
  });

  it('retries server errors with growing waits, and keeps nothing of a write on disk as text', async () => {
    const t = await newRequestedTask();
    // The jitter's draw fixed at the middle: the second wait is half its ceiling of 2 s.
    const box = await outbox(() => 0.5);
    fhir.setFaults({ errorRate: 1 });
    await box.enqueueAction({ ...base(t), action: { kind: 'complete', outcome: 'Wound healed: Margaret discharged from list' } });
    await box.flush(client, author);
    clock += 1000;
    await box.flush(client, author);
    const [w] = await box.list();
    expect(w).toMatchObject({ state: 'waiting', attempts: 2 });
    expect(w!.nextAttemptAt - clock).toBe(1000);
    const onDisk = JSON.stringify(await db.taskOutbox.toArray(), (_k, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Buffer.from(v as ArrayBuffer).toString('latin1') : v));
    for (const secret of ['Margaret', 'Wound', t.id!, patientId]) expect(onDisk).not.toContain(secret);
  });

  it('attack 7: a write is never sent under another clinician’s sign-in, nor to another server; it is held until its author is back', async () => {
    const t = await newRequestedTask();
    const box = await outbox();
    await box.enqueueAction({ ...base(t), action: { kind: 'note', text: 'Written by A' } });
    const before = (await task(t.id!)).meta!.versionId;

    // Clinician B signed in on the same browser: A's write is held, not sent with B's token.
    expect(await box.flush(client, 'https://login.test|bob')).toMatchObject({ sent: 0, held: 1 });
    expect((await box.list())[0]).toMatchObject({ state: 'held', lastError: expect.stringMatching(/Ms Rachel Evans.*own sign-in/) });
    // The browser now points at another server: not sent there either.
    const elsewhere = new FhirClient({ baseUrl: `${fhir.baseUrl.replace('/fhir/R4', '')}/other/R4`, timeoutMs: 1000 });
    expect(await box.flush(elsewhere, author)).toMatchObject({ sent: 0, held: 1 });
    expect((await box.list())[0]?.lastError).toMatch(/another shared record server/);
    expect((await task(t.id!)).meta!.versionId).toBe(before);

    // A is back, on the server the write was made for: it goes.
    expect(await box.flush(client, author)).toMatchObject({ sent: 1, held: 0 });
  });

  it('attack 7: a write from before writes named their author is held, never sent as someone’s', async () => {
    const t = await newRequestedTask();
    const box = await outbox();
    await box.enqueueAction({ ...base(t), author: undefined as never, action: { kind: 'note', text: 'Who wrote me?' } });
    expect(await box.flush(client, author)).toMatchObject({ sent: 0, held: 1 });
  });
});
