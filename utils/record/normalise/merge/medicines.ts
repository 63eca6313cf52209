/**
 * One line per medicine, however many sources and resources say so, and the conflict where one source
 * stopped (ended, entered in error) what another still holds active.
 *
 * Two statements are the same medicine when they share a dm+d / SNOMED CT code (whatever the system's
 * spelling), the same ingredient (from the published class lists' ingredients), or the same name before
 * its strength ("Apixaban 5mg tablets" and "Apixaban 2.5mg tablets" are apixaban). Each source speaks
 * once: a source that holds the medicine active anywhere holds it active (a dose change is a stop and a
 * start in one record, not a conflict); otherwise its newest stop is what it says.
 *
 * Any source of statements plugs in as `MedicineEvidence` (collected.ts): the records' MedicationRequests
 * and MedicationStatements, and later a letter's "stopped at discharge".
 */
import type { CodeableConcept, Coding } from '@medplum/fhirtypes';
import type { Currency, MedicineClassTag, MedicineItem, StatusConflict } from '@/utils/fhir/normalised-record';
import { medicineMembership, normaliseSystem, type MedicineClassMatch } from '@/utils/vocabulary';
import { readableText } from '../context';
import type { MedicineEvidence } from '../collected';
import { day, stillContests } from './facts';

/** A merged medicine and the concepts its statements carried (for matching it against allergies). */
export interface MergedMedicine {
  item: MedicineItem;
  concepts: CodeableConcept[];
}

/** The name before its strength, form or pack: "Apixaban 5mg tablets" → "apixaban". */
function moiety(name: string): string | undefined {
  const head: string[] = [];
  for (const word of name.toLowerCase().replace(/[(),]/g, ' ').split(/\s+/).filter(Boolean)) {
    if (/\d/.test(word)) break;
    head.push(word);
  }
  return head.length ? head.join(' ') : undefined;
}

function keysOf(e: MedicineEvidence): string[] {
  if (!e.concept) return [`unread:${e.origin.id}`];
  const keys = (e.concept.coding ?? [])
    .filter((c): c is Coding & { code: string } => !!c.code && /snomed|dmd/.test(normaliseSystem(c.system)))
    .map((c) => `code:${c.code.trim()}`);
  for (const m of medicineMembership(e.concept)) if (m.ingredient) keys.push(`ingredient:${m.ingredient.split(' ')[0]}`);
  // Names only where the medicine has words of its own ("a medicine coded 123" names nothing).
  const named = readableText(e.concept);
  if (!named) return keys.length ? keys : [`unread:${e.origin.id}`];
  keys.push(`name:${named.toLowerCase().replace(/\s+/g, ' ').trim()}`);
  const head = moiety(named);
  if (head) keys.push(`moiety:${head}`);
  return keys;
}

/**
 * Merges medicine statements into one item per medicine held active by at least one source, each with
 * the stops other sources recorded since it was started.
 * @param evidence - every statement, current or not, from every source
 */
export function mergeMedicines(evidence: readonly MedicineEvidence[]): MergedMedicine[] {
  // Groups by any shared key (union-find over keys).
  const parent: number[] = [];
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  evidence.forEach((e, i) => {
    parent[i] = i;
    for (const k of keysOf(e)) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, MedicineEvidence[]>();
  evidence.forEach((e, i) => {
    const g = find(i);
    const list = groups.get(g);
    if (list) list.push(e);
    else groups.set(g, [e]);
  });
  const out: MergedMedicine[] = [];
  for (const group of groups.values()) {
    const current = group.filter((e) => e.state.current);
    if (!current.length) continue;
    // The prescription (a request) speaks for the dose and name first; the newest first within each.
    const ordered = [...current].sort((a, b) => Number(b.isRequest) - Number(a.isRequest) || (b.origin.date ?? '').localeCompare(a.origin.date ?? ''));
    const first = ordered[0]!;
    const currencies = current.map((e) => (e.state.current ? e.state.currency : 'unknown'));
    const currency: Currency = currencies.includes('current') ? 'current' : currencies.includes('unconfirmed') ? 'unconfirmed' : 'unknown';
    const statusText = ordered.map((e) => (e.state.current && e.state.currency === currency ? e.state.statusText : undefined)).find((t) => t !== undefined);
    const activeSources = new Set(current.map((e) => e.origin.source));
    const since = current.map((e) => e.since ?? e.origin.date);
    const conflicts: StatusConflict[] = [];
    for (const source of new Set(group.map((e) => e.origin.source))) {
      if (activeSources.has(source)) continue;
      // The newest stop in that source is what it says.
      const stop = group
        .filter((e) => e.origin.source === source && !e.state.current)
        .sort((a, b) => (day(stateDate(b)) ?? '').localeCompare(day(stateDate(a)) ?? ''))[0];
      if (!stop || stop.state.current || !stillContests(stop.state, since)) continue;
      conflicts.push({ says: stop.state.says, origin: stop.origin, date: stop.state.date, reason: stop.state.reason });
    }
    out.push({
      item: {
        id: first.origin.id,
        origin: first.origin,
        origins: ordered.map((e) => e.origin),
        currency,
        statusText,
        name: ordered.find((e) => e.concept)?.name ?? first.name,
        dose: ordered.find((e) => e.dose)?.dose,
        highRisk: classTag([...ordered, ...group].find((e) => e.highRisk)?.highRisk),
        ...(conflicts.length ? { conflicts } : {}),
      },
      concepts: current.flatMap((e) => (e.concept ? [e.concept] : [])),
    });
  }
  return out;
}

function stateDate(e: MedicineEvidence): string | undefined {
  return e.state.current ? undefined : e.state.date;
}

function classTag(match: MedicineClassMatch | undefined): MedicineClassTag | undefined {
  return match && { id: match.classId, label: match.label, by: match.by, system: match.system };
}
