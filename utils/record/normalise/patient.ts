/**
 * The Patient as the banner shows it: name, birth, NHS number and its verification, restricted or not,
 * and death, from any source's Patient (a death recorded by one source is a death) or from the Personal
 * Demographics Service's death notification.
 */
import type { HumanName, Patient } from '@medplum/fhirtypes';
import type { PatientSummary } from '@/utils/fhir/normalised-record';
import { nhsNumberOf, nhsNumberVerification } from '@/utils/record/guards/nhs-number-verification';
import { isRestricted } from '@/utils/record/guards/restricted';

/** UK Core's death notification extension, as PDS sends it. */
const DEATH_NOTIFICATION = /Extension-UKCore-DeathNotificationStatus$/;

/** How a Patient records a death: whether, when, and how it is known. */
function deathOf(patient: Patient): { deceased: boolean; date?: string; notification?: string } {
  const ext = (patient.extension ?? []).find((e) => DEATH_NOTIFICATION.test(e.url));
  const status = ext?.extension?.find((e) => e.url === 'deathNotificationStatus')?.valueCodeableConcept?.coding?.find((c) => c.code);
  // "U": the notice was removed (PDS); it says nothing of a death.
  const notified = !!status && status.code !== 'U';
  const date = patient.deceasedDateTime ?? (notified ? ext?.extension?.find((e) => e.url === 'systemEffectiveDate')?.valueDateTime : undefined);
  return { deceased: Boolean(patient.deceasedBoolean || patient.deceasedDateTime || notified), date, notification: notified ? status.display : undefined };
}

/**
 * The Patient as the banner shows it; restricted patients' address and contacts never enter it.
 * @param patient - the shared record's Patient
 * @param others - the same patient as other sources hold them (the GP record's): a death any records is shown
 */
export function patientSummary(patient: Patient, others: readonly Patient[] = []): PatientSummary {
  const name = bannerName(patient.name);
  const deaths = [patient, ...others].map(deathOf).filter((d) => d.deceased);
  const dated = deaths.find((d) => d.date);
  return {
    family: name?.family,
    given: name?.given?.join(' ') || undefined,
    title: name?.prefix?.[0],
    birthDate: patient.birthDate,
    gender: patient.gender,
    nhsNumber: nhsNumberOf(patient),
    verification: nhsNumberVerification(patient),
    restricted: isRestricted(patient) || others.some((o) => isRestricted(o)),
    deceased: deaths.length > 0,
    ...(dated?.date ? { deceasedDate: dated.date } : {}),
    ...(deaths.find((d) => d.notification) ? { deathNotification: deaths.find((d) => d.notification)!.notification } : {}),
  };
}

/** The official name, else the usual one, else the first that is not old. */
function bannerName(names: HumanName[] | undefined): HumanName | undefined {
  return names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use === 'usual') ?? names?.find((n) => n.use !== 'old') ?? names?.[0];
}
