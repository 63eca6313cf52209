/**
 * Reading a FHIR letter: an ITK3 (STU3) or UK Core (R4) document Bundle, or a bare Composition whose
 * section entries may not be resolvable. Sections are identified by meaning and kept as text; requests
 * are read from the narrative of "Plan and requested actions" (narrative only: the specifications do
 * not code actions), "Information and advice given" and the UK Core requested-investigations headings;
 * medicine changes from the coded MedicationStatements. What cannot be read is reported.
 */
import { readRequests, type RequestContext, type RequestsRead } from './actions';
import { asObject, asText, type JsonObject, objects, ResourceIndex } from './fhir-values';
import { requestKindOf } from './headings';
import { narrativeHeading, refineBlocks } from './line-structure';
import { narrativeMedicineChangeCount, readMedicineChanges, unresolvedEntries } from './medicine-changes';
import { readLetterMetadata } from './metadata';
import { paragraphsOf, textBlocksFromMarkup, type TextBlock } from './narrative-text';
import { appendAll, emptyReading, NO_NHS_NUMBER, numbered, unreadLetter } from './reading';
import {
  identifySection,
  INFORMATION_AND_ADVICE_GIVEN,
  MEDICATIONS_AND_MEDICAL_DEVICES,
  PLAN_AND_REQUESTED_ACTIONS,
  REQUESTED_INVESTIGATIONS_AND_PROCEDURES,
  type SectionIdentity,
} from './sections';
import type { LetterReading } from './types';

/**
 * Reads a FHIR document Bundle or Composition (parsed JSON, untrusted).
 * @param resource - the Bundle (type `document`, first entry a Composition) or the Composition
 */
export function readFhirLetter(resource: JsonObject): LetterReading {
  const resourceType = asText(resource.resourceType);
  if (resourceType === 'Bundle') {
    const entries = objects(resource.entry);
    const composition = asObject(entries[0]?.resource);
    if (asText(resource.type) !== 'document' || composition?.resourceType !== 'Composition') {
      return unreadLetter('fhir-document', 'This is a FHIR Bundle but not a document (a Composition first): it is not read here, open it.');
    }
    return readComposition('fhir-document', composition, new ResourceIndex(entries, objects(composition.contained)));
  }
  if (resourceType === 'Composition') return readComposition('composition', resource, new ResourceIndex([], objects(resource.contained)));
  return unreadLetter('fhir-document', `This is a FHIR ${resourceType ?? 'resource'}, not a letter: it is not read here, open it.`);
}

function readComposition(kind: 'fhir-document' | 'composition', composition: JsonObject, resources: ResourceIndex): LetterReading {
  const reading: LetterReading = { ...emptyReading(kind), ...readLetterMetadata(composition, resources) };
  const requestProblems: string[] = [];
  const medicineProblems: string[] = [];
  const actions: RequestsRead['actions'] = [];
  const otherRequests: RequestsRead['otherRequests'] = [];
  const medicationNarratives: TextBlock[][] = [];
  let medicinesUnresolved = { listed: 0, missing: 0 };

  const readSection = (section: JsonObject, parent: SectionIdentity | undefined) => {
    const identity = identifySection(section);
    const div = asText(asObject(section.text)?.div);
    const blocks = div ? textBlocksFromMarkup(div) : [];
    reading.sections.push({ ...identity, paragraphs: paragraphsOf(blocks) });

    const context = requestContext(identity, parent);
    if (context) {
      if (div) {
        const requests = readRequests(refineBlocks(blocks, narrativeHeading), context);
        appendAll(actions, requests.actions);
        appendAll(otherRequests, requests.otherRequests);
        for (const heading of requests.unreadHeadings) {
          requestProblems.push(
            `In "${identity.title}", the text ${heading ? `under "${heading}"` : 'under no heading'} does not say for whom it is: it is not read as actions here, open the letter.`,
          );
        }
      } else if (objects(section.entry).length > 0) {
        requestProblems.push(`"${identity.title}" is coded, which is not read here: open the letter.`);
      }
    }
    if (identity.key === MEDICATIONS_AND_MEDICAL_DEVICES) {
      medicationNarratives.push(blocks);
      const unresolved = unresolvedEntries(section, resources);
      medicinesUnresolved = { listed: medicinesUnresolved.listed + unresolved.listed, missing: medicinesUnresolved.missing + unresolved.missing };
    }
    for (const child of objects(section.section)) readSection(child, identity);
  };
  for (const section of objects(composition.section)) readSection(section, undefined);

  reading.actions = numbered(actions);
  reading.otherRequests = numbered(otherRequests);
  reading.read = requestProblems.length === 0 ? 'read' : actions.length + otherRequests.length > 0 ? 'partly-read' : 'not-read';

  const medicines = readMedicineChanges(resources);
  reading.medicineChanges = medicines.changes;
  appendAll(medicineProblems, medicines.problems);
  if (medicinesUnresolved.missing > 0) {
    medicineProblems.push(
      `${medicinesUnresolved.missing} of the ${medicinesUnresolved.listed} medicine entries this letter lists are not included with it: open the letter to see its medicines.`,
    );
  }
  const shown = medicationNarratives.reduce((n, blocks) => n + narrativeMedicineChangeCount(blocks), 0);
  const coded = medicines.changes.length;
  if (shown > coded) {
    medicineProblems.push(`The letter's Medications section shows ${shown} medicine changes, ${coded} of them coded: open the letter to see them all.`);
  }
  reading.medicinesRead = medicineProblems.length === 0 ? 'read' : medicines.changes.length > 0 ? 'partly-read' : 'not-read';

  const identityProblems = reading.subject?.nhsNumber
    ? []
    : [NO_NHS_NUMBER];
  // Once each: a letter of many alike sections would otherwise say the same thing many times.
  reading.problems = [...new Set([...identityProblems, ...requestProblems, ...medicineProblems])];
  return reading;
}

/**
 * How a section's narrative is read for requests, if it holds any: "Plan and requested actions" strictly
 * (text under no PRSB sub-heading, or under one this reader does not know, is reported, never guessed to
 * be for professionals); "Information and advice given" as information and advice; the UK Core
 * requested investigations and procedures headings as actions; any other section whose title is a
 * request heading ("Actions for healthcare professionals" as a sub-section) as that request; a
 * sub-section of the plan with another title strictly, as the plan.
 */
function requestContext(identity: SectionIdentity, parent: SectionIdentity | undefined): RequestContext | undefined {
  const place = { sectionKey: identity.key, sectionTitle: identity.title, vocabulary: 'fhir' as const };
  if (identity.key === PLAN_AND_REQUESTED_ACTIONS) return { ...place, initial: 'unread', underOtherHeadings: 'unread' };
  if (identity.key === INFORMATION_AND_ADVICE_GIVEN) return { ...place, initial: 'information-and-advice', underOtherHeadings: 'keep' };
  if (REQUESTED_INVESTIGATIONS_AND_PROCEDURES.includes(identity.key)) return { ...place, initial: 'action', underOtherHeadings: 'keep' };
  const byTitle = requestKindOf(identity.title, 'fhir');
  if (byTitle) return { ...place, initial: byTitle, underOtherHeadings: parent?.key === PLAN_AND_REQUESTED_ACTIONS ? 'unread' : 'keep' };
  if (parent?.key === PLAN_AND_REQUESTED_ACTIONS) return { ...place, initial: 'unread', underOtherHeadings: 'unread' };
  return undefined;
}
