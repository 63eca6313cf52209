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

/** An NHS trust's site code: the trust's three characters and two more ("RXN02" is a site of RXN). */
const TRUST_SITE = /^([RT][A-Z0-9]{2})[A-Z0-9]{2}$/;

/**
 * The trust a site code belongs to, as ODS publishes its name: ODS gives an NHS trust's sites the trust's
 * code and two characters more, so a site outside the extract is still known by its trust.
 * @param code - an ODS code that may be a trust site's ("RXN99")
 * @returns the trust's name, or undefined when the code is not a site code or its trust is not in the extract
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function odsTrustOfSite(code: string | undefined): string | undefined {
  assertVocabularyLoaded();
  const trust = code?.trim().toUpperCase().match(TRUST_SITE)?.[1];
  return trust ? vocabularyList('ODS_TRUSTS').values?.[trust] : undefined;
}
