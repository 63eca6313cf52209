import { useState } from 'preact/hooks';
import type { NewTask, OwnerReference } from '@/utils/tasks/task-actions';
import { OwnerSelect } from './OwnerSelect';

const PRIORITIES: NewTask['priority'][] = ['routine', 'urgent', 'asap', 'stat'];

/** Ask another team to do something for this patient: what, for whom, how urgent, by when. */
export function NewTaskForm({ owners, onCreate }: { owners: OwnerReference[]; onCreate: (task: NewTask) => Promise<string | undefined> }) {
  const [message, setMessage] = useState<string>();
  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const owner = owners.find((o) => o.reference === data.get('owner'));
    const task: NewTask = {
      description: String(data.get('description') ?? '').trim(),
      owner: owner ?? {},
      priority: (String(data.get('priority') ?? 'routine') as NewTask['priority']),
      due: String(data.get('due') ?? '') || undefined,
    };
    const problem = await onCreate(task);
    setMessage(problem ?? 'Saved, sending to the shared record.');
    if (!problem) form.reset();
  };
  return (
    <details class="new-task" data-section="new-task">
      <summary>Ask another team to do something</summary>
      <form onSubmit={(e) => void onSubmit(e)}>
        <label>
          What is to be done
          <textarea name="description" rows={2} required />
        </label>
        <label>
          For
          <OwnerSelect owners={owners} required />
        </label>
        <label>
          Priority
          <select name="priority">
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label>
          Due by
          <input name="due" type="date" />
        </label>
        <button type="submit">Send task</button>
      </form>
      {message && <p role="status">{message}</p>}
    </details>
  );
}
