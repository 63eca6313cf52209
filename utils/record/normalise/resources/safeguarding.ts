/** Safeguarding meanings as alert kinds: who the concern is about decides the callout's label. */
import type { FlagKind } from '@/utils/fhir/normalised-record';
import type { SafeguardingMeaning } from '@/utils/vocabulary';

/**
 * The alert kind for a safeguarding meaning.
 *
 * @param meaning - what a safeguarding code means (who the concern is about)
 */
export function safeguardingKind(meaning: SafeguardingMeaning): FlagKind {
  return meaning.concerns === 'child' ? 'safeguarding-child' : meaning.concerns === 'adult' ? 'safeguarding-adult' : 'safeguarding';
}
