/**
 * Observation: kept for the results that matter (merge/results.ts reads them), and read for
 * safeguarding by meaning. Entered-in-error and cancelled observations are not results.
 */
import type { Observation } from '@medplum/fhirtypes';
import { safeguardingMeaning } from '@/utils/vocabulary';
import { clip, readableText } from '../context';
import type { ResourceReader } from '../collected';
import { statusCode } from '../statuses';

export const readObservation: ResourceReader = (r, { part, now, patient, into }) => {
  const o = r as unknown as Observation;
  const status = statusCode(o.status);
  if (status === 'entered-in-error' || status === 'cancelled') return;
  const date = o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued;
  const origin = part.origin(r, date, o.performer?.map((p) => part.name(p)).find(Boolean));
  const safeguarding = safeguardingMeaning([o.code, ...(o.valueCodeableConcept ? [o.valueCodeableConcept] : [])], patient, now);
  if (safeguarding) into.safeguarding.push({ meaning: safeguarding, origin, from: 'Observation', text: clip(readableText(o.code)) });
  into.observations.push({ observation: o, origin });
};
