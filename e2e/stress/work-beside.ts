/**
 * Work done through the built extension while its service worker is stopped at random moments, after
 * the worker-stop run's steps: in each round a task write made from the panel (as its New task form
 * does) and a care event on the server for the clinician's team (a task assigned to them, news whoever
 * the patient), and the worker stopped a random moment later (mid-write, mid-check, mid-notice).
 * Settled at the end, the server healthy again: every write the panel was told was queued is on the
 * server exactly once, and every event is exactly one notice.
 */
import type { Task } from '@medplum/fhirtypes';
import type { Sandbox } from '../../sandbox/index';
import type { RosterPatient } from '../../sandbox/roster';
import type { SeededRandom } from '../../sandbox/seed/random';
import { WRITE_ID_SYSTEM } from '../../utils/tasks/task-actions';
import { stopWorker, type ExtensionBrowser } from '../extension-browser';
import type { SidePanelPage } from '../side-panel-page';

export interface WorkBesideResult {
  /** Writes the panel was told were queued (it got a write id). */
  writes: number;
  writesLost: number;
  writesDuplicated: number;
  /** Care events made on the server. */
  events: number;
  noticesLost: number;
  noticesTwice: number;
  examples: string[];
  /** What the work loop did, by kind (writes and events, and why it made none when it did not). */
  done: Record<string, number>;
}

/** How long the extension has, once the run is over, to send every write and tell every event. */
const SETTLE_MS = 120_000;

/**
 * @param deps.random - a random source of its own, so the run's steps are the same with or without this work
 * @param deps.showRecord - opens a patient in the EPR, so the panel shows a record to write a task on
 */
export function workBeside(deps: { eb: ExtensionBrowser; panel: SidePanelPage; sandbox: Sandbox; random: SeededRandom; patients: RosterPatient[]; showRecord(): Promise<void> }) {
  const queued: string[] = [];
  const events: string[] = [];
  const done: Record<string, number> = {};
  const note = (what: string) => (done[what] = (done[what] ?? 0) + 1);
  let asked = 0;
  /** A message from the panel, as its own code sends it; undefined when the worker stopped before answering. */
  const ask = (type: string, data?: unknown) =>
    deps.panel.page
      .evaluate(
        (t, d, id) => new Promise<unknown>((resolve) => chrome.runtime.sendMessage({ id, type: t, data: d, timestamp: Date.now() }, (answer) => resolve(chrome.runtime.lastError ? undefined : answer))),
        type,
        data,
        ++asked,
      )
      .catch(() => undefined);
  /** Session storage, read by the panel (an extension page): no need to wake the worker. */
  const session = async <T>(key: string): Promise<T | undefined> => (await deps.panel.page.evaluate((k) => chrome.storage.session.get(k), key).catch(() => ({})) as Record<string, T | undefined>)[key];
  const shownContext = () => deps.panel.page.$eval('article.patient-record', (a) => a.getAttribute('data-context-id')).catch(() => null);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function write(contextId: string): Promise<void> {
    const task = { description: `Worker-stop write ${asked + 1}`, owner: { reference: 'Practitioner/pr-helen-carter', display: 'Dr Helen Carter' }, priority: 'routine' };
    const answer = JSON.stringify((await ask('createTask', { contextId, task })) ?? null);
    const writeId = /"writeId":"([^"]+)"/.exec(answer)?.[1];
    // No answer (the worker stopped first) or a refusal: the panel says so, and nothing counts as queued.
    if (!writeId) return void note('task-write-unanswered');
    queued.push(writeId);
    note('task-write');
  }

  async function event(): Promise<void> {
    const p = deps.random.pick(deps.patients);
    const res = await fetch(`${new URL(deps.sandbox.fhir.baseUrl).origin}/_sandbox/events`, { method: 'POST', body: JSON.stringify({ kind: 'task-assigned', patientId: p.fhirId }) });
    events.push(`Task/${((await res.json()) as Task).id}`);
    note('care-event');
  }

  return {
    /**
     * `rounds` rounds of a write and an event, the worker stopped 0 to 1.5 s into each. Answers how many
     * times the worker was stopped.
     */
    async run(rounds: number): Promise<number> {
      // The session's first check for changes is its baseline (what is true then is not news): done first.
      for (let i = 0; i < 30 && (await session<{ lastPollAt?: number }>('watchState'))?.lastPollAt === undefined; i++) await ask('pollNow');
      let stops = 0;
      for (let round = 0; round < rounds; round++) {
        let contextId = await shownContext();
        // A patient opened if the panel shows none (tried again where the EPR was mid-way somewhere).
        for (let attempt = 0; !contextId && attempt < 3; attempt++) {
          await deps.showRecord().catch(() => {});
          await deps.panel.page.waitForSelector('article.patient-record', { timeout: 10_000 }).catch(() => null);
          contextId = await shownContext();
        }
        const stop = sleep(deps.random.int(0, 1500)).then(async () => {
          const running = deps.eb.browser.targets().some((t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${deps.eb.extensionId}/`));
          if (running && (await stopWorker(deps.eb).then(() => true, () => false))) stops++;
        });
        await Promise.all([contextId ? write(contextId) : note('no-record'), event(), stop]);
        await sleep(deps.random.int(200, 1000));
      }
      return stops;
    },

    /**
     * Waits, the server healthy, until every write is on the server and every event told, or SETTLE_MS:
     * the worker is stopped now and then (each start sends the outbox) and asked to check for changes.
     */
    async settle(): Promise<WorkBesideResult> {
      const count = async () => {
        const tasks = await deps.sandbox.fhir.repo.searchResources<Task>({ resourceType: 'Task', count: 10_000 });
        const byWrite = new Map<string, number>();
        for (const t of tasks) for (const id of t.identifier ?? []) if (id.system === WRITE_ID_SYSTEM && id.value) byWrite.set(id.value, (byWrite.get(id.value) ?? 0) + 1);
        const notices = (await session<{ kind: string; resource: string }[]>('notices')) ?? [];
        const told = new Map<string, number>();
        for (const n of notices) if (n.kind === 'task-assigned') told.set(n.resource, (told.get(n.resource) ?? 0) + 1);
        return {
          writesLost: queued.filter((id) => !byWrite.get(id)),
          writesDuplicated: queued.filter((id) => (byWrite.get(id) ?? 0) > 1),
          noticesLost: events.filter((r) => !told.get(r)),
          noticesTwice: events.filter((r) => (told.get(r) ?? 0) > 1),
        };
      };
      const end = Date.now() + SETTLE_MS;
      let now = await count();
      for (let round = 0; Date.now() < end && (now.writesLost.length || now.noticesLost.length); round++) {
        if (round % 3 === 2) await stopWorker(deps.eb);
        await ask('pollNow');
        await new Promise((r) => setTimeout(r, 2_000));
        now = await count();
      }
      const examples = [...now.writesLost.map((id) => `write ${id} not on the server`), ...now.noticesLost.map((r) => `no notice for ${r}`), ...now.noticesTwice.map((r) => `two notices for ${r}`)].slice(0, 5);
      return { writes: queued.length, writesLost: now.writesLost.length, writesDuplicated: now.writesDuplicated.length, events: events.length, noticesLost: now.noticesLost.length, noticesTwice: now.noticesTwice.length, examples, done };
    },
  };
}
