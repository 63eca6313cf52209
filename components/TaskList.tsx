import { useState } from 'preact/hooks';
import { date } from '@/utils/highlights/rules/rule';
import type { TaskLine } from '@/utils/tasks/pending-tasks';
import { ACTION_LABELS, ACTION_TEXT, allowedActions, type OwnerReference, type TaskAction, type TaskActionKind } from '@/utils/tasks/task-actions';
import type { TaskWrite } from '@/utils/tasks/task-outbox';
import { OwnerSelect } from './OwnerSelect';

const STATUS_WORDS: Record<string, string> = {
  draft: 'Draft', requested: 'Requested', received: 'Received', accepted: 'Accepted', ready: 'Ready',
  'in-progress': 'In progress', 'on-hold': 'On hold',
};

export interface TaskListProps {
  tasks: TaskLine[];
  now: Date;
  /** Writes of this patient's tasks still in the outbox. */
  writes?: TaskWrite[];
  /** Who a task can go to (reassign). */
  owners?: OwnerReference[];
  /** Queues an action; resolves to a problem in words, or undefined when queued. */
  onAction?: (task: TaskLine, action: TaskAction) => Promise<string | undefined>;
}

/** Tasks drawn per page: a long list is drawn a page at a time. */
export const TASKS_PAGE = 20;

/** Pending tasks, overdue first, with status, owner and due date, and what the clinician can do with each. */
export function TaskList({ tasks, writes = [], owners = [], onAction }: TaskListProps) {
  const [shown, setShown] = useState(TASKS_PAGE);
  return (
    <section class="tasks" data-section="tasks">
      <h2>Pending tasks ({tasks.length})</h2>
      {tasks.length === 0 ? (
        <p class="highlights__empty">No pending tasks</p>
      ) : (
        <ul>
          {tasks.slice(0, shown).map((t) => {
            const waiting = writes.filter((w) => w.taskId === t.id).length;
            return (
              <li key={t.id} class={t.overdue ? 'task task--overdue' : 'task'} data-task-id={t.id} data-task-status={t.status}>
                <span class="task__text">{t.text}</span>
                <span class="task__meta">
                  {t.overdue && <strong class="task__overdue">Overdue · </strong>}
                  {STATUS_WORDS[t.status] ?? t.status}
                  {t.priority && t.priority !== 'routine' ? ` · ${t.priority}` : ''}
                  {t.owner ? ` · ${t.owner}` : ''}
                  {t.due ? ` · due ${date(t.due)}` : ''}
                </span>
                {waiting > 0 && <span class="task__waiting">{waiting === 1 ? '1 change not yet on the shared record' : `${waiting} changes not yet on the shared record`}</span>}
                {onAction && <TaskActions task={t} owners={owners} onAction={onAction} />}
              </li>
            );
          })}
        </ul>
      )}
      {tasks.length > shown && (
        <button type="button" class="tasks__more" data-action="more-tasks" onClick={() => setShown(shown + TASKS_PAGE)}>
          Show {Math.min(TASKS_PAGE, tasks.length - shown)} more of {tasks.length - shown}
        </button>
      )}
    </section>
  );
}

function TaskActions({ task, owners, onAction }: { task: TaskLine; owners: OwnerReference[]; onAction: NonNullable<TaskListProps['onAction']> }) {
  const [kind, setKind] = useState<TaskActionKind>();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [message, setMessage] = useState<string>();
  const kinds = allowedActions(task.status);
  if (!kinds.length || !task.version) return null;

  const submit = async (chosen: TaskActionKind) => {
    const action = toAction(chosen, text, owners.find((o) => o.reference === owner));
    if (!action) {
      setMessage(chosen === 'reassign' ? 'Choose who the task goes to.' : `${ACTION_TEXT[chosen]} is needed.`);
      return;
    }
    const problem = await onAction(task, action);
    setMessage(problem ?? `${ACTION_LABELS[chosen]}: saved, sending to the shared record.`);
    if (!problem) {
      setKind(undefined);
      setText('');
    }
  };
  const needsForm = (k: TaskActionKind) => k === 'reassign' || ACTION_TEXT[k] !== undefined;

  return (
    <div class="task__actions">
      <div class="task__buttons">
        {kinds.map((k) => (
          <button key={k} type="button" data-action={k} aria-pressed={kind === k} onClick={() => (needsForm(k) ? setKind(kind === k ? undefined : k) : void submit(k))}>
            {ACTION_LABELS[k]}
          </button>
        ))}
      </div>
      {kind && (
        <form
          class="task__form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit(kind);
          }}
        >
          {kind === 'reassign' && (
            <label>
              To
              <OwnerSelect owners={owners} value={owner} onChange={setOwner} />
            </label>
          )}
          <label>
            {ACTION_TEXT[kind] ?? 'Reason (optional)'}
            <textarea name="text" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" data-confirm={kind}>
            {ACTION_LABELS[kind]}
          </button>
        </form>
      )}
      {message && (
        <p class="task__message" role="status">
          {message}
        </p>
      )}
    </div>
  );
}

function toAction(kind: TaskActionKind, text: string, owner: OwnerReference | undefined): TaskAction | undefined {
  const words = text.trim();
  switch (kind) {
    case 'accept':
    case 'start':
      return { kind };
    case 'reassign':
      return owner ? { kind, owner, reason: words || undefined } : undefined;
    case 'hold':
    case 'decline':
    case 'hand-back':
      return words ? { kind, reason: words } : undefined;
    case 'complete':
      return words ? { kind, outcome: words } : undefined;
    case 'note':
      return words ? { kind, text: words } : undefined;
  }
}
