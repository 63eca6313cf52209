import { useEffect, useRef, useState } from 'preact/hooks';
import type { NewTask, OwnerReference } from '@/utils/tasks/task-actions';
import { announce } from './LiveAnnouncer';
import { OwnerSelect } from './OwnerSelect';

const PRIORITIES: [NewTask['priority'], string][] = [['routine', 'Routine'], ['urgent', 'Urgent'], ['asap', 'As soon as possible'], ['stat', 'Immediately']];

/**
 * Ask another team to do something for this patient: what, for whom, how urgent, by when. Once sent,
 * focus moves to the message saying so; a problem is announced and focus stays in the form.
 */
export function NewTaskForm({ owners, onCreate }: { owners: OwnerReference[]; onCreate: (task: NewTask) => Promise<string | undefined> }) {
  const [message, setMessage] = useState<{ text: string; n: number; done: boolean }>();
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message?.done) messageRef.current?.focus();
    else if (message) announce('action', `new-task|${message.n}`, message.text);
  }, [message?.n]);
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
    setMessage({ text: problem ?? 'Saved, sending to the shared record.', n: (message?.n ?? 0) + 1, done: !problem });
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
            {PRIORITIES.map(([value, words]) => (
              <option key={value} value={value}>
                {words}
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
      {message && (
        <p tabIndex={-1} ref={messageRef} class="task__message">
          {message.text}
        </p>
      )}
    </details>
  );
}
