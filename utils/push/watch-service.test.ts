import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { buildSandboxData, demoPatient } from '../../sandbox/seed';
import { startFhirSandbox, type FhirSandbox } from '../../sandbox/fhir-server/server';
import { triggerSandboxEvent, DEMO_TEAM } from '../../sandbox/events';
import { AlongsideDb } from '@/utils/storage/db';
import { patientKey } from '@/utils/record/types';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { putTabContext } from '@/utils/context/tab-contexts';
import { FhirClient } from '@/utils/fhir/client';
import type { Patient } from '@medplum/fhirtypes';
import type { CareEvent } from './care-events';
import { myTasks } from '@/utils/shared/state';
import { addNotices, listNotices } from '@/utils/notifications/notices';
import { createWatchService, RESTRICTED_NAME, type MyTasks } from './watch-service';

const data = buildSandboxData({ syntheaDir: null });
const watchedPatient = demoPatient(data, 'margaret-thompson');
const unwatchedPatient = demoPatient(data, 'david-hughes');
let fhir: FhirSandbox;
let client: FhirClient;
let store: RecordStore;
let told: CareEvent[];
let dbn = 0;

beforeAll(async () => {
  fhir = await startFhirSandbox({ port: 0, resources: data.resources });
  client = new FhirClient({ baseUrl: fhir.baseUrl });
});
afterAll(() => fhir.close());
beforeEach(async () => {
  fakeBrowser.reset();
  store = new RecordStore(new AlongsideDb(`watch-${++dbn}`), await ensureSessionSecrets());
  told = [];
  // The watched patient is open in a tab.
  await putTabContext({
    tabId: 1, contextId: 'c1', updatedAt: 0,
    detection: { kind: 'patient', patient: { readerId: 'test', source: 'test', identifier: { system: 'x', value: '1' } } } as never,
    resolution: { status: 'found', patientId: watchedPatient.fhirId, patientKey: patientKey(fhir.baseUrl, watchedPatient.fhirId), checked: { name: true, birthDate: true } },
  });
});

const service = () =>
  createWatchService({ getClient: async () => client, getStore: async () => store, getOwners: async () => ['Practitioner/pr-rachel-evans', DEMO_TEAM.reference], notify: async (e) => void told.push(...e) });

describe('the watch service (polling)', () => {
  it('starts with a baseline: My tasks filled, nothing already true notified', async () => {
    fhir.resetRequestLog();
    const r = await service().cycle();
    expect(r).toMatchObject({ baseline: true, events: [], watched: 1 });
    expect(fhir.requestLog.filter((l) => l.method === 'POST')).toHaveLength(1);
    const mine = (await myTasks.getValue()) as MyTasks;
    expect(mine.lines.length).toBeGreaterThan(0);
    expect(mine.lines.every((l) => l.owner === DEMO_TEAM.display || l.owner === 'Northshire Community Nursing Team')).toBe(true);
    expect(mine.lines.find((l) => l.patientId === watchedPatient.fhirId)?.patientName).toBe(`${watchedPatient.given} ${watchedPatient.family}`);
    expect(told).toEqual([]);
  });

  it.each([
    ['task-assigned', watchedPatient.fhirId],
    ['task-overdue', watchedPatient.fhirId],
    ['appointment-missed', watchedPatient.fhirId],
    ['admission', watchedPatient.fhirId],
    ['discharge', watchedPatient.fhirId],
    ['safeguarding-flag', watchedPatient.fhirId],
    ['resuscitation-flag', watchedPatient.fhirId],
  ] as const)('notifies %s once, in one request per cycle', async (kind, patientId) => {
    const watch = service();
    await watch.cycle();
    await triggerSandboxEvent(fhir.repo, kind, patientId);
    fhir.resetRequestLog();
    const r = await watch.cycle();
    expect(fhir.requestLog).toHaveLength(1);
    expect(told.map((e) => e.kind)).toEqual([kind]);
    expect(told[0]!.patientId).toBe(patientId);
    expect(r?.baseline).toBe(false);
    await watch.cycle();
    expect(told).toHaveLength(1);
  });

  it('a worker stopped after it remembered an event but before the notifier had it: the next worker tells it, once', async () => {
    await service().cycle();
    await triggerSandboxEvent(fhir.repo, 'admission', watchedPatient.fhirId);
    // This worker stops as it hands the event over (the notifier never gets it).
    const stopping = createWatchService({ getClient: async () => client, getStore: async () => store, getOwners: async () => [DEMO_TEAM.reference], notify: () => Promise.reject(new Error('worker stopped')) });
    await expect(stopping.cycle()).rejects.toThrow('worker stopped');
    expect(told).toEqual([]);
    // The next worker's first cycle tells it; the one after does not again.
    const next = service();
    await next.cycle();
    expect(told.map((e) => e.kind)).toEqual(['admission']);
    await next.cycle();
    expect(told).toHaveLength(1);
  });

  it('the notifier keeps one notice per event, however often it is handed over', async () => {
    const event: CareEvent = { kind: 'admission', key: 'admission:e1', patientId: watchedPatient.fhirId, resource: 'Encounter/e1' };
    expect(await addNotices([event, event], 1)).toHaveLength(1);
    expect(await addNotices([event], 2)).toEqual([]);
    expect((await listNotices()).map((n) => n.key)).toEqual(['admission:e1']);
  });

  it('says nothing of patients it does not watch, except tasks assigned to me or my team', async () => {
    const watch = service();
    await watch.cycle();
    await triggerSandboxEvent(fhir.repo, 'admission', unwatchedPatient.fhirId);
    await triggerSandboxEvent(fhir.repo, 'safeguarding-flag', unwatchedPatient.fhirId);
    await triggerSandboxEvent(fhir.repo, 'task-assigned', unwatchedPatient.fhirId);
    await watch.cycle();
    expect(told.map((e) => `${e.kind} ${e.patientId}`)).toEqual([`task-assigned ${unwatchedPatient.fhirId}`]);
  });

  it('keeps the watched patient’s cached record fresh with what changed', async () => {
    const now = Date.now();
    await store.put({ patientKey: patientKey(fhir.baseUrl, watchedPatient.fhirId), serverBase: fhir.baseUrl, patientId: watchedPatient.fhirId, patient: { resourceType: 'Patient', id: watchedPatient.fhirId }, resources: [], incomplete: [], fetchedAt: now });
    const watch = service();
    await watch.cycle();
    const flag = await triggerSandboxEvent(fhir.repo, 'resuscitation-flag', watchedPatient.fhirId);
    await watch.cycle();
    const record = await store.get(patientKey(fhir.baseUrl, watchedPatient.fhirId));
    expect(record?.resources.map((r) => `${r.resourceType}/${r.id}`)).toContain(`Flag/${flag.id}`);
  });

  it('never names a restricted (sensitive) patient in My tasks', async () => {
    const original = await fhir.repo.readResource('Patient', watchedPatient.fhirId);
    await fhir.repo.updateResource({ ...original, meta: { ...original.meta, security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] } });
    try {
      await service().cycle();
      const mine = (await myTasks.getValue()) as MyTasks;
      const theirs = mine.lines.filter((l) => l.patientId === watchedPatient.fhirId);
      expect(theirs.length).toBeGreaterThan(0);
      expect(theirs.every((l) => l.patientName === RESTRICTED_NAME)).toBe(true);
      expect(JSON.stringify(mine)).not.toContain(watchedPatient.family);
    } finally {
      await fhir.repo.updateResource(original);
    }
  });

  it('keeps no whereabouts of a restricted patient in My tasks: a task naming a new address, mobile and email is withheld', async () => {
    const original = await fhir.repo.readResource<Patient>('Patient', watchedPatient.fhirId);
    await fhir.repo.updateResource({
      ...original, meta: { ...original.meta, security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R' }] },
      address: [{ line: ['Flat 3 Gull Wharf'], city: 'Porthaven', postalCode: 'PH2 9QT' }],
    });
    const task = await fhir.repo.createResource({
      resourceType: 'Task', status: 'requested', intent: 'order', for: { reference: `Patient/${watchedPatient.fhirId}` }, owner: DEMO_TEAM,
      description: 'Visit at new address Flat 3 Gull Wharf, Porthaven PH2 9QT; call mobile 07700 900123 or email j.new@example.com first',
    });
    try {
      await service().cycle();
      const mine = (await myTasks.getValue()) as MyTasks;
      const line = mine.lines.find((l) => l.id === task.id);
      expect(line?.text).toContain('[contact details withheld: restricted record]');
      for (const leak of ['Gull Wharf', 'PH2 9QT', '07700', 'example.com']) expect(JSON.stringify(mine), leak).not.toContain(leak);
    } finally {
      await fhir.repo.deleteResource('Task', task.id!);
      await fhir.repo.updateResource(original);
    }
  });

  it('a view noted while a wipe runs is forgotten with the rest: nothing of the last clinician is written after it', async () => {
    const watch = service();
    // The state is being read as the wipe comes (the view was audited just before the tokens went).
    const noting = watch.noteViewed(fhir.baseUrl, 'someone-viewed');
    await watch.clear();
    await noting;
    expect(await browser.storage.session.get(null)).not.toHaveProperty('watchState');
  });

  it('writes nothing for nobody: a cycle that starts once the tokens are gone leaves no state behind the wipe', async () => {
    let signedIn = true;
    const failing = new FhirClient({ baseUrl: fhir.baseUrl, getAccessToken: async () => (signedIn ? 'token' : Promise.reject(new Error('Not signed in.'))) });
    const watch = createWatchService({ getClient: async () => failing, getStore: async () => store, getOwners: async () => [DEMO_TEAM.reference], notify: async () => {}, paused: async () => !signedIn });
    // The tokens go and the wipe runs; a cycle asked for just then (an alarm, "Check now") comes after it.
    signedIn = false;
    await watch.clear();
    expect(await watch.cycle().catch(() => 'failed')).toBeUndefined();
    expect(Object.keys(await browser.storage.session.get(null)).filter((k) => !k.startsWith('tab:'))).toEqual([]);
  });

  it('backs off after a failed cycle, but the clinician’s “Check now” asks at once', async () => {
    const watch = service();
    fhir.setFaults({ errorRate: 1 });
    await expect(watch.cycle()).rejects.toThrow();
    fhir.setFaults({});
    fhir.resetRequestLog();
    // The alarm comes round during the back-off: nothing is asked.
    expect(await watch.cycle()).toBeUndefined();
    expect(fhir.requestLog).toEqual([]);
    // The clinician presses "Check now": asked, and My tasks filled.
    expect(await watch.cycle({ force: true })).toMatchObject({ baseline: true });
    expect(fhir.requestLog.length).toBeGreaterThan(0);
    expect(((await myTasks.getValue()) as MyTasks).lines.length).toBeGreaterThan(0);
  });
});
