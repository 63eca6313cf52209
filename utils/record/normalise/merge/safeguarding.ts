/**
 * Safeguarding read by meaning from problems, observations and contacts' reasons becomes alerts, one per
 * kind of concern (a child not brought to five appointments is one alert saying five times), drawn in
 * the safeguarding callout like a safeguarding Flag. A kind a Flag already says is not said twice.
 */
import { differenceInYears } from 'date-fns';
import type { AlertItem, AppointmentItem } from '@/utils/fhir/normalised-record';
import type { PatientFacts } from '@/utils/vocabulary';
import type { SafeguardingEvidence } from '../collected';
import { safeguardingKind } from '../resources/safeguarding';

const FROM_WORDS: Record<SafeguardingEvidence['from'], string> = { Condition: 'on the problem list', Observation: 'recorded', Encounter: 'reason for a contact', Appointment: 'appointments not attended' };

const YEAR_MS = 365 * 24 * 3_600_000;
/** Missed appointments in a year that make a pattern for a child. */
const NOT_BROUGHT_PATTERN = 2;

/**
 * A child not brought to appointments: two or more marked not attended (`noshow`) in the last year, for
 * a patient under 18, are the "was not brought" pattern safeguarding guidance asks to act on (one
 * evidence per appointment; the alert says how many). One missed appointment is rule 8's line, not this.
 * @param appointments - the appointments read, every source's
 * @param patient - the patient's birth date
 * @param now - the moment age and the year are counted at
 */
export function wasNotBrought(appointments: readonly AppointmentItem[], patient: PatientFacts, now: Date): SafeguardingEvidence[] {
  const born = patient.birthDate ? new Date(patient.birthDate) : undefined;
  if (!born || Number.isNaN(born.getTime()) || differenceInYears(now, born) >= 18) return [];
  const missed = appointments.filter((a) => {
    const at = a.start ? Date.parse(a.start) : NaN;
    return a.status === 'noshow' && at <= now.getTime() && now.getTime() - at <= YEAR_MS;
  });
  if (missed.length < NOT_BROUGHT_PATTERN) return [];
  // By the FHIR status code `noshow`, for a child: a code, not words.
  return missed.map((a) => ({ meaning: { kind: 'was-not-brought', label: 'Child not brought to appointment', concerns: 'child', by: 'code' }, origin: { ...a.origin, date: a.start }, from: 'Appointment' }));
}

/**
 * Alerts for the safeguarding meanings read from other items than Flags.
 * @param evidence - what was read, from every source
 * @param flags - the alerts read from Flags
 */
export function safeguardingAlerts(evidence: readonly SafeguardingEvidence[], flags: readonly AlertItem[]): AlertItem[] {
  const byKind = new Map<string, SafeguardingEvidence[]>();
  for (const e of evidence) {
    const list = byKind.get(e.meaning.kind);
    if (list) list.push(e);
    else byKind.set(e.meaning.kind, [e]);
  }
  const out: AlertItem[] = [];
  for (const list of byKind.values()) {
    const newest = [...list].sort((a, b) => (b.origin.date ?? '').localeCompare(a.origin.date ?? ''))[0]!;
    if (flags.some((f) => f.kindLabel === newest.meaning.label)) continue;
    const words = newest.text && newest.text.toLowerCase() !== newest.meaning.label.toLowerCase() ? `${newest.meaning.label}: ${newest.text}` : newest.meaning.label;
    out.push({
      id: newest.origin.id,
      origin: newest.origin,
      currency: 'current',
      text: `${words} (${FROM_WORDS[newest.from]}${list.length > 1 ? `, ${list.length} times` : ''})`,
      kind: safeguardingKind(newest.meaning),
      kindLabel: newest.meaning.label,
      mustSee: true,
      since: newest.origin.date,
      from: newest.from,
      ...(list.length > 1 ? { times: list.length } : {}),
    });
  }
  return out;
}
