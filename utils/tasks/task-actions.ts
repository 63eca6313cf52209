/**
 * What a clinician can do to a FHIR Task from the side panel, as plain data, and how each action
 * changes the Task (https://hl7.org/fhir/R4/task.html, the workflow state machine).
 *
 * Actions are kept as intent, not as finished resources: when someone else changed the task first,
 * the same intent can be shown beside their version and, if the clinician chooses, applied on top of it.
 */
import type { Annotation, Task } from '@medplum/fhirtypes';

/** Who a task can be for: a person, a role, a team or an organisation. */
export type OwnerReference = NonNullable<Task['owner']>;

export type TaskAction =
  | { kind: 'accept' }
  | { kind: 'start' }
  | { kind: 'hold'; reason: string }
  | { kind: 'complete'; outcome: string }
  | { kind: 'decline'; reason: string }
  | { kind: 'hand-back'; reason: string }
  | { kind: 'reassign'; owner: OwnerReference; reason?: string }
  | { kind: 'note'; text: string };

export type TaskActionKind = TaskAction['kind'];

/** What a new task for another team says (the create form, or an action of a letter). */
export interface NewTask {
  description: string;
  owner: OwnerReference;
  priority: NonNullable<Task['priority']>;
  /** YYYY-MM-DD, or absent. */
  due?: string;
  /** What the task is about: the letter it comes from (`DocumentReference/…` or `Composition/…`). */
  focus?: { reference: string; display?: string };
  /** Who asks for it, when not the clinician making it: the organisation that wrote the letter. */
  requester?: NonNullable<Task['requester']>;
}

/** Who is acting: the signed-in clinician, or the one the trust configured for this browser. */
export interface Actor {
  reference?: string;
  display: string;
}

/** Ties a version of a task to the write that made it, so a retry can tell it already landed. */
export const WRITE_ID_EXTENSION = 'https://alongside.nhs.example/fhir/StructureDefinition/alongside-write-id';
/** Identifies a task Alongside created, for conditional create (`If-None-Exist`): no duplicate on retry. */
export const WRITE_ID_SYSTEM = 'https://alongside.nhs.example/Id/write-id';

export const ACTION_LABELS: Record<TaskActionKind, string> = {
  accept: 'Accept',
  start: 'Start',
  hold: 'Put on hold',
  complete: 'Complete',
  decline: 'Decline',
  'hand-back': 'Hand back',
  reassign: 'Reassign',
  note: 'Add note',
};

/** Which actions make sense from each status; a note can always be added to a pending task. */
const ALLOWED: Partial<Record<Task['status'], TaskActionKind[]>> = {
  draft: ['accept', 'decline', 'reassign', 'note'],
  requested: ['accept', 'decline', 'reassign', 'note'],
  received: ['accept', 'decline', 'reassign', 'note'],
  accepted: ['start', 'hold', 'complete', 'hand-back', 'reassign', 'note'],
  ready: ['start', 'hold', 'complete', 'hand-back', 'reassign', 'note'],
  'in-progress': ['hold', 'complete', 'hand-back', 'reassign', 'note'],
  'on-hold': ['start', 'complete', 'hand-back', 'reassign', 'note'],
};

/**
 * The actions the panel offers for a task in `status` (none for a task no longer pending).
 *
 * @param status - the task's status now
 */
export function allowedActions(status: Task['status']): TaskActionKind[] {
  return ALLOWED[status] ?? [];
}

/** Actions that need words from the clinician, and what the words are called. */
export const ACTION_TEXT: Partial<Record<TaskActionKind, string>> = {
  hold: 'Reason',
  complete: 'Outcome',
  decline: 'Reason',
  'hand-back': 'Reason',
  note: 'Note',
};

/**
 * A problem with an action in words, or undefined when it can be queued.
 *
 * @param action - the action the clinician asked for
 * @param status - the task's status now
 */
export function actionProblem(action: TaskAction, status: Task['status']): string | undefined {
  if (!allowedActions(status).includes(action.kind)) return `A task that is ${status} cannot be given “${ACTION_LABELS[action.kind]}”.`;
  const text = 'reason' in action ? action.reason : 'outcome' in action ? action.outcome : 'text' in action ? action.text : undefined;
  if (ACTION_TEXT[action.kind] && action.kind !== 'reassign' && !text?.trim()) return `${ACTION_TEXT[action.kind]} is needed.`;
  if (action.kind === 'reassign' && !action.owner.reference) return 'Choose who the task goes to.';
  return undefined;
}

/**
 * The task after `action`, made on top of `current`. Pure: `current` is not changed. The write id
 * goes in an extension so that a retry after a lost answer can see the write already landed.
 *
 * @param current - the task as last read
 * @param action - the clinician's action
 * @param actor - who is acting: named in the notes, and made owner when accepting a task with none
 * @param writeId - the outbox write's id, kept in the task
 * @param at - when the clinician acted
 */
export function applyTaskAction(current: Task, action: TaskAction, actor: Actor, writeId: string, at: Date): Task {
  const next: Task = structuredClone(current);
  delete next.meta;
  const when = at.toISOString();
  const note = (text: string): Annotation => ({
    text,
    time: when,
    ...(actor.reference ? { authorReference: { reference: actor.reference, display: actor.display } } : { authorString: actor.display }),
  });
  const addNote = (text: string) => (next.note = [...(next.note ?? []), note(text)]);
  switch (action.kind) {
    case 'accept':
      next.status = 'accepted';
      // Accepted on behalf of the team it was sent to; the person is named when the task has no owner.
      if (!next.owner && actor.reference) next.owner = { reference: actor.reference, display: actor.display };
      break;
    case 'start':
      next.status = 'in-progress';
      delete next.statusReason;
      break;
    case 'hold':
      next.status = 'on-hold';
      next.statusReason = { text: action.reason };
      addNote(`On hold: ${action.reason}`);
      break;
    case 'complete':
      next.status = 'completed';
      next.output = [...(next.output ?? []), { type: { text: 'Outcome' }, valueString: action.outcome }];
      addNote(`Completed: ${action.outcome}`);
      break;
    case 'decline':
      next.status = 'rejected';
      next.statusReason = { text: action.reason };
      addNote(`Declined: ${action.reason}`);
      break;
    case 'hand-back':
      // Back to whoever asked, to be sent on again.
      next.status = 'requested';
      next.owner = next.requester;
      next.statusReason = { text: action.reason };
      addNote(`Handed back: ${action.reason}`);
      break;
    case 'reassign':
      next.status = 'requested';
      next.owner = action.owner;
      addNote(`Reassigned to ${action.owner.display ?? action.owner.reference}${action.reason ? `: ${action.reason}` : ''}`);
      break;
    case 'note':
      addNote(action.text);
      break;
  }
  next.lastModified = when;
  next.extension = [...(next.extension ?? []).filter((e) => e.url !== WRITE_ID_EXTENSION), { url: WRITE_ID_EXTENSION, valueString: writeId }];
  return next;
}

/**
 * A new task about `patientId` for another team, requested by `actor`.
 *
 * @param patientId - the Patient's id on the server
 * @param spec - what the clinician filled in: what to do, for whom, how urgent, by when
 * @param actor - who is asking: the requester, unless `spec` names one
 * @param writeId - the outbox write's id, kept in the task
 * @param at - when the clinician asked
 */
export function buildNewTask(patientId: string, spec: NewTask, actor: Actor, writeId: string, at: Date): Task {
  return {
    resourceType: 'Task',
    status: 'requested',
    intent: 'order',
    priority: spec.priority,
    description: spec.description,
    for: { reference: `Patient/${patientId}` },
    owner: spec.owner,
    requester: spec.requester ?? (actor.reference ? { reference: actor.reference, display: actor.display } : { display: actor.display }),
    ...(spec.focus ? { focus: spec.focus } : {}),
    // Asked for by a letter's author: who made it a task is said in a note of theirs.
    ...(spec.requester ? { note: [{ text: 'Made a task from the letter in Alongside.', time: at.toISOString(), ...(actor.reference ? { authorReference: { reference: actor.reference, display: actor.display } } : { authorString: actor.display }) }] } : {}),
    authoredOn: at.toISOString(),
    lastModified: at.toISOString(),
    identifier: [{ system: WRITE_ID_SYSTEM, value: writeId }],
    ...(spec.due ? { restriction: { period: { end: spec.due } } } : {}),
    extension: [{ url: WRITE_ID_EXTENSION, valueString: writeId }],
  };
}

/**
 * A problem with a new task in words, or undefined.
 *
 * @param spec - what the clinician filled in
 * @param today - today as YYYY-MM-DD, so a due date in the past is refused
 */
export function newTaskProblem(spec: NewTask, today: string): string | undefined {
  if (!spec.description.trim()) return 'Say what is to be done.';
  if (!spec.owner.reference) return 'Choose who the task is for.';
  if (spec.due && !/^\d{4}-\d{2}-\d{2}$/.test(spec.due)) return 'The due date is not a date.';
  if (spec.due && spec.due < today) return 'The due date is in the past.';
  return undefined;
}

/**
 * True when this version of the task was made by write `writeId`.
 *
 * @param task - the task as the server now has it
 * @param writeId - the outbox write's id
 */
export function madeByWrite(task: Task, writeId: string): boolean {
  return task.extension?.some((e) => e.url === WRITE_ID_EXTENSION && e.valueString === writeId) ?? false;
}

/**
 * A line describing an action, for the outbox and the conflict view.
 *
 * @param action - the queued action
 */
export function describeAction(action: TaskAction): string {
  switch (action.kind) {
    case 'hold':
    case 'decline':
    case 'hand-back':
      return `${ACTION_LABELS[action.kind]}: ${action.reason}`;
    case 'complete':
      return `Complete: ${action.outcome}`;
    case 'reassign':
      return `Reassign to ${action.owner.display ?? action.owner.reference}`;
    case 'note':
      return `Note: ${action.text}`;
    case 'accept':
    case 'start':
      return ACTION_LABELS[action.kind];
  }
}

/** The answer to a task write: queued (with its write id), or why it was not. */
export type TaskWriteAnswer = { writeId: string } | { problem: string };
