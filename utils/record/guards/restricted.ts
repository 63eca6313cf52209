/**
 * Restricted (sensitive) patients: how they are recognised, and what of them may be kept.
 */
import type { Patient, Resource } from '@medplum/fhirtypes';

/**
 * Whether a Patient is restricted (a sensitive record): confidentiality `R` (restricted) or `V` (very
 * restricted) in `meta.security`, as the Personal Demographics Service marks it.
 * https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir
 */
export function isRestricted(patient: Pick<Patient, 'meta'>): boolean {
  return (patient.meta?.security ?? []).some((s) => /v3-confidentiality/i.test(s.system ?? '') && (s.code === 'R' || s.code === 'V'));
}

/** A restricted patient as it may be kept: no address, telecom, contacts or photo. */
export function withoutRestrictedDetails(patient: Patient, restricted = isRestricted(patient)): Patient {
  if (!restricted) return patient;
  const { address: _a, telecom: _t, contact: _c, photo: _p, ...rest } = patient;
  return rest;
}

/**
 * A restricted patient's other resources as they may be kept: every copy of the Patient (another source
 * may not mark it restricted) without contact details, and no related persons (whose addresses and
 * numbers would lead to the patient).
 */
export function withoutRestrictedContacts(resources: readonly Resource[], restricted: boolean): Resource[] {
  if (!restricted) return [...resources];
  return resources.filter((r) => r.resourceType !== 'RelatedPerson').map((r) => (r.resourceType === 'Patient' ? withoutRestrictedDetails(r, true) : r));
}

