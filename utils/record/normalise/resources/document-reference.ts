/** DocumentReference: a national record pointer (ReSPECT form, end-of-life care summary…), with an https link only. */
import type { DocumentReference } from '@medplum/fhirtypes';
import { conceptText } from '@/utils/fhir/text';
import { nationalRecordType } from '@/utils/vocabulary';
import { clip, safeLink } from '../context';
import type { ResourceReader } from '../collected';
import { documentStatus } from '../statuses';

export const readDocumentReference: ResourceReader = (r, { part, into, cantRead }) => {
  const d = r as unknown as DocumentReference;
  const verdict = documentStatus(d);
  if (!verdict.keep) return;
  const type = nationalRecordType(d.type);
  const label = type?.label ?? conceptText(d.type);
  if (!label) {
    cantRead('a document of a type not understood');
    return;
  }
  const date = d.date ?? (r.indexed as string | undefined) ?? d.context?.period?.start;
  into.nationalRecords.push({
    ...part.item(r, verdict, date, d.author?.map((a) => part.name(a)).find(Boolean), part.name(d.custodian)),
    label: clip(label)!,
    url: safeLink(d.content?.map((c) => c.attachment?.url).find(Boolean)),
    description: clip(d.description),
  });
};
