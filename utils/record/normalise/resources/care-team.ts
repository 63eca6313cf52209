/** CareTeam: its members, and its lead where a role says so (never guessed). */
import type { CareTeam, CodeableConcept } from '@medplum/fhirtypes';
import { conceptText, firstConceptText } from '@/utils/fhir/text';
import type { ResourceReader } from '../collected';
import { careTeamStatus } from '../statuses';

export const readCareTeam: ResourceReader = (r, { part, into }) => {
  const t = r as unknown as CareTeam;
  const verdict = careTeamStatus(t);
  if (!verdict.keep) return;
  const members = (t.participant ?? []).map((p) => ({
    name: part.name(p.member) ?? 'not named',
    role: firstConceptText(p.role?.filter((x) => !isLeadRole(x))),
    isLead: (p.role ?? []).some(isLeadRole),
    organisation: part.name(p.onBehalfOf),
  }));
  const lead = members.find((m) => m.isLead);
  into.careTeams.push({
    ...part.item(r, verdict, t.period?.start, undefined, lead?.organisation ?? part.name(t.managingOrganization?.[0])),
    name: t.name,
    lead: lead ? { name: lead.name, role: lead.role, organisation: lead.organisation } : undefined,
    members: members.map(({ name, role }) => ({ name, role })),
  });
};

function isLeadRole(role: CodeableConcept): boolean {
  return /\blead\b/i.test(conceptText(role) ?? '');
}
