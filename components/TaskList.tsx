import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { date } from '@/utils/fhir/dates';
import type { TaskLine } from '@/utils/tasks/pending-tasks';
import { ACTION_LABELS, ACTION_TEXT, allowedActions, type OwnerReference, type TaskAction, type TaskActionKind } from '@/utils/tasks/task-actions';
import type { TaskWrite } from '@/utils/tasks/task-outbox';
import { announce } from './LiveAnnouncer';
import { OwnerSelect } from './OwnerSelect';

const STATUS_WORDS: Record<string, string> = {
  draft: 'Draft', requested: 'Requested', received: 'Received', accepted: 'Accepted', ready: 'Ready',
  'in-progress': 'In progress', 'on-hold': 'On hold',
};
const PRIORITY_WORDS: Record<string, string> = { urgent: 'Urgent', asap: 'As soon as possible', stat: 'Immediately' };

export interface TaskListProps {
  tasks: TaskLine[];
  now: Date;
  /** Writes of this patient's tasks still in the outbox. */
  writes?: TaskWrite[];
  /** Who a task can go to (reassign). */
  owners?: OwnerReference[];
  /** Queues an action; resolves to a problem in words, or undefined when queued. */
  onAction?: (task: TaskLine, action: TaskAction) => Promise<string | undefined>;
  /** Said on every open task (a patient who has died: "Patient has died: cancel?"). */
  mark?: string;
}

/** Tasks drawn per page: a long list is drawn a page at a time. */
export const TASKS_PAGE = 20;

/**
 * Pending tasks, overdue first, with status, owner and due date, and what the clinician can do with each.
 * The only place a pending task is shown (the highlights leave them out): overdue and urgent ones are
 * tagged in words. Every button names the task it acts on, for a screen reader ("Complete: Wound check";
 * an `aria-label` beginning with the button's visible words, so speech control finds it by them).
 */
export function TaskList({ tasks, writes = [], owners = [], onAction, mark }: TaskListProps) {
  const [shown, setShown] = useState(TASKS_PAGE);
  return (
    <section class="section tasks" data-section="tasks" aria-labelledby="tasks-heading">
      <h2 id="tasks-heading">Pending tasks ({tasks.length})</h2>
      {tasks.length === 0 ? (
        <p class="highlights__empty">No pending tasks</p>
      ) : (
        <ul>
          {tasks.slice(0, shown).map((t) => {
            const waiting = writes.filter((w) => w.taskId === t.id).length;
            return (
              <li key={t.id} class={t.overdue ? 'task task--overdue' : 'task'} data-task-id={t.id} data-task-status={t.status}>
                {t.overdue && <strong class="tag tag--red task__overdue">Overdue</strong>}
                {t.priority && PRIORITY_WORDS[t.priority] && <strong class="tag tag--orange">{PRIORITY_WORDS[t.priority]}</strong>}
                <span class="task__text">{t.text}</span>
                {mark && <span class="task__died">{mark}</span>}
                <span class="task__meta">
                  {STATUS_WORDS[t.status] ?? t.status}
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
        <button type="button" class="tasks__more more" data-action="more-tasks" onClick={() => setShown(shown + TASKS_PAGE)}>
          Show {Math.min(TASKS_PAGE, tasks.length - shown)} more of {tasks.length - shown}
          <span class="visually-hidden"> pending tasks</span>
        </button>
      )}
    </section>
  );
}

/**
 * A task's actions. One that needs words (a reason, an outcome, a note, who to) opens a small form below
 * the buttons, its first field focused; Escape closes it and focus goes back to its button. Once an
 * action is queued, focus moves to the message saying so, so the keyboard is never left on nothing.
 */
function TaskActions({ task, owners, onAction }: { task: TaskLine; owners: OwnerReference[]; onAction: NonNullable<TaskListProps['onAction']> }) {
  const [kind, setKind] = useState<TaskActionKind>();
  const [text, setText] = useState('');
  const [owner, setOwner] = useState('');
  const [message, setMessage] = useState<{ text: string; n: number; focus: boolean }>();
  const buttons = useRef<Partial<Record<TaskActionKind, HTMLButtonElement | null>>>({});
  const firstField = useRef<HTMLSelectElement | HTMLTextAreaElement>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (kind) firstField.current?.focus();
  }, [kind]);
  useEffect(() => {
    if (message?.focus) messageRef.current?.focus();
    else if (message) announce('action', `${task.id}|${message.n}`, message.text);
  }, [message?.n]);
  const kinds = allowedActions(task.status);
  if (!kinds.length || !task.version) return null;

  // Done: focus goes to the message saying so. A problem: focus stays where the clinician is typing, and
  // the problem is announced.
  const say = (words: string, done: boolean) => setMessage({ text: words, n: (message?.n ?? 0) + 1, focus: done });
  const close = (back: TaskActionKind) => {
    setKind(undefined);
    buttons.current[back]?.focus();
  };
  const submit = async (chosen: TaskActionKind) => {
    const action = toAction(chosen, text, owners.find((o) => o.reference === owner));
    if (!action) {
      say(chosen === 'reassign' ? 'Choose who the task goes to.' : `${ACTION_TEXT[chosen]} is needed.`, false);
      return;
    }
    const problem = await onAction(task, action);
    say(problem ?? `${ACTION_LABELS[chosen]}: saved, sending to the shared record.`, !problem);
    if (!problem) {
      setKind(undefined);
      setText('');
    }
  };
  const needsForm = (k: TaskActionKind) => k === 'reassign' || ACTION_TEXT[k] !== undefined;
  const formId = `task-form-${task.id}`;

  return (
    <div class="task__actions">
      <div class="task__buttons">
        {kinds.map((k) => (
          <button
            key={k}
            type="button"
            data-action={k}
            ref={(el) => void (buttons.current[k] = el)}
            aria-expanded={needsForm(k) ? kind === k : undefined}
            aria-controls={needsForm(k) && kind === k ? formId : undefined}
            aria-label={`${ACTION_LABELS[k]}: ${task.text}`}
            onClick={() => (needsForm(k) ? setKind(kind === k ? undefined : k) : void submit(k))}
          >
            {ACTION_LABELS[k]}
          </button>
        ))}
      </div>
      {kind && (
        <form
          id={formId}
          class="task__form"
          aria-label={`${ACTION_LABELS[kind]}: ${task.text}`}
          onKeyDown={(e) => e.key === 'Escape' && close(kind)}
          onSubmit={(e) => {
            e.preventDefault();
            void submit(kind);
          }}
        >
          {kind === 'reassign' && (
            <label>
              To
              <OwnerSelect owners={owners} value={owner} onChange={setOwner} selectRef={firstField} />
            </label>
          )}
          <label>
            {ACTION_TEXT[kind] ?? 'Reason (optional)'}
            <textarea name="text" rows={2} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} ref={kind === 'reassign' ? undefined : (firstField as RefObject<HTMLTextAreaElement>)} />
          </label>
          <button type="submit" data-confirm={kind} aria-label={`Save (${ACTION_LABELS[kind]}: ${task.text})`}>
            Save
          </button>
        </form>
      )}
      {message && (
        <p class="task__message" tabIndex={-1} ref={messageRef}>
          {message.text}
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
