/**
 * Clinical vocabularies for the highlights: high-risk medicine classes, always-show conditions, flags by
 * meaning, and small concept sets, each from a published, cited code list (sources.ts,
 * docs/clinical-code-lists.md). The lists are data files the background loads once, on first need:
 * `await loadVocabulary()` first (load.ts); after that these are pure, synchronous functions over FHIR
 * data, and before it the functions that read a list throw `VocabularyNotLoadedError`.
 */
export { VocabularyLoadError, VocabularyNotLoadedError, isVocabularyLoaded, loadVocabulary } from './load';
export type { ReadVocabularyFile, VocabularyFile } from './load';
export { DMD, RXNORM, SNOMED, isSnomedOrDmd, normaliseSystem } from './code-systems';
export { MEDICINE_CLASSES, classifyMedicine, isChildBearingAge, medicineClass } from './medicine-classes';
export type { MedicineClass, MedicineClassId, MedicineClassMatch, PatientFacts } from './medicine-classes';
export { SIGNIFICANT_CONDITIONS, significantCondition } from './significant-conditions';
export type { SignificantCondition, SignificantConditionId, SignificantConditionMatch } from './significant-conditions';
export { flagMeaning } from './flag-meaning';
export type { FlagKind, FlagMeaning } from './flag-meaning';
export { NATIONAL_RECORD_TYPES, NO_KNOWN_ALLERGY, absenceStatement, isNoKnownAllergy, nationalRecordType, urgentCareKind } from './concept-sets';
export type { AbsenceStatement, NationalRecordTypeId } from './concept-sets';
export { SOURCES, SNOMED_DMD_TERMS, TAKEN_ON } from './sources';
export type { CodeListSource, SourceId } from './sources';
export { ALLERGY_CLASSES, allergyClass, allergyClasses, contradiction, isGenericAllergyCode, medicineMembership } from './allergy-classes';
export type { AllergyClass, AllergyClassId, AllergyClassMatch, Contradiction, MedicineMembership } from './allergy-classes';
export { safeguardingMeaning } from './safeguarding';
export type { SafeguardingConcerns, SafeguardingKind, SafeguardingMeaning } from './safeguarding';
export { latestResults, observationMeaning } from './observation-meaning';
export type { AlertFinding, Analyte, ObservationKind, ObservationLike, ObservationMeaning } from './observation-meaning';
export { odsName, odsTrustOfSite } from './organisations';
export { withoutSemanticTag } from './semantic-tags';
export { isRoutineReview } from './routine-reviews';
export type { CriticalRange } from './load';
