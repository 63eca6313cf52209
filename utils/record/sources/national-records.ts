/**
 * National record pointers: documents held elsewhere that a clinician must know exist (a ReSPECT form,
 * an end-of-life care coordination summary, a mental health crisis plan, an emergency health care plan,
 * a treatment escalation plan). Where a trust configures a National Record Locator-style endpoint, its
 * DocumentReferences are searched by NHS number
 * (https://digital.nhs.uk/developer/api-catalogue/national-record-locator-fhir: `subject:identifier`).
 * Each pointer is checked to be this patient's, and only an https link is kept.
 */
import type { Bundle, DocumentReference, Resource } from '@medplum/fhirtypes';
import type { FhirClient } from '@/utils/fhir/client';
import { keepOwnResources } from '@/utils/record/guards/ownership';
import { NHS_NUMBER_SYSTEMS } from '@/utils/record/guards/nhs-number-verification';
import { RECORD_CAPS, STRICT_HANDLING } from '@/utils/record/fetch';

export interface NationalRecords {
  resources: DocumentReference[];
  otherPatients: number;
  /** Pointers past the cap, not kept. */
  leftOut: number;
}

/**
 * Searches the pointers for an NHS number. Throws `FhirError` when the endpoint cannot answer.
 *
 * @param client - the FHIR client for the national records endpoint
 * @param nhsNumber - the patient's NHS number (10 digits)
 */
export async function fetchNationalRecords(client: FhirClient, nhsNumber: string): Promise<NationalRecords> {
  const query = new URLSearchParams({ 'subject:identifier': `${NHS_NUMBER_SYSTEMS[0]}|${nhsNumber}`, _count: '50' }).toString();
  const bundle = (await client.request<Bundle>('GET', `DocumentReference?${query}`, undefined, STRICT_HANDLING)).body;
  const found = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Resource => r?.resourceType === 'DocumentReference');
  // The pointer's subject names the patient by NHS number; the id part is never matched.
  const own = keepOwnResources(found, { id: '\u0000', nhsNumber });
  const kept = own.kept.slice(0, RECORD_CAPS.entriesPerSearch) as DocumentReference[];
  return { resources: kept, otherPatients: own.otherPatients, leftOut: own.kept.length - kept.length };
}
