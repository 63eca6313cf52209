/**
 * A patient's pending tasks, the way a clinician wants them: overdue first, then by due date.
 */
import type { Resource, Task } from '@medplum/fhirtypes';
import { PENDING_TASK_STATUSES } from '@/utils/fhir/task-statuses';
import { referenceText } from '@/utils/fhir/text';

export interface TaskLine {
  id: string;
  /** What is to be done. */
  text: string;
  status: Task['status'];
  priority?: Task['priority'];
  /** Who holds it: a person, a team or an organisation. */
  owner?: string;
  requester?: string;
  /** YYYY-MM-DD or a dateTime, as the record gives it. */
  due?: string;
  overdue: boolean;
  lastModified?: string;
  /** The version the panel shows: task writes state it (If-Match). */
  version?: string;
  /** The latest note, for the conflict view. */
  lastNote?: string;
}

const PENDING = new Set<string>(PENDING_TASK_STATUSES);

/**
 * The due date of a task: `restriction.period.end` (https://hl7.org/fhir/R4/task.html).
 *
 * @param task - the Task
 */
export function taskDue(task: Task): string | undefined {
  return task.restriction?.period?.end;
}

/**
 * The pending tasks among `resources`, overdue first, then soonest due, then those with no due date.
 *
 * @param resources - the patient's resources (only the Tasks are read)
 * @param now - the time to judge which tasks are overdue
 */
export function pendingTasks(resources: readonly Resource[], now: Date): TaskLine[] {
  const lines = resources
    .filter((r): r is Task => r.resourceType === 'Task' && PENDING.has(r.status))
    .map((task): TaskLine => {
      const due = taskDue(task);
      return {
        id: task.id ?? '',
        text: task.description ?? task.code?.text ?? task.code?.coding?.[0]?.display ?? 'Task (no description)',
        status: task.status,
        priority: task.priority,
        owner: referenceText(task.owner),
        requester: referenceText(task.requester),
        due,
        overdue: due !== undefined && dueBy(due) < now.getTime(),
        lastModified: task.lastModified,
        version: task.meta?.versionId,
        lastNote: task.note?.at(-1)?.text,
      };
    });
  return lines.sort((a, b) => {
    if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
    if (a.due && b.due) return dueBy(a.due) - dueBy(b.due);
    if (a.due || b.due) return a.due ? -1 : 1;
    return a.text.localeCompare(b.text);
  });
}

/**
 * When a task is due by (ms since epoch): a date-only due date is due by the end of that day.
 *
 * @param due - the task's due date or date-time, as FHIR gives it
 */
export function dueBy(due: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(due) ? new Date(`${due}T23:59:59`).getTime() : new Date(due).getTime();
}
