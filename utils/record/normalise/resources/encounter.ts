/**
 * Encounter: a contact. The one the patient is in now is marked current (context, not a highlight);
 * routine reviews are marked routine; a reason that means safeguarding is a safeguarding alert as well.
 */
import type { Encounter } from '@medplum/fhirtypes';
import { isRoutineReview, safeguardingMeaning, urgentCareKind } from '@/utils/vocabulary';
import { time } from '@/utils/fhir/dates';
import { clip, firstReadable, readableText } from '../context';
import type { ResourceReader } from '../collected';
import { eventCancelled, statusCode } from '../statuses';

const INPATIENT = new Set(['IMP', 'ACUTE', 'NONAC', 'INPATIENT', 'OBSENC']);
/** Statuses of a contact still going on (R4 and STU3). */
const GOING_ON = new Set(['arrived', 'triaged', 'in-progress', 'onleave']);
/** A contact other than an admission still "in progress" after this long was left open, not one the patient is in. */
const CURRENT_OUTPATIENT_MS = 24 * 3_600_000;

export const readEncounter: ResourceReader = (r, { part, now, patient, into }) => {
  const e = r as unknown as Encounter;
  if (eventCancelled(e.status)) return;
  const classCode = (e.class?.code ?? '').toUpperCase();
  const reason = firstReadable(e.reasonCode) ?? e.reasonReference?.map((x) => part.name(x)).find(Boolean) ?? e.diagnosis?.map((d) => part.name(d.condition)).find(Boolean);
  const org = part.name(e.serviceProvider);
  const status = statusCode(e.status) ?? 'unknown';
  const inpatient = INPATIENT.has(classCode);
  const start = time(e.period?.start);
  const ended = !!e.period?.end && time(e.period.end) < now.getTime();
  const current = GOING_ON.has(status) && !ended && start <= now.getTime() + 3_600_000 && (inpatient || now.getTime() - start <= CURRENT_OUTPATIENT_MS);
  const origin = part.origin(r, e.period?.start, undefined, org);
  const safeguarding = safeguardingMeaning(e.reasonCode ?? [], patient, now);
  if (safeguarding) into.safeguarding.push({ meaning: safeguarding, origin, from: 'Encounter', text: clip(reason) });
  into.encounters.push({
    id: part.id(r),
    origin,
    status,
    inpatient,
    urgentCare: urgentCareKind(e),
    reason: clip(reason),
    typeText: clip(firstReadable(e.type) ?? e.class?.display),
    start: e.period?.start,
    end: e.period?.end,
    ward: e.location?.map((l) => part.name(l.location)).find(Boolean),
    dischargeDisposition: readableText(e.hospitalization?.dischargeDisposition),
    current: current || undefined,
    routine: (e.type ?? []).some((t) => isRoutineReview(t)) || (e.reasonCode ?? []).some((t) => isRoutineReview(t)) || undefined,
  });
};
