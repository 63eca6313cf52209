/**
 * What a Composition says about itself: its type, author organisation, date, title, identifier, patient,
 * and the earlier documents it replaces (ITK3 document replacement:
 * https://github.com/nhsconnect/ITK3-FHIR-eDischarge/blob/master/pages/design/build_replacment.md).
 * STU3 and R4 agree on every element read here.
 */
import { asObject, asText, conceptWords, type JsonObject, objects, type ResourceIndex, subjectOf } from './fhir-values';
import type { LetterReading } from './types';

export type LetterMetadata = Pick<LetterReading, 'documentType' | 'authorOrganisation' | 'date' | 'title' | 'identifier' | 'subject' | 'replaces'>;

/**
 * Reads a Composition's metadata.
 * @param composition - the Composition (STU3 or R4)
 * @param resources - the document's resources, for the author, custodian and patient
 */
export function readLetterMetadata(composition: JsonObject, resources: ResourceIndex): LetterMetadata {
  const metadata: LetterMetadata = { replaces: replacedDocuments(composition) };
  const documentType = conceptWords(composition.type);
  if (documentType) metadata.documentType = documentType;
  const organisation = authorOrganisation(composition, resources);
  if (organisation) metadata.authorOrganisation = organisation;
  const date = asText(composition.date);
  if (date) metadata.date = date;
  const title = asText(composition.title);
  if (title) metadata.title = title;
  const identifier = objects(composition.identifier).map((i) => asText(i.value)).find(Boolean);
  if (identifier) metadata.identifier = identifier;
  const subject = subjectOf(composition.subject, patientOf(composition.subject, resources));
  if (subject) metadata.subject = subject;
  return metadata;
}

function patientOf(subject: unknown, resources: ResourceIndex): JsonObject | undefined {
  const resource = resources.resolve(subject);
  return resource?.resourceType === 'Patient' ? resource : undefined;
}

/**
 * The organisation that wrote the letter: an author that is an Organization, or a PractitionerRole's
 * organisation; else the custodian (the organisation responsible for the document). A Practitioner
 * author names no organisation, and none is guessed for them.
 */
function authorOrganisation(composition: JsonObject, resources: ResourceIndex): string | undefined {
  for (const author of objects(composition.author)) {
    const resource = resources.resolve(author);
    if (resource?.resourceType === 'Organization') return asText(resource.name) ?? asText(author.display);
    // An Organization the document does not hold (a bare Composition): the reference's display names it.
    if (!resource && isOrganizationReference(author) && asText(author.display)) return asText(author.display);
    if (resource?.resourceType === 'PractitionerRole') {
      const organisation = resources.resolve(resource.organization);
      const name = asText(organisation?.name) ?? asText(asObject(resource.organization)?.display);
      if (name) return name;
    }
  }
  const custodian = asObject(composition.custodian);
  const custodianResource = resources.resolve(custodian);
  return asText(custodianResource?.name) ?? asText(custodian?.display);
}

function isOrganizationReference(reference: JsonObject): boolean {
  return asText(reference.type) === 'Organization' || /(?:^|\/)Organization\/[^/]+$/.test(asText(reference.reference) ?? '');
}

/** Identifier values (else references) of the documents this one replaces (relatesTo code `replaces`). */
function replacedDocuments(composition: JsonObject): string[] {
  return objects(composition.relatesTo)
    .filter((r) => asText(r.code) === 'replaces')
    .flatMap((r) => {
      const target = asText(asObject(r.targetIdentifier)?.value) ?? asText(asObject(r.targetReference)?.reference);
      return target ? [target] : [];
    });
}
