/**
 * The sandbox's GP Connect Access Record: Structured endpoint: `POST /Patient/$gpc.getstructuredrecord`
 * answered for any sandbox patient, by NHS number, with an STU3 `collection` Bundle in the published shape
 * (https://developer.nhs.uk/apis/gpconnect/accessrecord_structured.html, and the examples in
 * ../shared/fixtures/uk-real/gp-connect/): the Patient with the CareConnect-GPC verification extension, the
 * practice, the GP and their role, an allergy List with STU3 AllergyIntolerances (plain-string statuses),
 * and a medication List with MedicationStatements, authorisations (MedicationRequest, intent `plan`) and
 * Medications by reference, dm+d written with a trailing slash as real payloads do.
 *
 * The GP record is made from the patient's shared-record allergies and medicines (so the same facts reach
 * Alongside from two sources), plus anything only the GP holds (`GP_ONLY`).
 */
import type { MemoryRepository } from '@medplum/fhir-router';
import type { AllergyIntolerance, Bundle, CodeableConcept, Medication, MedicationRequest, MedicationStatement, Parameters, Patient, Resource } from '@medplum/fhirtypes';
import { NHS_NUMBER_SYSTEM } from '../../utils/shared/nhs-number';

/** Where the sandbox serves it, beside the FHIR R4 base. */
export const GP_CONNECT_PATH = '/gpconnect/structured/fhir';

const STU3 = 'https://fhir.nhs.uk/STU3/StructureDefinition';
const SCT = 'http://snomed.info/sct';

/** What only the GP's record holds, per shared-record patient id: medicines issued in primary care. */
export const GP_ONLY: Record<string, { medicines: { text: string; code?: string; dose: string }[] }> = {
  'uk-core-nadia-okafor': { medicines: [{ text: 'Alendronic acid 70mg tablets', dose: 'One tablet once a week on Sunday, before breakfast' }] },
};

/** The NHS number asked for, from the operation's Parameters. */
export function requestedNhsNumber(body: unknown): string | undefined {
  const p = body as Parameters | undefined;
  if (p?.resourceType !== 'Parameters') return undefined;
  return p.parameter?.find((x) => x.name === 'patientNHSNumber')?.valueIdentifier?.value;
}

/** The structured record for an NHS number, or undefined when no sandbox patient has it. */
export async function structuredRecord(repo: MemoryRepository, nhsNumber: string): Promise<Bundle | undefined> {
  const search = <T extends Resource>(resourceType: T['resourceType'], code: string, value: string) =>
    repo.searchResources<T>({ resourceType, filters: [{ code, operator: 'eq' as never, value }] });
  const [patient] = await search<Patient>('Patient', 'identifier', `${NHS_NUMBER_SYSTEM}|${nhsNumber}`);
  if (!patient?.id) return undefined;
  const ref = `Patient/${patient.id}`;
  const gpId = `gpc-${patient.id}`;
  const practiceRef = 'Organization/gpc-practice';
  const roleRef = 'PractitionerRole/gpc-gp-role';
  const subject = { reference: `Patient/${gpId}` };

  const entries: Resource[] = [
    {
      resourceType: 'Patient',
      id: gpId,
      meta: { profile: [`${STU3}/CareConnect-GPC-Patient-1`] },
      identifier: [
        {
          system: NHS_NUMBER_SYSTEM,
          value: nhsNumber,
          extension: [
            {
              url: `${STU3}/Extension-CareConnect-GPC-NHSNumberVerificationStatus-1`,
              valueCodeableConcept: { coding: [{ system: 'https://fhir.nhs.uk/CareConnect-NHSNumberVerificationStatus-1', code: '01', display: 'Number present and verified' }] },
            },
          ],
        },
      ],
      name: patient.name,
      gender: patient.gender,
      birthDate: patient.birthDate,
      managingOrganization: { reference: practiceRef },
      generalPractitioner: [{ reference: 'Practitioner/gpc-gp' }],
    } as Patient,
    { resourceType: 'Organization', id: 'gpc-practice', meta: { profile: [`${STU3}/CareConnect-GPC-Organization-1`] }, name: 'Riverside Surgery', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'Y01234' }] },
    { resourceType: 'Practitioner', id: 'gpc-gp', meta: { profile: [`${STU3}/CareConnect-GPC-Practitioner-1`] }, name: [{ use: 'usual', family: 'Carter', given: ['Helen'], prefix: ['Dr'] }] },
    {
      resourceType: 'PractitionerRole', id: 'gpc-gp-role', practitioner: { reference: 'Practitioner/gpc-gp' }, organization: { reference: practiceRef },
      code: [{ coding: [{ system: 'https://fhir.hl7.org.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1', code: 'R0260', display: 'General Medical Practitioner' }] }],
    },
  ];

  // Allergies, STU3 style: statuses as plain strings, assertedDate, a List naming each.
  const allergies = (await search<AllergyIntolerance>('AllergyIntolerance', 'patient', ref)).filter(
    (a) => a.clinicalStatus?.coding?.[0]?.code === 'active' && !['entered-in-error', 'refuted'].includes(a.verificationStatus?.coding?.[0]?.code ?? ''),
  );
  const allergyIds = allergies.map((a, i) => {
    const id = `gpc-allergy-${i}`;
    entries.push({
      resourceType: 'AllergyIntolerance', id, meta: { profile: [`${STU3}/CareConnect-GPC-AllergyIntolerance-1`] },
      clinicalStatus: 'active', verificationStatus: 'confirmed', type: a.type ?? 'allergy', category: ['medication'], criticality: a.criticality,
      code: a.code, patient: subject, assertedDate: a.recordedDate, recorder: { reference: roleRef }, reaction: a.reaction,
    } as unknown as Resource);
    return id;
  });
  entries.push({
    resourceType: 'List', id: 'gpc-allergy-list', status: 'current', mode: 'snapshot', title: 'Active Allergies', subject,
    code: { coding: [{ system: SCT, code: '886921000000105', display: 'Allergies and adverse reaction' }] },
    ...(allergyIds.length
      ? { entry: allergyIds.map((id) => ({ item: { reference: `AllergyIntolerance/${id}` } })) }
      : { emptyReason: { coding: [{ system: 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-ListEmptyReasonCode-1', code: 'no-content-recorded', display: 'No Content Recorded' }] } }),
  } as Resource);

  // Medicines: each current one a MedicationStatement, its authorisation and its Medication, by reference.
  const requests = (await search<MedicationRequest>('MedicationRequest', 'subject', ref)).filter((m) => m.status === 'active');
  const statements = (await search<MedicationStatement>('MedicationStatement', 'subject', ref)).filter((m) => m.status === 'active');
  const conceptOf = async (m: MedicationRequest | MedicationStatement): Promise<CodeableConcept | undefined> => {
    if (m.medicationCodeableConcept) return m.medicationCodeableConcept;
    const reference = m.medicationReference?.reference ?? '';
    const medication = reference.startsWith('#')
      ? m.contained?.find((c): c is Medication => c.resourceType === 'Medication' && c.id === reference.slice(1))
      : reference.startsWith('Medication/') ? await repo.readResource<Medication>('Medication', reference.slice('Medication/'.length)).catch(() => undefined) : undefined;
    return medication?.code ?? (m.medicationReference?.display ? { text: m.medicationReference.display } : undefined);
  };
  const shared = await Promise.all(
    [...requests, ...statements].map(async (m) => ({
      concept: await conceptOf(m),
      dose: m.resourceType === 'MedicationRequest' ? m.dosageInstruction?.[0]?.text : m.dosage?.[0]?.text,
      date: m.resourceType === 'MedicationRequest' ? m.authoredOn : m.effectivePeriod?.start,
    })),
  );
  const meds = [
    ...shared,
    ...(GP_ONLY[patient.id]?.medicines ?? []).map((m) => ({ concept: { text: m.text, coding: m.code ? [{ system: 'https://dmd.nhs.uk/', code: m.code, display: m.text }] : [] }, dose: m.dose, date: undefined })),
  ].filter((m) => m.concept);
  const statementIds = meds.map((m, i) => {
    const medicationId = `gpc-med-${i}`;
    const planId = `gpc-plan-${i}`;
    const statementId = `gpc-statement-${i}`;
    const coding = (m.concept!.coding ?? []).map((c) => (/dmd/.test(c.system ?? '') ? { ...c, system: 'https://dmd.nhs.uk/' } : c));
    entries.push(
      { resourceType: 'Medication', id: medicationId, meta: { profile: [`${STU3}/CareConnect-GPC-Medication-1`] }, code: { coding: coding.length ? coding : [{ display: m.concept!.text }], text: m.concept!.text } },
      {
        resourceType: 'MedicationRequest', id: planId, status: 'active', intent: 'plan', subject, medicationReference: { reference: `Medication/${medicationId}` },
        recorder: { reference: roleRef }, authoredOn: m.date?.slice(0, 10), dosageInstruction: [{ text: m.dose }],
      } as unknown as Resource,
      {
        resourceType: 'MedicationStatement', id: statementId, status: 'active', subject, medicationReference: { reference: `Medication/${medicationId}` },
        basedOn: [{ reference: `MedicationRequest/${planId}` }], effectivePeriod: { start: m.date?.slice(0, 10) }, dosage: [{ text: m.dose }],
      } as unknown as Resource,
    );
    return statementId;
  });
  entries.push({
    resourceType: 'List', id: 'gpc-medication-list', status: 'current', mode: 'snapshot', title: 'Medication List', subject,
    code: { coding: [{ system: SCT, code: '933361000000108', display: 'Medications and medical devices' }] },
    entry: statementIds.map((id) => ({ item: { reference: `MedicationStatement/${id}` } })),
  } as Resource);

  return {
    resourceType: 'Bundle',
    type: 'collection',
    meta: { profile: [`${STU3}/GPConnect-StructuredRecord-Bundle-1`] },
    entry: entries.map((resource) => ({ resource })),
  };
}
