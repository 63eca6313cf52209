/**
 * Identifier systems under which EPR-local patient ids are recorded on the shared record's Patient.
 * A trust's shared record decides these; the defaults are the demo EPRs' ones.
 */
export const LOCAL_IDENTIFIER_SYSTEMS = {
  openmrsUuid: 'https://alongside.test/id/openmrs-patient-uuid',
  openemrPubpid: 'https://alongside.test/id/openemr-pubpid',
} as const;

/**
 * Not an identifier system but the shared record's own Patient.id: an EPR that runs on the shared
 * record names patients by it. Resolved by reading `Patient/<id>`, not by searching.
 */
export const FHIR_PATIENT_ID_SYSTEM = 'urn:alongside:fhir-patient-id';
