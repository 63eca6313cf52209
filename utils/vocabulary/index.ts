/**
 * Clinical vocabularies for the highlights: high-risk medicine classes, always-show conditions, flags by
 * meaning, and small concept sets, each from a published, cited code list (sources.ts,
 * docs/clinical-code-lists.md). The lists are data files the background loads once, on first need:
 * `await loadVocabulary()` first (load.ts); after that these are pure, synchronous functions over FHIR
 * data, and before it the functions that read a list throw `VocabularyNotLoadedError`.
 */
export { loadVocabulary } from './load';
export { normaliseSystem } from './code-systems';
export { classifyMedicine } from './medicine-classes';
export type { MedicineClassMatch, PatientFacts } from './medicine-classes';
export { significantCondition } from './significant-conditions';
export { flagMeaning } from './flag-meaning';
export { absenceStatement, isNoKnownAllergy, nationalRecordType, urgentCareKind } from './concept-sets';
export { contradiction, isGenericAllergyCode, medicineMembership } from './allergy-classes';
export { safeguardingMeaning } from './safeguarding';
export type { SafeguardingMeaning } from './safeguarding';
export { latestResults, observationMeaning } from './observation-meaning';
export { odsName, odsTrustOfSite } from './organisations';
export { withoutSemanticTag } from './semantic-tags';
export { isRoutineReview } from './routine-reviews';
