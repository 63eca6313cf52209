import type { Resource } from '@medplum/fhirtypes';
import { pendingTasks } from '../tasks/pending-tasks';

/** The toolbar badge's number for a record: pending tasks plus active alerts. */
export function badgeCount(resources: readonly Resource[], now: Date): number {
  const alerts = resources.filter((r) => r.resourceType === 'Flag' && r.status === 'active').length;
  return pendingTasks(resources.filter((r) => r.resourceType === 'Task'), now).length + alerts;
}
