import type { Resource } from '@medplum/fhirtypes';
import type { NormalisedRecord } from '@/utils/fhir/normalised-record';
import { pendingTasks } from '@/utils/tasks/pending-tasks';

/**
 * The toolbar badge's number for a record: pending tasks plus must-see alerts. With the normalised record,
 * alerts are counted by meaning (an administrative flag is not an alert); without it, every active Flag.
 *
 * @param resources - the patient's cached resources
 * @param now - the time to judge which tasks are due
 * @param record - the normalised record, when there is one
 */
export function badgeCount(resources: readonly Resource[], now: Date, record?: NormalisedRecord): number {
  const alerts = record ? record.alerts.filter((a) => a.mustSee).length : resources.filter((r) => r.resourceType === 'Flag' && r.status === 'active').length;
  return pendingTasks(resources.filter((r) => r.resourceType === 'Task'), now).length + alerts;
}
