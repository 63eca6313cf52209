/**
 * Who a task can be sent to from this patient's record: the teams and people already involved in
 * their care (care team members, task owners and requesters), and the clinician's own teams.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { OwnerReference } from './task-actions';

const OWNER_TYPES = /^(Practitioner|PractitionerRole|Organization|CareTeam|HealthcareService)\//;

/**
 * Who a task can be sent to, each reference once, by name (see the top of this file).
 *
 * @param resources - the patient's cached record
 * @param extra - the clinician's own teams; a display from the record wins over theirs
 */
export function ownerChoices(resources: readonly Resource[], extra: OwnerReference[] = []): OwnerReference[] {
  const found = new Map<string, OwnerReference>();
  const add = (ref: { reference?: string; display?: string } | undefined) => {
    if (!ref?.reference || !OWNER_TYPES.test(ref.reference) || found.has(ref.reference)) return;
    found.set(ref.reference, { reference: ref.reference, display: ref.display ?? ref.reference });
  };
  for (const r of resources) {
    if (r.resourceType === 'CareTeam') {
      r.participant?.forEach((p) => add(p.member));
      r.managingOrganization?.forEach(add);
    }
    if (r.resourceType === 'Task') {
      add(r.owner);
      add(r.requester);
    }
  }
  // The clinician's own teams last, so a display from the record wins.
  extra.forEach(add);
  return [...found.values()].sort((a, b) => (a.display ?? '').localeCompare(b.display ?? ''));
}
