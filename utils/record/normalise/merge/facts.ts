/**
 * One item per fact (an allergy, a problem), however many sources and resources record it, and the
 * conflict where a source holds it resolved, refuted or entered in error while another holds it current.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import type { Currency, ItemOrigin, StatusConflict } from '@/utils/fhir/normalised-record';
import type { EntryState, FactEntry } from '../collected';

/** What a fact item has that the merge fills in. */
interface Merged {
  id: string;
  origin: ItemOrigin;
  origins: ItemOrigin[];
  currency: Currency;
  statusText?: string;
  conflicts?: StatusConflict[];
}

/** A merged item and the concepts its entries carried (for matching it against medicines). */
export interface MergedFact<T> {
  item: T;
  concepts: CodeableConcept[];
}

/** A date as comparable text (`2026-11-12`), or undefined. */
export const day = (d: string | undefined) => (d && /^\d{4}/.test(d) ? d.slice(0, 10) : undefined);

/**
 * Whether a statement that an item no longer holds contests the item held current since `since`: when
 * it was made in error, when either date is unknown, or when it came on or after the item's start. An
 * end recorded before the item was started again elsewhere is history (a course finished, then begun
 * again), not a conflict.
 *
 * @param state - the statement that the item no longer holds: what it says and when
 * @param since - the dates the item was started, as each source holding it current records it (undefined: not
 *   known)
 */
export function stillContests(state: Extract<EntryState, { current: false }>, since: readonly (string | undefined)[]): boolean {
  if (state.says === 'entered in error') return true;
  const stop = day(state.date);
  const starts = since.map(day);
  if (!stop || starts.some((s) => !s)) return true;
  return starts.some((s) => stop >= s!);
}

/**
 * Merges fact entries: current entries sharing a code, or the same words, are one item naming every
 * origin; the first keeps its words, and `combine` folds in what the others add. An entry that no longer
 * holds becomes the conflict of the current item it matches, when it comes from a source that does not
 * hold that item current (a source's own older entry is its history, not a conflict).
 * @param entries - the entries, in the order the sources were read
 * @param combine - folds what a later entry adds into the kept item
 */
export function mergeFacts<T extends Merged>(facts: readonly FactEntry<T>[], combine: (kept: T, also: FactEntry<T>) => void): MergedFact<T>[] {
  type Entry = FactEntry<T> & { id: string; origin: ItemOrigin };
  const entries = facts as readonly Entry[];
  const out: (MergedFact<T> & { since: (string | undefined)[] })[] = [];
  const byKey = new Map<string, (typeof out)[number]>();
  const keysOf = (e: Entry) => [...e.codes, `name:${e.nameKey}`];
  for (const entry of entries) {
    if (!entry.state.current) continue;
    const keys = keysOf(entry);
    const existing = keys.map((k) => byKey.get(k)).find(Boolean);
    if (existing) {
      existing.item.origins.push(entry.origin);
      existing.since.push(entry.origin.date);
      if (existing.item.currency !== 'current' && entry.state.currency === 'current') {
        existing.item.currency = 'current';
        existing.item.statusText = entry.state.statusText;
      }
      if (entry.concept) existing.concepts.push(entry.concept);
      combine(existing.item, entry);
      for (const k of keys) if (!byKey.has(k)) byKey.set(k, existing);
      continue;
    }
    const { codes: _codes, nameKey: _nameKey, concept, state, ...rest } = entry;
    const item = { ...rest, origins: [entry.origin], currency: state.currency, statusText: state.statusText } as unknown as T;
    const merged = { item, concepts: concept ? [concept] : [], since: [entry.origin.date] };
    out.push(merged);
    for (const k of keys) byKey.set(k, merged);
  }
  for (const entry of entries) {
    if (entry.state.current) continue;
    const held = keysOf(entry).map((k) => byKey.get(k)).find(Boolean);
    if (!held || held.item.origins.some((o) => o.source === entry.origin.source)) continue;
    if (!stillContests(entry.state, held.since)) continue;
    (held.item.conflicts ??= []).push({ says: entry.state.says, origin: entry.origin, date: entry.state.date, reason: entry.state.reason });
  }
  return out.map(({ item, concepts }) => ({ item, concepts }));
}
