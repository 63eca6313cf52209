/**
 * Identifier systems under which EPR-local patient ids are recorded on the shared record's Patient.
 * A trust's shared record decides these; the defaults are the demo EPRs' ones.
 */
export const LOCAL_IDENTIFIER_SYSTEMS = {
  openmrsUuid: 'https://alongside.test/id/openmrs-patient-uuid',
  openemrPubpid: 'https://alongside.test/id/openemr-pubpid',
} as const;
