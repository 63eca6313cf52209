/**
 * The allergy state: allergies listed, "no known allergies", or nothing recorded. "No known allergies" is
 * never the state while any source records an allergy: then each allergy another source contradicts with
 * "no known allergies" carries that as its conflict.
 */
import type { AllergyItem, AllergyState, ItemOrigin, Omission } from '@/utils/fhir/normalised-record';
import { unique } from '../context';
import type { FactEntry } from '../collected';
import { mergeFacts, type MergedFact } from './facts';

/**
 * The allergies merged, and the state the panel shows.
 * @param entries - allergies as each resource says them, current or not
 * @param noneKnown - "no known allergies" statements, every source's
 * @param notRecorded - a list saying none were recorded, if any
 * @param omitted - what the caps left out (allergies left out: never "none")
 */
export function allergyState(
  entries: readonly FactEntry<AllergyItem>[],
  noneKnown: readonly { origin: ItemOrigin; text: string }[],
  notRecorded: ItemOrigin | undefined,
  omitted: readonly Omission[],
): { state: AllergyState; merged: MergedFact<AllergyItem>[] } {
  const merged = mergeFacts<AllergyItem>(entries, (kept, also) => {
    if (also.criticality === 'high') kept.criticality = 'high';
    if (also.anaphylaxis) kept.anaphylaxis = true;
    kept.reactions = unique([...kept.reactions, ...also.reactions]);
  });
  for (const { item } of merged) {
    const sources = new Set(item.origins.map((o) => o.source));
    for (const nka of noneKnown) {
      if (sources.has(nka.origin.source)) continue;
      (item.conflicts ??= []).push({ says: `"${nka.text.toLowerCase().startsWith('no known') ? nka.text.replace(/\.$/, '') : 'No known allergies'}"`, origin: nka.origin, date: nka.origin.date });
    }
  }
  // An allergy left out by a cap: the list is not the whole truth, and "none" can never be said.
  const leftOut = omitted.filter((o) => !o.window && /(^|\s)allergies$/.test(o.what)).reduce((n, o) => n + o.count, 0);
  const state: AllergyState = merged.length
    ? { state: 'listed', items: merged.map((m) => m.item) }
    : noneKnown.length
      ? { state: 'none-known', ...noneKnown[0]! }
      : { state: 'not-recorded', origin: notRecorded };
  return { state: leftOut ? { ...state, leftOut } : state, merged };
}
