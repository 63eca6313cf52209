/**
 * Organisation names by ODS code, for the codes the project's fixtures and sandbox use: a small extract
 * of NHS Digital's ODS files (docs/clinical-code-lists.md, "Organisations by name"). Not a directory: a
 * code outside the extract has no name here, and the record's own name for it stands.
 */
import { assertVocabularyLoaded, vocabularyList } from './load';

/**
 * The organisation an ODS code names, as ODS publishes it ("LEEDS TEACHING HOSPITALS NHS TRUST").
 * @param code - an ODS organisation code (`https://fhir.nhs.uk/Id/ods-organization-code`)
 * @returns the name, or undefined for a code outside the extract
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function odsName(code: string | undefined): string | undefined {
  assertVocabularyLoaded();
  const key = code?.trim().toUpperCase();
  return key ? vocabularyList('ODS_TRUSTS').values?.[key] : undefined;
}
