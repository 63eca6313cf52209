/**
 * The sandbox's National Record Locator-style endpoint: `GET /DocumentReference?subject:identifier=
 * https://fhir.nhs.uk/Id/nhs-number|<nhs number>` answered with the pointers the sandbox holds for that
 * NHS number (https://digital.nhs.uk/developer/api-catalogue/national-record-locator-fhir).
 */
import type { Bundle, DocumentReference } from '@medplum/fhirtypes';
import { NHS_NUMBER_SYSTEM } from '../../utils/shared/nhs-number';

/** Where the sandbox serves it, beside the FHIR R4 base. */
export const NATIONAL_RECORDS_PATH = '/nrl/FHIR/R4';

const SCT = 'http://snomed.info/sct';

/** Pointers per shared-record patient id: what the national locator knows exists elsewhere. */
const POINTERS: Record<string, { code: string; display: string; date: string; custodian: string; url: string }[]> = {
  'uk-core-nadia-okafor': [
    { code: '1382601000000107', display: 'ReSPECT form', date: '2026-06-01T10:30:00Z', custodian: 'Northshire Hospice', url: 'https://records.sandbox.alongside.invalid/respect/nadia-okafor' },
  ],
  'uk-margaret-thompson': [
    { code: '861421000000109', display: 'End of life care coordination summary', date: '2026-09-12T14:00:00Z', custodian: 'Northshire Community Nursing Team', url: 'https://records.sandbox.alongside.invalid/eolc/margaret-thompson' },
  ],
};

/** The NHS number a `subject:identifier` search asks for. */
export function searchedNhsNumber(query: URLSearchParams): string | undefined {
  const [system, nhs] = (query.get('subject:identifier') ?? '').split('|');
  return system === NHS_NUMBER_SYSTEM && nhs ? nhs : undefined;
}

/** The searchset for an NHS number, given the shared-record patient who holds it (if any). */
export function nationalRecordsSearch(nhs: string, id: string | undefined): Bundle<DocumentReference> {
  const pointers = (id && POINTERS[id]) || [];
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: pointers.length,
    entry: pointers.map((p, i) => ({
      resource: {
        resourceType: 'DocumentReference',
        id: `nrl-${id}-${i}`,
        status: 'current',
        subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: nhs! } },
        type: { coding: [{ system: SCT, code: p.code, display: p.display }] },
        date: p.date,
        custodian: { display: p.custodian },
        content: [{ attachment: { contentType: 'application/pdf', url: p.url } }],
      },
    })),
  };
}
