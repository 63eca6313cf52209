/**
 * The GP's record through GP Connect Access Record: Structured
 * (https://developer.nhs.uk/apis/gpconnect/accessrecord_structured.html): `POST
 * /Patient/$gpc.getstructuredrecord` with the NHS number, answered with an STU3 `collection` Bundle.
 * Where a trust configures it (normally its own proxy, which adds the Spine Secure Proxy headers and
 * the JWT GP Connect needs), it is read beside the shared record and normalised into the same record,
 * each line saying "GP record".
 *
 * What the GP record sends is checked like the shared record's: its Patient must carry this patient's
 * NHS number, every resource must belong to that Patient, and what is kept is capped.
 */
import type { Bundle, Parameters, Patient, Resource } from '@medplum/fhirtypes';
import { FhirError, type FhirClient } from '@/utils/fhir/client';
import type { Omission } from '@/utils/fhir/normalised-record';
import { boundResources } from '@/utils/record/fetch';
import { keepOwnResources } from '@/utils/record/guards/ownership';
import { nameOfResource, referenceKey } from '@/utils/record/guards/references';
import { NHS_NUMBER_SYSTEMS, nhsNumberOf } from '@/utils/record/guards/nhs-number-verification';

/**
 * The operation's parameters: allergies (with resolved ones), medicines (without each issue), problems.
 *
 * @param nhsNumber - the patient's NHS number (10 digits)
 */
export function structuredRecordRequest(nhsNumber: string): Parameters {
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'patientNHSNumber', valueIdentifier: { system: NHS_NUMBER_SYSTEMS[0], value: nhsNumber } },
      { name: 'includeAllergies', part: [{ name: 'includeResolvedAllergies', valueBoolean: false }] },
      { name: 'includeMedication', part: [{ name: 'includePrescriptionIssues', valueBoolean: false }] },
      { name: 'includeProblems' },
    ],
  };
}

export interface GpRecord {
  resources: Resource[];
  /** The GP practice, as the record names it. */
  practice?: string;
  otherPatients: number;
  omitted: Omission[];
}

/**
 * Reads the GP's structured record for an NHS number. Throws `FhirError` when it cannot be had or is
 * not this patient's.
 *
 * @param client - the FHIR client for the trust's GP Connect service
 * @param nhsNumber - the patient's NHS number (10 digits)
 */
export async function fetchGpRecord(client: FhirClient, nhsNumber: string): Promise<GpRecord> {
  const res = await client.request<Bundle>('POST', 'Patient/$gpc.getstructuredrecord', structuredRecordRequest(nhsNumber));
  const bundle = res.body;
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'collection') throw new FhirError('invalid', 'The GP record did not answer with a structured record.');
  const resources = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => !!r);
  const patients = resources.filter((r): r is Patient => r.resourceType === 'Patient');
  const patient = patients.find((p) => nhsNumberOf(p) === nhsNumber);
  if (!patient?.id) throw new FhirError('invalid', 'The GP record is for a different NHS number; it was not used.');
  const own = keepOwnResources(resources, { id: patient.id, nhsNumber });
  const bounded = boundResources(own.kept);
  const practiceKey = referenceKey(patient.managingOrganization?.reference);
  const practice = patient.managingOrganization?.display ?? own.kept.filter((r) => `${r.resourceType}/${r.id}` === practiceKey).map((r) => nameOfResource(r)).find(Boolean);
  return { resources: bounded.kept, practice, otherPatients: own.otherPatients, omitted: bounded.omitted.map((o) => ({ ...o, what: `GP record ${o.what}` })) };
}
