/**
 * Coded medicine changes in a FHIR letter.
 *
 * Supported:
 * - ITK3 STU3 (CareConnect): a MedicationStatement with the extension
 *   Extension-CareConnect-MedicationChangeSummary-1, whose `status` (CareConnect-MedicationChangeStatus-1:
 *   Continued, Added, Amended, On-hold) says the change; `indicationForChange`, `dateChanged` and
 *   `detailsOfAmendment` say why, when and what.
 * - UK Core R4: the same extension as Extension-UKCore-MedicationChangeSummary (draft URL on
 *   fhir.nhs.uk/R4 and the later, since retired, fhir.hl7.org.uk URL), same sub-extensions.
 * - Stopped medicines: a MedicationStatement with status `stopped` (the ITK3 list of discontinued
 *   medication fixes it so), or one in a List coded UK Core `discontinued-medications`.
 * A continued medicine is not a change; a statement entered in error is not read. A change status this reader does not know, or a change naming
 * no medicine, is reported, never guessed at or dropped silently.
 */
import { asArray, asObject, asText, codings, conceptWords, extensionsWithUrl, type JsonObject, objects, type ResourceIndex } from './fhir-values';
import { normaliseHeading } from './headings';
import { normaliseWhitespace, type TextBlock } from './narrative-text';
import type { MedicineChange, MedicineChangeKind } from './types';

const CHANGE_SUMMARY_URLS: ReadonlySet<string> = new Set([
  'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-MedicationChangeSummary-1',
  'https://fhir.nhs.uk/R4/StructureDefinition/Extension-UKCore-MedicationChangeSummary',
  'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-MedicationChangeSummary',
]);

const UK_CORE_HEADINGS = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings';

/** CareConnect-MedicationChangeStatus-1 codes (case aside); `null` is no change. */
const CHANGE_BY_STATUS: ReadonlyMap<string, MedicineChangeKind | null> = new Map([
  ['continued', null],
  ['added', 'added'],
  ['amended', 'amended'],
  ['on-hold', 'on-hold'],
]);

export interface MedicineChangesRead {
  changes: MedicineChange[];
  problems: string[];
}

/**
 * Reads the coded medicine changes of a document.
 * @param resources - the document's resources (Bundle entries and contained resources)
 */
export function readMedicineChanges(resources: ResourceIndex): MedicineChangesRead {
  const read: MedicineChangesRead = { changes: [], problems: [] };
  const all = resources.all();
  const discontinued = new Set(
    all
      .filter((r) => r.resourceType === 'List' && codings(r.code).some((c) => c.system === UK_CORE_HEADINGS && c.code === 'discontinued-medications'))
      .flatMap((list) => objects(list.entry).map((entry) => resources.resolve(entry.item)))
      .filter((r): r is JsonObject => r !== undefined),
  );
  // A statement entered in error says nothing about the patient's medicines.
  const statements = all.filter((r) => r.resourceType === 'MedicationStatement' && asText(r.status) !== 'entered-in-error');
  for (const statement of statements) {
    const summary = objects(extensionsWithUrl(statement, CHANGE_SUMMARY_URLS)[0]?.extension);
    const part = (url: string) => summary.find((e) => asText(e.url) === url);
    const stopped = asText(statement.status) === 'stopped' || discontinued.has(statement);
    let change: MedicineChangeKind;
    if (stopped) {
      change = 'stopped';
    } else {
      if (summary.length === 0) continue; // no change summary: the letter does not say it changed
      const status = asText(part('status')?.valueCode);
      const known = status === undefined ? undefined : CHANGE_BY_STATUS.get(status.trim().toLowerCase());
      if (known === undefined) {
        read.problems.push(
          `A medicine's change is ${status ? `"${status}", which is not read here` : 'not said'}: open the letter to see how it changed.`,
        );
        continue;
      }
      if (known === null) continue;
      change = known;
    }
    const medicine = medicineName(statement, resources);
    if (!medicine) {
      read.problems.push(`A medicine ${change === 'stopped' ? 'stopped' : change} is not named here: open the letter to see which.`);
      continue;
    }
    const item: MedicineChange = { change, medicine };
    const details = asText(part('detailsOfAmendment')?.valueString);
    if (details) item.details = details;
    const reason = conceptWords(part('indicationForChange')?.valueCodeableConcept) ?? (stopped ? conceptWords(statement.statusReason) : undefined);
    if (reason) item.reason = reason;
    const date = asText(part('dateChanged')?.valueDateTime) ?? (stopped ? asText(statement.effectiveDateTime) : undefined);
    if (date) item.date = date;
    const dose = objects(statement.dosage).map((d) => asText(d.text)).filter(Boolean).join('; ');
    if (dose) item.dose = dose;
    read.changes.push(item);
  }
  return read;
}

/** The medicine's name: its coded concept's text or display, else the Medication it refers to. */
function medicineName(statement: JsonObject, resources: ResourceIndex): string | undefined {
  const fromConcept = conceptWords(statement.medicationCodeableConcept);
  if (fromConcept) return fromConcept;
  const reference = asObject(statement.medicationReference);
  const medication = resources.resolve(reference);
  return conceptWords(medication?.code) ?? asText(reference?.display);
}

const CHANGE_WORDS = new Set(['added', 'amended', 'on-hold', 'on hold', 'stopped', 'discontinued']);

/**
 * How many medicine changes a Medications section's narrative shows ("Status" rows or lines reading
 * Added, Amended, On-hold, Stopped or Discontinued): more than are coded means some could not be read.
 * @param blocks - the section's narrative blocks
 */
export function narrativeMedicineChangeCount(blocks: readonly TextBlock[]): number {
  let count = 0;
  const isChange = (value: string | undefined) => value !== undefined && CHANGE_WORDS.has(normaliseHeading(value));
  for (const block of blocks) {
    if (block.kind === 'row') {
      const first = block.content.find((b) => b.kind === 'paragraph' || b.kind === 'item');
      const value = first?.kind === 'paragraph' || first?.kind === 'item' ? first.lines[0] : undefined;
      if (normaliseHeading(block.heading) === 'status' && isChange(value)) count++;
      else count += narrativeMedicineChangeCount(block.content);
    } else if (block.kind === 'paragraph' || block.kind === 'item') {
      count += block.lines.filter((line) => isChange(/^status\s*:\s*(.*)$/i.exec(normaliseWhitespace(line))?.[1])).length;
    }
  }
  return count;
}

/**
 * References a section lists (and the items of Lists it lists) that the document does not hold.
 *
 * @param section - one section of the letter's Composition
 * @param resources - the resources the document holds, to resolve references in
 */
export function unresolvedEntries(section: JsonObject, resources: ResourceIndex): { listed: number; missing: number } {
  let listed = 0;
  let missing = 0;
  for (const entry of objects(section.entry)) {
    listed++;
    const resource = resources.resolve(entry);
    if (!resource) {
      missing++;
      continue;
    }
    if (resource.resourceType === 'List') {
      for (const item of asArray(resource.entry).map((e) => asObject(e)?.item)) {
        listed++;
        if (!resources.resolve(item)) missing++;
      }
    }
  }
  return { listed, missing };
}
