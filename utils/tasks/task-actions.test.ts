import { describe, expect, it } from 'vitest';
import type { Task } from '@medplum/fhirtypes';
import { actionProblem, allowedActions, applyTaskAction, buildNewTask, madeByWrite, newTaskProblem } from './task-actions';

const actor = { reference: 'Practitioner/pr-rachel-evans', display: 'Ms Rachel Evans' };
const at = new Date('2026-11-25T10:00:00Z');
const base: Task = {
  resourceType: 'Task', id: 't1', meta: { versionId: '3' }, status: 'requested', intent: 'order',
  for: { reference: 'Patient/p1' }, owner: { reference: 'Organization/community', display: 'Community' }, requester: { reference: 'Practitioner/gp', display: 'Dr GP' },
};

describe('task actions', () => {
  it('offers only what makes sense from each status', () => {
    expect(allowedActions('requested')).toEqual(['accept', 'decline', 'reassign', 'note']);
    expect(allowedActions('in-progress')).not.toContain('accept');
    expect(allowedActions('completed')).toEqual([]);
    expect(actionProblem({ kind: 'start' }, 'requested')).toMatch(/cannot/);
    expect(actionProblem({ kind: 'decline', reason: '  ' }, 'requested')).toBe('Reason is needed.');
    expect(actionProblem({ kind: 'accept' }, 'requested')).toBeUndefined();
  });

  it('changes the task as FHIR’s workflow says, leaving the original alone and marking the write', () => {
    const held = applyTaskAction({ ...base, status: 'accepted' }, { kind: 'hold', reason: 'No supplies' }, actor, 'w1', at);
    expect(held).toMatchObject({ status: 'on-hold', statusReason: { text: 'No supplies' }, lastModified: at.toISOString() });
    expect(held.note?.at(-1)).toMatchObject({ text: 'On hold: No supplies', authorReference: { reference: actor.reference } });
    expect(held.meta).toBeUndefined();
    expect(madeByWrite(held, 'w1')).toBe(true);
    expect(madeByWrite(held, 'w2')).toBe(false);

    const back = applyTaskAction(held, { kind: 'hand-back', reason: 'Wrong team' }, actor, 'w2', at);
    expect(back).toMatchObject({ status: 'requested', owner: base.requester });
    expect(back.extension?.filter((e) => e.url.endsWith('alongside-write-id'))).toHaveLength(1);

    const done = applyTaskAction({ ...base, status: 'in-progress' }, { kind: 'complete', outcome: 'Healed' }, actor, 'w3', at);
    expect(done.output?.[0]).toMatchObject({ valueString: 'Healed' });
    expect(base.status).toBe('requested');
  });

  it('builds a new task for another team, and refuses one without what, whom or with a past date', () => {
    const t = buildNewTask('p1', { description: 'Review pain relief', owner: { reference: 'Organization/gp' }, priority: 'urgent', due: '2026-12-01' }, actor, 'w9', at);
    expect(t).toMatchObject({ status: 'requested', intent: 'order', for: { reference: 'Patient/p1' }, priority: 'urgent', restriction: { period: { end: '2026-12-01' } } });
    expect(t.identifier?.[0]?.value).toBe('w9');
    expect(newTaskProblem({ description: '', owner: { reference: 'Organization/gp' }, priority: 'routine' }, '2026-11-25')).toMatch(/Say what/);
    expect(newTaskProblem({ description: 'x', owner: {}, priority: 'routine' }, '2026-11-25')).toMatch(/who/);
    expect(newTaskProblem({ description: 'x', owner: { reference: 'Organization/gp' }, priority: 'routine', due: '2026-11-01' }, '2026-11-25')).toMatch(/past/);
  });
});
