/**
 * Routine review and monitoring contacts (medication reviews, asthma and COPD annual reviews and
 * monitoring) from published lists (docs/clinical-code-lists.md, "Routine reviews"): the first screen
 * may leave them out. By code only: a contact described in words is shown.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { findCode } from './code-systems';
import { assertVocabularyLoaded, codeSet } from './load';

/**
 * Whether a coded item (an Encounter's type or reason, a Procedure or Observation code) is a routine
 * review or monitoring contact.
 * @param concept - the code
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function isRoutineReview(concept: CodeableConcept | undefined): boolean {
  assertVocabularyLoaded();
  return !!findCode(concept, codeSet('MEDICATION_REVIEW_SNOMED', 'MEDICATION_REVIEW_REFSET_SNOMED', 'ASTHMA_REVIEW_SNOMED', 'COPD_REVIEW_SNOMED'));
}
