import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { AlongsideDb } from '@/utils/storage/db';
import { patientKey } from '@/utils/record/types';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { putTabContext } from '@/utils/context/tab-contexts';
import { FhirClient } from '@/utils/fhir/client';
import { outboxKey, TaskOutbox } from './task-outbox';
import { createTaskService, NOT_KEPT } from './task-service';

const base = 'https://fhir.test/R4';
let n = 0;
let outbox: TaskOutbox;
let store: RecordStore;

beforeEach(async () => {
  fakeBrowser.reset();
  const db = new AlongsideDb(`task-service-${++n}`);
  store = new RecordStore(db, await ensureSessionSecrets());
  outbox = new TaskOutbox(db, await outboxKey(db));
  await putTabContext({
    tabId: 1, contextId: 'ctx-a', updatedAt: 0,
    detection: { kind: 'patient', patient: { readerId: 't', source: 't', identifier: { system: 's', value: '1' } } } as never,
    resolution: { status: 'found', patientId: 'pa', patientKey: patientKey(base, 'pa'), checked: { name: true, birthDate: true } },
  });
  await store.put({
    patientKey: patientKey(base, 'pa'), serverBase: base, patientId: 'pa', patient: { resourceType: 'Patient', id: 'pa' }, incomplete: [], fetchedAt: 1,
    resources: [
      { resourceType: 'Task', id: 'ta', meta: { versionId: '1' }, status: 'requested', intent: 'order', for: { reference: 'Patient/pa' } },
      { resourceType: 'Task', id: 'tb', meta: { versionId: '1' }, status: 'requested', intent: 'order', for: { reference: 'Patient/pb' } },
    ],
  });
});

// The server is never reached in these tests: every write is checked before it is queued.
const service = () =>
  createTaskService({
    getOutbox: async () => outbox,
    getStore: async () => store,
    getClient: async () => new FhirClient({ baseUrl: base, fetch: () => Promise.reject(new Error('offline')) }),
    getActor: async () => ({ display: 'Ms Rachel Evans', reference: 'Practitioner/pr-rachel-evans' }),
    getAuthor: async () => author,
  });
let author: string | undefined = 'https://login.test|rachel';

describe('the task service', () => {
  it('queues a write for the patient of the context it was made in', async () => {
    const answer = await service().act({ contextId: 'ctx-a', taskId: 'ta', baseVersion: '1', action: { kind: 'accept' } });
    expect(answer).toHaveProperty('writeId');
    const [w] = await outbox.list();
    expect(w).toMatchObject({ patientId: 'pa', taskId: 'ta', baseVersion: '1', serverBase: base, author: 'https://login.test|rachel' });
  });

  it('says a change was not kept, never that it was queued, when IndexedDB cannot keep it (quota)', async () => {
    const quota = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    vi.spyOn(outbox, 'enqueueAction').mockImplementation(quota);
    vi.spyOn(outbox, 'enqueueCreate').mockImplementation(quota);
    expect(await service().act({ contextId: 'ctx-a', taskId: 'ta', baseVersion: '1', action: { kind: 'accept' } })).toEqual({ problem: NOT_KEPT });
    expect(await service().create({ contextId: 'ctx-a', task: { description: 'Please review', owner: { reference: 'Organization/o' }, priority: 'routine' } as never })).toEqual({ problem: NOT_KEPT });
  });

  it('attack 7: takes no write when nobody is identified (no sign-in, no configured clinician)', async () => {
    author = undefined;
    try {
      expect(await service().act({ contextId: 'ctx-a', taskId: 'ta', baseVersion: '1', action: { kind: 'accept' } })).toEqual({ problem: expect.stringMatching(/does not know who you are/) });
      expect(await outbox.list()).toEqual([]);
    } finally {
      author = 'https://login.test|rachel';
    }
  });

  it('refuses a write whose context has gone, or for a task that is not that patient’s', async () => {
    expect(await service().act({ contextId: 'ctx-old', taskId: 'ta', baseVersion: '1', action: { kind: 'accept' } })).toEqual({ problem: expect.stringMatching(/no longer in view/) });
    expect(await service().act({ contextId: 'ctx-a', taskId: 'tb', baseVersion: '1', action: { kind: 'accept' } })).toEqual({ problem: expect.stringMatching(/not one of this patient/) });
    expect(await service().act({ contextId: 'ctx-a', taskId: 'ta', baseVersion: '1', action: { kind: 'complete', outcome: 'x' } })).toEqual({ problem: expect.stringMatching(/cannot/) });
    expect(await service().create({ contextId: 'ctx-old', task: { description: 'x', owner: { reference: 'Organization/o' }, priority: 'routine' } })).toEqual({ problem: expect.stringMatching(/no longer in view/) });
    expect(await outbox.list()).toEqual([]);
  });
});

describe('a letter’s action made a task', () => {
  const letter = {
    id: 'DocumentReference/ds2', version: '1', documentType: 'Discharge summary', authorOrganisation: 'Northshire General', authorReference: 'Organization/ngh', date: '2026-11-20',
    identifiers: [], replaces: [], medicineChanges: [],
    reading: { kind: 'fhir-document', replaces: [], sections: [], otherRequests: [], medicineChanges: [], read: 'read', medicinesRead: 'read', problems: [],
      actions: [{ text: 'Check potassium in one week.', status: 'Requested', sectionKey: 'plan-and-requested-actions', sectionTitle: 'Plan', heading: 'Actions for healthcare professionals', index: 0 }] },
  } as const;
  const withLetters = async (letters: unknown[]) => store.put({ ...(await store.get(patientKey(base, 'pa')))!, letters: letters as never });
  const team = { reference: 'Organization/team-a', display: 'Team A' };

  it('takes the letter and the action’s words from the cached record: focus the letter, requester its author, owner as chosen', async () => {
    await withLetters([letter]);
    expect(await service().createFromLetter({ contextId: 'ctx-a', letterId: letter.id, actionIndex: 0, owner: team })).toHaveProperty('writeId');
    const [w] = await outbox.list();
    expect(w).toMatchObject({
      patientId: 'pa',
      change: { kind: 'create', task: { description: 'Check potassium in one week.', owner: team, focus: { reference: 'DocumentReference/ds2' }, requester: { reference: 'Organization/ngh', display: 'Northshire General' } } },
    });
    // Asked again while the first waits: the action is a task already.
    expect(await service().createFromLetter({ contextId: 'ctx-a', letterId: letter.id, actionIndex: 0, owner: team })).toEqual({ problem: 'That action is already a task.' });
    expect(await outbox.list()).toHaveLength(1);
  });

  it('refuses an action that is not in this patient’s letters, one of a replaced letter, and a context that has gone', async () => {
    await withLetters([letter, { ...letter, id: 'DocumentReference/ds1', replacedBy: 'DocumentReference/ds2' }]);
    expect(await service().createFromLetter({ contextId: 'ctx-a', letterId: 'DocumentReference/other', actionIndex: 0, owner: team })).toEqual({ problem: expect.stringMatching(/not in one of this patient/) });
    expect(await service().createFromLetter({ contextId: 'ctx-a', letterId: letter.id, actionIndex: 5, owner: team })).toEqual({ problem: expect.stringMatching(/not in one of this patient/) });
    expect(await service().createFromLetter({ contextId: 'ctx-a', letterId: 'DocumentReference/ds1', actionIndex: 0, owner: team })).toEqual({ problem: expect.stringMatching(/replaced by a later one/) });
    expect(await service().createFromLetter({ contextId: 'ctx-old', letterId: letter.id, actionIndex: 0, owner: team })).toEqual({ problem: expect.stringMatching(/no longer in view/) });
    expect(await service().createFromLetter({ contextId: 'ctx-a', letterId: letter.id, actionIndex: 0, owner: { reference: 'javascript:alert(1)' } })).toEqual({ problem: 'Choose who the task is for.' });
    expect(await outbox.list()).toEqual([]);
  });
});
