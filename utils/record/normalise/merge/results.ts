/**
 * Results that matter, from the observations of every source (docs/highlight-rules.md, "Results"):
 * alert findings (MRSA, CPE, VRE, C. difficile, red cell antibodies, a transfusion requirement), one item
 * per kind, newest first; and the latest potassium, sodium, eGFR and HbA1c, marked critical when at or
 * beyond the Royal College of Pathologists' critical limits. All by code (`observationMeaning`).
 */
import type { CodeableConcept, Observation } from '@medplum/fhirtypes';
import type { ResultItem } from '@/utils/fhir/normalised-record';
import { latestResults, normaliseSystem, observationMeaning, type PatientFacts } from '@/utils/vocabulary';
import { clip, readableText } from '../context';
import type { ObservationEntry } from '../collected';

const V3_INTERPRETATION = normaliseSystem('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation');
/** HL7 v3 interpretation codes that say a finding is absent: negative, not detected, normal. */
const ABSENT = new Set(['NEG', 'ND', 'N']);

/** An organism's code with a result that says it was not found is not an alert. */
function saysAbsent(o: Observation): boolean {
  const interpreted = (o.interpretation ?? []).flatMap((c) => c.coding ?? []).some((c) => normaliseSystem(c.system) === V3_INTERPRETATION && ABSENT.has((c.code ?? '').toUpperCase()));
  return interpreted || /\b(not detected|negative|not isolated|no growth|absent)\b/i.test(readableText(o.valueCodeableConcept) ?? o.valueString ?? '');
}

function valueText(o: Observation): string | undefined {
  const q = o.valueQuantity;
  if (q?.value !== undefined) return `${q.value}${q.unit ?? q.code ? ` ${q.unit ?? q.code}` : ''}`;
  return clip(readableText(o.valueCodeableConcept as CodeableConcept | undefined) ?? o.valueString);
}

const takenAt = (o: Observation) => o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;

/**
 * The results that matter among the observations read.
 * @param entries - the observations of every source, with where each came from
 * @param patient - sex and birth date (sodium's critical limit depends on age)
 * @param now - the moment age is counted at
 */
export function resultsThatMatter(entries: readonly ObservationEntry[], patient: PatientFacts, now: Date): ResultItem[] {
  const alerts = new Map<string, { entry: ObservationEntry; label: string; count: number }>();
  for (const entry of entries) {
    const meaning = observationMeaning(entry.observation, patient, now);
    if (meaning?.kind !== 'alert-finding' || saysAbsent(entry.observation)) continue;
    const key = meaning.alert ?? meaning.label;
    const seen = alerts.get(key);
    if (!seen) alerts.set(key, { entry, label: meaning.label, count: 1 });
    else {
      seen.count++;
      if ((takenAt(entry.observation) ?? '') > (takenAt(seen.entry.observation) ?? '')) seen.entry = entry;
    }
  }
  const out: ResultItem[] = [...alerts.values()].map(({ entry, label, count }) => ({
    id: entry.origin.id,
    origin: entry.origin,
    kind: 'alert',
    label,
    value: valueText(entry.observation),
    text: clip(readableText(entry.observation.code)),
    date: takenAt(entry.observation),
    ...(count > 1 ? { earlier: count - 1 } : {}),
  }));
  const origins = new Map(entries.map((e) => [e.observation, e.origin]));
  for (const { observation, meaning } of latestResults(entries.map((e) => e.observation), patient, now).values()) {
    const origin = origins.get(observation)!;
    out.push({ id: origin.id, origin, kind: meaning.kind === 'critical-range' ? 'critical' : 'result', label: meaning.label, value: valueText(observation), date: takenAt(observation) });
  }
  return out;
}
