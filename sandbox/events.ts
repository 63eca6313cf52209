/**
 * Makes care events happen in the sandbox, so the demo shows notifications and the tests drive them:
 * a task assigned to the demo clinician's team, a task of theirs becoming overdue, a missed
 * appointment, an admission, a discharge, a new safeguarding or resuscitation flag.
 *
 * Served at POST /_sandbox/events on the FHIR sandbox (body `{ kind, patientId }`), from the control
 * page of the EPR sandbox (/control), and by `npm run sandbox:event -- <kind> <patientId>`.
 */
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Appointment, Encounter, Flag, Resource, Task } from '@medplum/fhirtypes';

export const SANDBOX_EVENT_KINDS = ['task-assigned', 'task-overdue', 'appointment-missed', 'admission', 'discharge', 'safeguarding-flag', 'resuscitation-flag'] as const;
export type SandboxEventKind = (typeof SANDBOX_EVENT_KINDS)[number];

/** The demo clinician's team (the extension's default settings name it). */
export const DEMO_TEAM = { reference: 'Organization/org-northshire-community', display: 'Northshire Community Nursing Team' };

const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';

export async function triggerSandboxEvent(repo: MemoryRepository, kind: SandboxEventKind, patientId: string, now = new Date()): Promise<Resource> {
  const patient = { reference: `Patient/${patientId}` };
  await repo.readResource('Patient', patientId); // throws not-found for an unknown patient
  const yesterday = new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
  switch (kind) {
    case 'task-assigned':
      return repo.createResource<Task>({
        resourceType: 'Task', status: 'requested', intent: 'order', priority: 'urgent', for: patient, owner: DEMO_TEAM,
        description: 'Post-discharge visit: check medicines and wound within 48 hours',
        requester: { reference: 'Practitioner/pr-james-oconnor', display: "Dr James O'Connor" },
        authoredOn: now.toISOString(), lastModified: now.toISOString(),
        restriction: { period: { end: new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10) } },
      });
    case 'task-overdue':
      return repo.createResource<Task>({
        resourceType: 'Task', status: 'accepted', intent: 'order', priority: 'routine', for: patient, owner: DEMO_TEAM,
        description: 'Review leg ulcer dressing plan', requester: { reference: 'Practitioner/pr-helen-carter', display: 'Dr Helen Carter' },
        authoredOn: now.toISOString(), lastModified: now.toISOString(), restriction: { period: { end: yesterday } },
      });
    case 'appointment-missed': {
      const booked = (await repo.searchResources<Appointment>({ resourceType: 'Appointment', filters: [{ code: 'actor', operator: 'eq' as never, value: patient.reference }] })).find((a) => a.status === 'booked');
      if (booked) return repo.updateResource<Appointment>({ ...booked, status: 'noshow' });
      return repo.createResource<Appointment>({
        resourceType: 'Appointment', status: 'noshow', description: 'Outpatient clinic', start: now.toISOString(), end: new Date(now.getTime() + 30 * 60_000).toISOString(),
        participant: [{ actor: patient, status: 'declined' }],
      });
    }
    case 'admission':
      return repo.createResource<Encounter>({
        resourceType: 'Encounter', status: 'in-progress', class: { system: ACT_CODE, code: 'IMP', display: 'inpatient encounter' },
        type: [{ text: 'Emergency admission: shortness of breath' }], subject: patient, period: { start: now.toISOString() },
        serviceProvider: { reference: 'Organization/org-northshire-general', display: 'Northshire General Hospital NHS Trust' },
      });
    case 'discharge': {
      const open = (await repo.searchResources<Encounter>({ resourceType: 'Encounter', filters: [{ code: 'subject', operator: 'eq' as never, value: patient.reference }] })).find((e) => e.status === 'in-progress' && e.class?.code === 'IMP');
      const base: Encounter = open ?? { resourceType: 'Encounter', status: 'in-progress', class: { system: ACT_CODE, code: 'IMP' }, subject: patient, period: { start: new Date(now.getTime() - 3 * 86_400_000).toISOString() } };
      const discharged: Encounter = { ...base, status: 'finished', period: { ...base.period, end: now.toISOString() }, hospitalization: { dischargeDisposition: { text: 'Discharged home with community nursing follow-up' } } };
      return open ? repo.updateResource(discharged) : repo.createResource(discharged);
    }
    case 'safeguarding-flag':
    case 'resuscitation-flag':
      return repo.createResource<Flag>({
        resourceType: 'Flag', status: 'active', subject: patient, period: { start: now.toISOString() },
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' }] }],
        code: kind === 'safeguarding-flag' ? { text: 'Safeguarding concern: adult at risk' } : { text: 'DNACPR decision in place' },
      });
  }
}

export function isSandboxEventKind(kind: unknown): kind is SandboxEventKind {
  return typeof kind === 'string' && (SANDBOX_EVENT_KINDS as readonly string[]).includes(kind);
}
