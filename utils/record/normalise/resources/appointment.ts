/** Appointment: booked, attended, missed; those that never happened (cancelled, entered in error) are left out. */
import type { Appointment } from '@medplum/fhirtypes';
import { conceptText } from '@/utils/fhir/text';
import { clip, firstReadable } from '../context';
import type { ResourceReader } from '../collected';
import { eventCancelled, statusCode } from '../statuses';

export const readAppointment: ResourceReader = (r, { part, into }) => {
  const a = r as unknown as Appointment;
  if (eventCancelled(a.status)) return;
  const where = a.participant?.map((p) => p.actor).filter((x) => x?.reference?.includes('Location/') || x?.type === 'Location').map((x) => part.name(x)).find(Boolean);
  into.appointments.push({
    id: part.id(r),
    origin: part.origin(r, a.start, undefined, where),
    status: statusCode(a.status) ?? 'unknown',
    start: a.start,
    what: clip(a.description ?? firstReadable(a.serviceType) ?? conceptText(a.appointmentType)),
    where,
  });
};
