/**
 * Reading human text out of FHIR datatypes. Everything returned is plain text for the panel to render
 * as text (never as HTML).
 */
import type { CodeableConcept, HumanName, Reference } from '@medplum/fhirtypes';

/**
 * The words for a concept: its `text`, else the first coding's display, else its code.
 *
 * @param concept - the coded concept, if there is one
 */
export function conceptText(concept: CodeableConcept | undefined): string | undefined {
  if (!concept) return undefined;
  return concept.text ?? concept.coding?.find((c) => c.display)?.display ?? concept.coding?.[0]?.code;
}

/**
 * The first of several concepts that has words.
 *
 * @param concepts - the concepts, in the order to try them
 */
export function firstConceptText(concepts: CodeableConcept[] | undefined): string | undefined {
  for (const c of concepts ?? []) {
    const t = conceptText(c);
    if (t) return t;
  }
  return undefined;
}

/**
 * What a reference points at, in words: its display, else nothing (ids mean nothing to a clinician).
 *
 * @param ref - the reference, if there is one
 */
export function referenceText(ref: Reference | undefined): string | undefined {
  return ref?.display ?? undefined;
}

/**
 * The Patient id a reference points at (`Patient/123` → `123`); undefined for anything else.
 *
 * @param reference - a reference's `reference` string
 */
export function patientIdOf(reference: string | undefined): string | undefined {
  return reference?.startsWith('Patient/') ? reference.slice('Patient/'.length) : undefined;
}

/**
 * The patient's official (else first) name.
 *
 * @param names - the Patient's names
 */
export function officialName(names: HumanName[] | undefined): HumanName | undefined {
  return names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use !== 'old') ?? names?.[0];
}

/**
 * A name as "Given Family".
 *
 * @param name - the name; its own `text` wins when it has one
 */
export function nameText(name: HumanName | undefined): string | undefined {
  if (!name) return undefined;
  if (name.text) return name.text;
  return [...(name.given ?? []), name.family].filter(Boolean).join(' ') || undefined;
}

