/**
 * The network flapping for 10 minutes (up 2 s in every 6, and a third of the answers to writes lost on
 * the way back), in simulated time, with every retrying path at work as the background drives it: the
 * task outbox, the audit outbox, the watch cycle and a record the clinician keeps coming back to, each
 * given a chance every 5 s (alarms, worker wakes, the clinician's returns). Counts what reached the
 * network and what the server kept: no write twice, none lost, and no storm of retries.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Task } from '@medplum/fhirtypes';
import { buildSandboxData } from '../../sandbox/seed';
import { SeededRandom } from '../../sandbox/seed/random';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { AlongsideDb } from '@/utils/storage/db';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { FhirClient } from '@/utils/fhir/client';
import { AuditQueue } from '@/utils/audit/audit-queue';
import { recordViewAuditEvent } from '@/utils/audit/audit-event';
import { outboxKey, TaskOutbox } from '@/utils/tasks/task-outbox';
import { WRITE_ID_SYSTEM } from '@/utils/tasks/task-actions';
import { syncPatientRecord } from '@/utils/record/sync';
import { createWatchService } from './watch-service';
import { SubscriptionChannel, type StoredSubscriptions } from './subscriptions';

const data = buildSandboxData({ syntheaDir: null });
const patientId = 'uk-margaret-thompson';
const actor = { reference: 'Practitioner/pr-rachel-evans', display: 'Ms Rachel Evans' };
const author = 'https://login.test|rachel';
const T0 = 1_800_000_000_000;
const FLAPPING_S = 600;
/** Each path's chances to retry: every 5 s (alarms, worker wakes, the clinician coming back). */
const CHANCE_EVERY_S = 5;
type Path = 'tasks' | 'audit' | 'poll' | 'sync';

let fhir: FhirSandbox;
beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: data.resources });
});
afterAll(() => fhir.close());
beforeEach(() => fakeBrowser.reset());

describe('the network flapping for 10 minutes', () => {
  it('loses no write, makes none twice, and retries with growing, jittered waits, not at every chance', async () => {
    let clock = T0;
    const now = () => clock;
    const random = new SeededRandom(21);
    const jitter = () => random.next();
    const up = () => clock - T0 >= FLAPPING_S * 1000 || Math.floor((clock - T0) / 1000) % 6 >= 4;
    const attempts: Record<Path, number> = { tasks: 0, audit: 0, poll: 0, sync: 0 };
    const client = (path: Path) =>
      new FhirClient({
        baseUrl: fhir.baseUrl,
        timeoutMs: 5_000,
        fetch: async (input, init) => {
          if (clock - T0 < FLAPPING_S * 1000) attempts[path]++;
          if (!up()) throw new TypeError('Failed to fetch');
          const res = await fetch(input, init);
          // The answer to a write lost on the way back: the server has it, we do not know.
          if (path === 'tasks' && init?.method !== 'GET' && random.next() < 1 / 3) throw new TypeError('Failed to fetch');
          return res;
        },
      });
    const clients = { tasks: client('tasks'), audit: client('audit'), poll: client('poll'), sync: client('sync') };

    const db = new AlongsideDb('flapping');
    const store = new RecordStore(db, await ensureSessionSecrets());
    const outbox = new TaskOutbox(db, await outboxKey(db), { now, random: jitter });
    const audit = new AuditQueue(db, { now, random: jitter });
    const watch = createWatchService({ getClient: async () => clients.poll, getStore: async () => store, getOwners: async () => [actor.reference], notify: async () => {}, now, random: jitter });
    const tasks = await Promise.all(
      [1, 2, 3].map(() => fhir.repo.createResource<Task>({ resourceType: 'Task', status: 'requested', intent: 'order', description: 'Check wound', for: { reference: `Patient/${patientId}` }, owner: { reference: actor.reference } })),
    );

    const notes: string[] = [];
    const creates: string[] = [];
    const audits: string[] = [];
    for (let s = 0; s <= FLAPPING_S + 1_800; s++) {
      clock = T0 + s * 1000;
      // The clinician's work in the first five minutes: a note every 20 s, a new task every minute, a view every 30 s.
      if (s < 300 && s % 20 === 0) {
        // Made on the version the clinician sees (the server's now); one still queued for the task goes first.
        const t = await fhir.repo.readResource<Task>('Task', tasks[(s / 20) % tasks.length]!.id!);
        const text = `Note ${s}`;
        notes.push(text);
        await outbox.enqueueAction({ serverBase: fhir.baseUrl, patientId, taskId: t.id!, baseVersion: t.meta!.versionId!, action: { kind: 'note', text }, actor, author });
      }
      if (s < 300 && s % 60 === 0) creates.push(await outbox.enqueueCreate({ serverBase: fhir.baseUrl, patientId, task: { description: `Follow up ${s}`, priority: 'routine' } as never, actor, author }));
      if (s < 300 && s % 30 === 0) {
        audits.push(`view-${s}`);
        await audit.enqueue(recordViewAuditEvent({ patientId, eprOrigin: 'https://epr.test', readerId: 'test', contextId: `view-${s}`, viewer: { display: actor.display }, at: new Date(clock), extensionVersion: '0' }), `view-${s}`);
      }
      if (s % CHANCE_EVERY_S !== 0) continue;
      await outbox.flush(clients.tasks, author);
      await audit.flush(clients.audit);
      await watch.cycle().catch(() => undefined);
      await syncPatientRecord(store, clients.sync, patientId, { staleAfterMs: 0, now, random: jitter, sources: {} });
    }

    // Nothing lost, nothing twice: each note once on its task, each new task made once, each view audited.
    expect(await outbox.list()).toEqual([]);
    const written = (await Promise.all(tasks.map((t) => fhir.repo.readResource<Task>('Task', t.id!)))).flatMap((t) => (t.note ?? []).map((n) => n.text));
    expect(written.sort()).toEqual([...notes].sort());
    for (const writeId of creates) {
      const made = await fhir.repo.searchResources<Task>({ resourceType: 'Task', filters: [{ code: 'identifier', operator: 'eq' as never, value: `${WRITE_ID_SYSTEM}|${writeId}` }] });
      expect(made).toHaveLength(1);
    }
    expect(await audit.pending()).toBe(0);

    // No storm: each path took a small share of its chances (a back-off after each failure, growing,
    // jittered), where without one it would try at every chance (120 in the 10 minutes); the bound is a
    // quarter of the chances. Measured: tasks 64, audit 20, poll 18, sync 15 (without the back-off: poll
    // and sync 120 each).
    const chances = FLAPPING_S / CHANCE_EVERY_S;
    for (const path of ['audit', 'poll', 'sync'] as const) expect(attempts[path], `${path}: ${JSON.stringify(attempts)}`).toBeLessThan(chances / 4);
    // The outbox's writes follow one another: count the attempts per write it had to make.
    expect(attempts.tasks).toBeLessThan(chances / 4 * 3);
  }, 120_000);
});

describe('a server that says when to come back', () => {
  it('is not asked again by any path before its Retry-After, though each path’s own back-off is shorter', async () => {
    let clock = T0;
    const now = () => clock;
    const asked: Record<string, number[]> = {};
    const busy = (path: string) =>
      new FhirClient({
        baseUrl: 'https://busy.test/R4',
        fetch: async () => {
          (asked[path] ??= []).push(clock);
          return new Response(JSON.stringify({ resourceType: 'OperationOutcome', issue: [] }), { status: 503, headers: { 'Retry-After': '600' } });
        },
      });
    const db = new AlongsideDb('busy');
    const store = new RecordStore(db, await ensureSessionSecrets());
    // The jitter's draw at its lowest: each path's own back-off is as short as it can be.
    const random = () => 0;
    const outbox = new TaskOutbox(db, await outboxKey(db), { now, random, baseBackoffMs: 1_000 });
    const audit = new AuditQueue(db, { now, random, baseBackoffMs: 1_000 });
    const watch = createWatchService({ getClient: async () => busy('poll'), getStore: async () => store, getOwners: async () => [actor.reference], notify: async () => {}, now, random });
    let kept: StoredSubscriptions | null = null;
    const channel = new SubscriptionChannel({ onPing: () => {}, now, random, store: { getValue: async () => kept, setValue: async (v) => void (kept = v), removeValue: async () => void (kept = null) } });
    await outbox.enqueueCreate({ serverBase: 'https://busy.test/R4', patientId, task: { description: 'Call back', priority: 'routine' } as never, actor, author });
    await audit.enqueue(recordViewAuditEvent({ patientId, eprOrigin: 'https://epr.test', readerId: 'test', contextId: 'v', viewer: { display: actor.display }, at: new Date(clock), extensionVersion: '0' }), 'v');
    const clients = { tasks: busy('tasks'), audit: busy('audit'), sync: busy('sync'), subscriptions: busy('subscriptions') };
    const everyPath = async () => {
      await outbox.flush(clients.tasks, author);
      await audit.flush(clients.audit);
      await watch.cycle().catch(() => undefined);
      await syncPatientRecord(store, clients.sync, patientId, { staleAfterMs: 0, now, random, sources: {} });
      await channel.sync(clients.subscriptions, ['Task?owner=x']).catch(() => false);
    };
    await everyPath();
    expect(Object.keys(asked).sort()).toEqual(['audit', 'poll', 'subscriptions', 'sync', 'tasks']);
    for (let s = 1; s < 600; s += 7) {
      clock = T0 + s * 1000;
      await everyPath();
    }
    for (const [path, times] of Object.entries(asked)) expect({ path, times: times.length }).toEqual({ path, times: 1 });
    // And after it, each path tries again (in its own jittered second).
    clock = T0 + 20 * 60_000;
    await everyPath();
    for (const [path, times] of Object.entries(asked)) expect({ path, times: times.length }).toEqual({ path, times: 2 });
  }, 60_000);
});
