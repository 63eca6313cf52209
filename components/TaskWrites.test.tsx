// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import type { TaskLine } from '@/utils/tasks/pending-tasks';
import type { TaskWrite } from '@/utils/tasks/task-outbox';
import { TaskWrites } from './TaskWrites';

const write = (over: Partial<TaskWrite>): TaskWrite => ({
  writeId: 'w1', seq: 1, state: 'waiting', attempts: 0, nextAttemptAt: 0, madeAt: Date.UTC(2026, 10, 25, 10, 2),
  serverBase: 'https://fhir.test', patientId: 'p', taskId: 't1', change: { kind: 'update', action: { kind: 'note', text: 'Mine' } }, actor: { display: 'Me' }, author: 'https://login.test|me',
  ...over,
});
const theirs: TaskLine = { id: 't1', text: 'Wound check', status: 'on-hold', overdue: false, owner: 'Community team', lastNote: 'Theirs' };

describe('the outbox in the panel', () => {
  it('shows a conflict with both versions and lets the clinician choose', () => {
    const onDecide = vi.fn();
    const root = document.createElement('div');
    render(<TaskWrites writes={[write({ state: 'conflict', theirsVersion: '4' })]} tasks={[theirs]} onDecide={onDecide} />, root);
    expect(root.textContent).toContain('Note: Mine');
    expect(root.textContent).toContain('on-hold · Community team · last note: “Theirs”');
    (root.querySelector('[data-decision="apply-mine"]') as HTMLButtonElement).click();
    expect(onDecide).toHaveBeenCalledWith('w1', 'apply-mine');
  });

  it('shows why a write waits or was refused, and renders what anyone wrote as text', () => {
    const root = document.createElement('div');
    const payload = '<img src=x onerror="window.__pwned=1">';
    render(
      <TaskWrites
        writes={[write({ attempts: 2, lastError: 'The shared record could not be reached.' }), write({ writeId: 'w2', state: 'refused', lastError: payload, change: { kind: 'update', action: { kind: 'note', text: payload } } })]}
        tasks={[]}
        onDecide={() => {}}
      />,
      root,
    );
    expect(root.textContent).toContain('Waiting to send (tried 2 times): The shared record could not be reached.');
    expect(root.textContent).toContain(`The shared record refused this change: ${payload}`);
    expect(root.querySelector('img')).toBeNull();
  });
});
