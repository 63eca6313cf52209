import { date } from '@/utils/highlights/rules/rule';
import type { TaskLine } from '@/utils/tasks/pending-tasks';

const STATUS_WORDS: Record<string, string> = {
  draft: 'Draft', requested: 'Requested', received: 'Received', accepted: 'Accepted', ready: 'Ready',
  'in-progress': 'In progress', 'on-hold': 'On hold',
};

/** Pending tasks, overdue first, with status, owner and due date. */
export function TaskList({ tasks }: { tasks: TaskLine[]; now: Date }) {
  return (
    <section class="tasks" data-section="tasks">
      <h2>Pending tasks ({tasks.length})</h2>
      {tasks.length === 0 ? (
        <p class="highlights__empty">No pending tasks</p>
      ) : (
        <ul>
          {tasks.map((t) => (
            <li key={t.id} class={t.overdue ? 'task task--overdue' : 'task'} data-task-id={t.id}>
              <span class="task__text">{t.text}</span>
              <span class="task__meta">
                {t.overdue && <strong class="task__overdue">Overdue · </strong>}
                {STATUS_WORDS[t.status] ?? t.status}
                {t.priority && t.priority !== 'routine' ? ` · ${t.priority}` : ''}
                {t.owner ? ` · ${t.owner}` : ''}
                {t.due ? ` · due ${date(t.due)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
