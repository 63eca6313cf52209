/** Task statuses that mean work is still waiting for someone (https://hl7.org/fhir/R4/valueset-task-status.html). */
export const PENDING_TASK_STATUSES = ['draft', 'requested', 'received', 'accepted', 'ready', 'in-progress', 'on-hold'] as const;
