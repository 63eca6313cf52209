/**
 * Identifier systems under which the sandbox's shared record holds its demo EPRs' own patient ids. A
 * trust's shared record decides its own, and names them per EPR site (`eprSites[].localIdSystem`); the
 * built-in readers never assume these.
 */
export const LOCAL_IDENTIFIER_SYSTEMS = {
  /** The demo EPRs' own ids (OpenMRS uuids and OpenEMR public ids together), as the demo site names them. */
  demoEprPatient: 'https://alongside.test/id/epr-patient',
  openmrsUuid: 'https://alongside.test/id/openmrs-patient-uuid',
  openemrPubpid: 'https://alongside.test/id/openemr-pubpid',
} as const;

/**
 * Not an identifier system but the shared record's own Patient.id: an EPR that runs on the shared
 * record names patients by it. Resolved by reading `Patient/<id>`, not by searching.
 */
export const FHIR_PATIENT_ID_SYSTEM = 'urn:alongside:fhir-patient-id';
