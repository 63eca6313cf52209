/**
 * References in words: the key of what a reference points at, and the name of an Organization,
 * Practitioner, PractitionerRole or Location (UK Core references usually carry no display).
 */
import type { Reference, Resource } from '@medplum/fhirtypes';
import { conceptText, firstConceptText } from '@/utils/fhir/text';

/**
 * `Organization/x` from a relative or absolute reference.
 *
 * @param reference - the reference's `reference` string
 */
export function referenceKey(reference: string | undefined): string | undefined {
  const m = /(?:^|\/)([A-Z][A-Za-z]+\/[^/]+?)(?:\/_history\/[^/]+)?$/.exec(reference ?? '');
  return m?.[1];
}

/**
 * The name of an Organization, Practitioner, PractitionerRole or Location, in words.
 *
 * @param r - the resource to name
 * @param nameOf - names what a PractitionerRole points at (none given: only its role is named)
 */
export function nameOfResource(r: Resource, nameOf: (ref: Reference | undefined) => string | undefined = () => undefined): string | undefined {
  if (r.resourceType === 'Organization' || r.resourceType === 'Location' || r.resourceType === 'HealthcareService' || r.resourceType === 'CareTeam') return r.name;
  if (r.resourceType === 'Condition') return conceptText(r.code);
  if (r.resourceType === 'Practitioner') {
    const n = r.name?.find((x) => x.use === 'official') ?? r.name?.[0];
    if (!n) return undefined;
    return n.text ?? ([...(n.prefix ?? []), ...(n.given ?? []), n.family].filter(Boolean).join(' ') || undefined);
  }
  if (r.resourceType === 'PractitionerRole') {
    const person = nameOf(r.practitioner);
    const role = firstConceptText(r.code);
    const org = nameOf(r.organization);
    return [person ?? role, person && role ? `(${role})` : undefined, org && `, ${org}`].filter(Boolean).join(' ').replace(' ,', ',') || undefined;
  }
  return undefined;
}

