import type { RefObject } from 'preact';
import type { OwnerReference } from '@/utils/tasks/task-actions';

/** Choose who a task goes to, from the people and teams already in this patient's care. */
export function OwnerSelect(props: { owners: OwnerReference[]; value?: string; onChange?: (reference: string) => void; required?: boolean; selectRef?: RefObject<HTMLSelectElement | HTMLTextAreaElement | null> }) {
  return (
    <select
      name="owner"
      value={props.value}
      required={props.required}
      ref={props.selectRef as RefObject<HTMLSelectElement | null> | undefined}
      onChange={props.onChange && ((e) => props.onChange!((e.target as HTMLSelectElement).value))}
    >
      <option value="">Choose…</option>
      {props.owners.map((o) => (
        <option key={o.reference} value={o.reference}>
          {o.display}
        </option>
      ))}
    </select>
  );
}
