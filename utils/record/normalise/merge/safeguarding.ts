/**
 * Safeguarding read by meaning from problems, observations and contacts' reasons becomes alerts, one per
 * kind of concern (a child not brought to five appointments is one alert saying five times), drawn in
 * the safeguarding callout like a safeguarding Flag. A kind a Flag already says is not said twice.
 */
import type { AlertItem } from '@/utils/fhir/normalised-record';
import type { SafeguardingEvidence } from '../collected';
import { safeguardingKind } from '../resources/safeguarding';

const FROM_WORDS: Record<SafeguardingEvidence['from'], string> = { Condition: 'on the problem list', Observation: 'recorded', Encounter: 'reason for a contact' };

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
