/**
 * The ids of the built-in EPR readers (each the file name of its reader), which a trust assigns to its
 * EPR origins (`eprSites`). Kept apart from the readers so settings can check them without loading any.
 * A test checks this list against the registered readers.
 */
export const BUILT_IN_READER_IDS = ['openmrs', 'openemr', 'medplum-app', 'nhs-cui-banner', 'nhs-number-fallback'] as const;
export type BuiltInReaderId = (typeof BUILT_IN_READER_IDS)[number];
