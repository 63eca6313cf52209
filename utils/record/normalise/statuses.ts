/**
 * Statuses as R4 codes them and as STU3 (GP Connect) writes them, read into one answer: does this item
 * hold now? Entered-in-error, refuted, resolved, inactive, stopped and the like never do; a status
 * Alongside cannot read is `unknown` and shown as such, never guessed to be current.
 *
 * R4: clinicalStatus / verificationStatus are CodeableConcepts (https://hl7.org/fhir/R4/allergyintolerance.html);
 * STU3: plain codes (https://hl7.org/fhir/STU3/allergyintolerance.html).
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import type { Currency } from '@/utils/fhir/normalised-record';

/**
 * A status as a code, whether the record wrote it as a string (STU3) or a CodeableConcept (R4).
 *
 * @param value - the status as the record holds it, unchecked
 */
export function statusCode(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim().toLowerCase() || undefined;
  if (value && typeof value === 'object') {
    const concept = value as CodeableConcept;
    const code = concept.coding?.find((c) => c.code)?.code ?? concept.text;
    return code?.trim().toLowerCase() || undefined;
  }
  return undefined;
}

/** The verdict on one item: left out (with why), or kept with its currency and the words to show. */
export type StatusVerdict = { keep: false; why: string } | { keep: true; currency: Currency; statusText?: string };

const dropped = (why: string): StatusVerdict => ({ keep: false, why });
const kept = (currency: Currency, statusText?: string): StatusVerdict => ({ keep: true, currency, statusText });

const NOT_TRUE = new Set(['entered-in-error', 'refuted']);
const UNSURE = new Set(['unconfirmed', 'provisional', 'differential']);

/** The verification part, common to allergies and conditions. */
function verification(code: string | undefined): StatusVerdict | undefined {
  if (code && NOT_TRUE.has(code)) return dropped(code);
  if (code && UNSURE.has(code)) return kept('unconfirmed', code === 'unconfirmed' ? 'unconfirmed' : code);
  return undefined;
}

/**
 * AllergyIntolerance (R4 or STU3).
 *
 * @param a - the AllergyIntolerance's clinical and verification statuses
 */
export function allergyStatus(a: { clinicalStatus?: unknown; verificationStatus?: unknown }): StatusVerdict {
  const clinical = statusCode(a.clinicalStatus);
  const verified = verification(statusCode(a.verificationStatus));
  if (verified && !verified.keep) return verified;
  if (clinical === 'resolved' || clinical === 'inactive') return dropped(clinical);
  if (clinical === 'active') return verified ?? kept('current');
  return kept('unknown', clinical ? `status "${clinical}"` : 'status not recorded');
}

/**
 * Condition (R4 or STU3).
 *
 * @param c - the Condition's clinical and verification statuses
 */
export function conditionStatus(c: { clinicalStatus?: unknown; verificationStatus?: unknown }): StatusVerdict {
  const clinical = statusCode(c.clinicalStatus);
  const verified = verification(statusCode(c.verificationStatus));
  if (verified && !verified.keep) return verified;
  if (clinical === 'resolved' || clinical === 'inactive' || clinical === 'remission') return dropped(clinical);
  if (clinical === 'active' || clinical === 'recurrence' || clinical === 'relapse') return verified ?? kept('current');
  return kept('unknown', clinical ? `status "${clinical}"` : 'status not recorded');
}

/**
 * Flag: active and not past its end.
 *
 * @param f - the Flag's status and period
 * @param now - today, to tell a flag whose period has ended
 */
export function flagStatus(f: { status?: unknown; period?: { end?: string } }, now: Date): StatusVerdict {
  const status = statusCode(f.status);
  if (status === 'inactive' || status === 'entered-in-error') return dropped(status);
  if (f.period?.end && Date.parse(f.period.end) < now.getTime()) return dropped('ended');
  if (status === 'active') return kept('current');
  return kept('unknown', status ? `status "${status}"` : 'status not recorded');
}

const MEDICINE_PAST = new Set(['stopped', 'completed', 'cancelled', 'entered-in-error', 'not-taken', 'declined']);

/**
 * MedicationRequest or MedicationStatement (R4 or STU3).
 *
 * @param m - the status, the intent (MedicationRequest) and STU3's `taken` (MedicationStatement)
 */
export function medicineStatus(m: { status?: unknown; intent?: unknown; taken?: unknown }): StatusVerdict {
  const status = statusCode(m.status);
  const intent = statusCode(m.intent);
  if (intent === 'proposal' || intent === 'option') return dropped(`intent ${intent}`);
  // STU3 MedicationStatement.taken: "n" means not taken.
  if (statusCode(m.taken) === 'n') return dropped('not taken');
  if (status && MEDICINE_PAST.has(status)) return dropped(status);
  if (status === 'active' || status === 'intended') return kept('current');
  if (status === 'on-hold') return kept('current', 'on hold');
  return kept('unknown', status ? `status "${status}"` : 'status not recorded');
}

/**
 * ServiceRequest (a referral).
 *
 * @param s - the ServiceRequest's status
 */
export function referralStatus(s: { status?: unknown }): StatusVerdict {
  const status = statusCode(s.status);
  if (status === 'active') return kept('current');
  if (status === 'on-hold') return kept('current', 'on hold');
  if (status === 'draft' || status === 'unknown' || !status) return kept('unknown', status ? `status "${status}"` : 'status not recorded');
  return dropped(status);
}

/**
 * CareTeam: status is optional; proposed teams and past ones are not current.
 *
 * @param t - the CareTeam's status, if recorded
 */
export function careTeamStatus(t: { status?: unknown }): StatusVerdict {
  const status = statusCode(t.status);
  if (!status || status === 'active') return kept('current');
  if (status === 'suspended') return kept('current', 'suspended');
  return dropped(status);
}

/**
 * DocumentReference (a national record pointer).
 *
 * @param d - the DocumentReference's status and document status
 */
export function documentStatus(d: { status?: unknown; docStatus?: unknown }): StatusVerdict {
  const status = statusCode(d.status);
  if (statusCode(d.docStatus) === 'entered-in-error') return dropped('entered-in-error');
  if (status === 'current') return kept('current');
  if (!status) return kept('unknown', 'status not recorded');
  return dropped(status);
}

/**
 * Encounters and appointments are kept whatever their status, except those that never happened.
 *
 * @param status - the Encounter's or Appointment's status, unchecked
 */
export function eventCancelled(status: unknown): boolean {
  const s = statusCode(status);
  return s === 'entered-in-error' || s === 'cancelled';
}

/** What a status that does not hold says, in a clinician's words ("completed" is "ended"). */
const SAYS: Readonly<Record<string, string>> = {
  stopped: 'stopped', completed: 'ended', 'entered-in-error': 'entered in error', refuted: 'refuted', resolved: 'resolved', inactive: 'inactive',
  remission: 'in remission', cancelled: 'cancelled',
};

/**
 * Whether a status that does not hold can contest the same item held current elsewhere: a stop, an end, a
 * resolution, an entry made in error. An order never started (cancelled), a proposal, "not taken" cannot.
 *
 * @param why - the status code for which the item no longer holds
 */
export function contests(why: string): string | undefined {
  return why === 'cancelled' ? undefined : SAYS[why];
}
