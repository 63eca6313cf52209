/**
 * Condition: a problem (always-show conditions recognised), or (not current) the evidence that another
 * source's problem was resolved. A problem that means safeguarding (a child protection plan on the
 * problem list) is a safeguarding alert, not a problem line; one coded as an alert-worthy finding (MRSA
 * carriage) is read as that result.
 */
import type { Condition } from '@medplum/fhirtypes';
import { absenceStatement, observationMeaning, safeguardingMeaning, significantCondition } from '@/utils/vocabulary';
import { clip, readableText } from '../context';
import type { ResourceReader } from '../collected';
import { conditionStatus, contests } from '../statuses';
import { codeKeys } from './allergy-intolerance';

export const readCondition: ResourceReader = (r, { part, now, patient, into, cantRead }) => {
  const c = r as unknown as Condition;
  const verdict = conditionStatus(c);
  const says = verdict.keep ? undefined : contests(verdict.why);
  if (!verdict.keep && !says) return;
  // "No known problems" or "no information about problems" (IPS) is no problem.
  if (absenceStatement(c.code)) return;
  const text = readableText(c.code);
  const onset = c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate ?? (r.assertedDate as string | undefined);
  const who = part.name(c.recorder) ?? part.name(c.asserter);
  if (verdict.keep) {
    const safeguarding = safeguardingMeaning(c.code, patient, now);
    if (safeguarding) {
      into.safeguarding.push({ meaning: safeguarding, origin: part.origin(r, onset, who), from: 'Condition', text: clip(text) });
      return;
    }
    if (observationMeaning({ code: c.code }, patient, now)?.kind === 'alert-finding') {
      into.observations.push({ observation: { resourceType: 'Observation', status: 'final', code: c.code!, effectiveDateTime: onset }, origin: part.origin(r, onset, who) });
      return;
    }
  }
  if (!text) {
    if (verdict.keep) cantRead('a problem with no description');
    return;
  }
  into.problems.push({
    id: part.id(r),
    origin: part.origin(r, onset, who),
    codes: codeKeys(c.code),
    nameKey: text.toLowerCase(),
    concept: c.code,
    state: verdict.keep
      ? { current: true, currency: verdict.currency, statusText: verdict.statusText }
      : { current: false, says: says!, date: c.abatementDateTime ?? c.abatementPeriod?.end ?? r.meta?.lastUpdated },
    text: clip(text)!,
    onset,
    significant: significantCondition(c.code),
  });
};
