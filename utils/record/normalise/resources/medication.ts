/**
 * MedicationRequest and MedicationStatement (R4 and STU3): one statement that the patient takes a
 * medicine, or no longer does (stopped, ended, entered in error), with when and why. The issues of a GP
 * repeat (orders based on a plan) are not statements of their own: a completed issue is not an end.
 */
import type { CodeableConcept, Extension, MedicationRequest, MedicationStatement, Reference } from '@medplum/fhirtypes';
import { absenceStatement, classifyMedicine } from '@/utils/vocabulary';
import { clip, firstReadable, readableText } from '../context';
import type { EntryState, ResourceReader } from '../collected';
import { contests, medicineStatus } from '../statuses';

/** GP Connect's (CareConnect-GPC) status change: when and why a medicine was stopped. */
const STATUS_REASON_URL = /MedicationStatusReason/i;

export const readMedicine: ResourceReader = (r, { part, now, patient, into, cantRead }) => {
  const m = r as unknown as MedicationRequest | MedicationStatement;
  const isRequest = m.resourceType === 'MedicationRequest';
  const verdict = medicineStatus(r as { status?: unknown; intent?: unknown; taken?: unknown });
  const says = verdict.keep ? undefined : contests(verdict.why);
  if (!verdict.keep && !says) return;
  // An issue of a repeat (an order based on a plan) says the supply ended, not the medicine.
  if (!verdict.keep && isRequest && (m as MedicationRequest).basedOn?.length) return;
  const concept = part.medicine(m.medicationCodeableConcept, m.medicationReference, r);
  // "No known medications" or "no information about medications" (IPS) is no medicine taken.
  if (absenceStatement(concept)) return;
  const named = readableText(concept);
  const code = concept?.coding?.find((c) => c.code);
  if (verdict.keep) {
    if (!concept) cantRead(`a medicine whose details could not be read (${m.medicationReference?.reference ?? 'no code'})`);
    // Codes with no words: the class may still be known by code, but no clinician can read the name.
    else if (!named) cantRead(`a medicine with no name, only a code (${code?.system ?? 'no system'} ${code?.code ?? ''})`.trim());
  }
  const statement = m as MedicationStatement;
  const request = m as MedicationRequest;
  const since = isRequest ? request.authoredOn : (statement.effectivePeriod?.start ?? statement.effectiveDateTime ?? statement.dateAsserted);
  const who = isRequest ? (part.name(request.requester) ?? part.name(r.recorder as Reference | undefined)) : part.name(statement.informationSource);
  const dosage = isRequest ? request.dosageInstruction : statement.dosage;
  const change = statusChange(m);
  const state: EntryState = verdict.keep
    ? { current: true, currency: verdict.currency, statusText: verdict.statusText }
    : {
        current: false,
        says: says!,
        date: change.date ?? statement.effectivePeriod?.end ?? request.dispenseRequest?.validityPeriod?.end ?? r.meta?.lastUpdated,
        reason: change.reason,
      };
  into.medicines.push({
    origin: part.origin(r, state.current ? since : (state.date ?? since), who),
    state,
    name: clip(named) ?? (code?.code ? `a medicine coded ${code.code} (no name given)` : 'an unnamed medicine (its details could not be read)'),
    concept,
    dose: clip(dosage?.find((d) => d.text)?.text ?? dosage?.find((d) => d.patientInstruction)?.patientInstruction),
    isRequest,
    since,
    highRisk: classifyMedicine(concept, patient, now),
  });
};

/** When and why a medicine's status changed: R4 `statusReason`, or GP Connect's status reason extension. */
function statusChange(m: MedicationRequest | MedicationStatement): { date?: string; reason?: string } {
  const ext = (m.extension ?? []).find((e) => STATUS_REASON_URL.test(e.url));
  const part = (name: string): Extension | undefined => ext?.extension?.find((e) => e.url === name);
  const r4Reason = (m as { statusReason?: CodeableConcept | CodeableConcept[] }).statusReason;
  const reasons = Array.isArray(r4Reason) ? r4Reason : r4Reason ? [r4Reason] : [];
  return {
    date: part('statusChangeDate')?.valueDateTime,
    reason: clip(readableText(part('statusReason')?.valueCodeableConcept) ?? firstReadable(reasons)),
  };
}
