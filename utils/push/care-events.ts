/**
 * What in a cycle's changes deserves a nudge: a task assigned to me or my team, a task of mine
 * becoming overdue, a watched patient's appointment marked missed, an admission or a discharge, a new
 * safeguarding or resuscitation flag.
 *
 * Each event has a key; an event whose key was already notified is not notified again (cycles overlap
 * a little on purpose, so that nothing falls between them).
 */
import type { Appointment, Encounter, Flag, Resource, Task } from '@medplum/fhirtypes';
import { PENDING_TASK_STATUSES } from '@/utils/record/fetch';
import { patientIdOf } from '@/utils/fhir/text';
import type { NotificationKind } from '@/utils/settings/notification-kinds';
import { dueBy, taskDue } from '@/utils/tasks/pending-tasks';

export { KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from '@/utils/settings/notification-kinds';

export interface CareEvent {
  kind: NotificationKind;
  /** Unique per happening: the same happening seen twice is one event. */
  key: string;
  patientId?: string;
  /** The resource it is about, e.g. `Task/123`. */
  resource: string;
}

const PENDING = new Set<string>(PENDING_TASK_STATUSES);
const SAFEGUARDING = /safeguard|child protection|adult at risk|domestic abuse|looked after/i;
const RESUSCITATION = /dnacpr|dnar|do not attempt|resuscitat|respect form/i;
const INPATIENT_CLASSES = new Set(['IMP', 'ACUTE', 'NONAC', 'inpatient']);


/**
 * The events in one cycle's changes that deserve a nudge (see the top of this file).
 *
 * @param input - the cycle's changed resources, my pending tasks, the owner references that count as me or my
 *   team, the watched Patient ids, and now
 */
export function detectEvents(input: { changed: Resource[]; myTasks: Task[]; owners: string[]; watched: Set<string>; now: Date }): CareEvent[] {
  const events: CareEvent[] = [];
  const mine = new Set(input.owners);
  for (const r of input.changed) {
    if (r.resourceType === 'Appointment') events.push(...appointmentEvents(r, input.watched));
    if (r.resourceType === 'Encounter') events.push(...encounterEvents(r, input.watched));
    if (r.resourceType === 'Flag') events.push(...flagEvents(r, input.watched));
  }
  // Tasks: assignment from the changed ones and my full list (a task assigned to me may be for a patient nobody watches).
  const tasks = new Map<string, Task>();
  for (const t of [...input.changed.filter((r): r is Task => r.resourceType === 'Task'), ...input.myTasks]) tasks.set(t.id ?? '', t);
  for (const t of tasks.values()) {
    const owner = t.owner?.reference;
    if (!owner || !mine.has(owner) || !PENDING.has(t.status)) continue;
    const patientId = patientIdOf(t.for?.reference);
    if (t.status === 'requested' || t.status === 'received' || t.status === 'ready' || t.status === 'draft') {
      // Keyed by owner: handed back and sent again is a new assignment.
      events.push({ kind: 'task-assigned', key: `task-assigned:${t.id}:${owner}`, patientId, resource: `Task/${t.id}` });
    }
    const due = taskDue(t);
    if (due && dueBy(due) < input.now.getTime()) events.push({ kind: 'task-overdue', key: `task-overdue:${t.id}:${due}`, patientId, resource: `Task/${t.id}` });
  }
  return events;
}

function appointmentEvents(a: Appointment, watched: Set<string>): CareEvent[] {
  if (a.status !== 'noshow') return [];
  const patientId = a.participant?.map((p) => patientIdOf(p.actor?.reference)).find((id) => id && watched.has(id));
  return patientId ? [{ kind: 'appointment-missed', key: `appointment-missed:${a.id}`, patientId, resource: `Appointment/${a.id}` }] : [];
}

function encounterEvents(e: Encounter, watched: Set<string>): CareEvent[] {
  const patientId = patientIdOf(e.subject?.reference);
  if (!patientId || !watched.has(patientId) || !INPATIENT_CLASSES.has(e.class?.code ?? '')) return [];
  if (e.status === 'in-progress' || e.status === 'arrived') return [{ kind: 'admission', key: `admission:${e.id}`, patientId, resource: `Encounter/${e.id}` }];
  if (e.status === 'finished') return [{ kind: 'discharge', key: `discharge:${e.id}`, patientId, resource: `Encounter/${e.id}` }];
  return [];
}

function flagEvents(f: Flag, watched: Set<string>): CareEvent[] {
  const patientId = patientIdOf(f.subject?.reference);
  if (!patientId || !watched.has(patientId) || f.status !== 'active') return [];
  const words = [f.code?.text, ...(f.code?.coding ?? []).map((c) => c.display), ...(f.category ?? []).flatMap((c) => [c.text, ...(c.coding ?? []).map((x) => x.display ?? x.code)])].join(' ');
  if (RESUSCITATION.test(words)) return [{ kind: 'resuscitation-flag', key: `resuscitation-flag:${f.id}`, patientId, resource: `Flag/${f.id}` }];
  if (SAFEGUARDING.test(words)) return [{ kind: 'safeguarding-flag', key: `safeguarding-flag:${f.id}`, patientId, resource: `Flag/${f.id}` }];
  return [];
}
