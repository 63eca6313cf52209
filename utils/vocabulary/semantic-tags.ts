/**
 * SNOMED CT semantic tags: the bracketed word or words that end a fully specified name ("Type 2 diabetes
 * mellitus (disorder)"), every one the SNOMED CT Editorial Guide lists (docs/clinical-code-lists.md,
 * "SNOMED CT semantic tags"). A display that carries one reads better without it.
 */
import { assertVocabularyLoaded, derived, vocabularyList } from './load';

const tags = () => derived('semantic-tags', () => new Set(Object.keys(vocabularyList('SEMANTIC_TAGS').values ?? {}).map((t) => t.toLowerCase())));

/**
 * A text without its trailing SNOMED CT semantic tag: "Type 2 diabetes mellitus (disorder)" is "Type 2
 * diabetes mellitus". Only a tag of the Editorial Guide's list, only at the end, only one: any other
 * bracket stays ("Vitamin B12 (cobalamin)", "Hepatitis B (HBV) infection").
 * @param text - a display or term
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function withoutSemanticTag(text: string): string {
  assertVocabularyLoaded();
  const match = /^(.*\S)\s*\(([^()]+)\)\s*$/s.exec(text);
  return match && tags().has(match[2]!.trim().toLowerCase()) ? match[1]! : text;
}
