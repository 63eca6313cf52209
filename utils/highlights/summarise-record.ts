/**
 * Turns a cached record into the panel's highlights: alerts, allergies, problems, medicines, where the
 * patient is now, the lead professional, recent encounters, and pending tasks. Pure: no browser APIs.
 */
import type {
  AllergyIntolerance, Appointment, CareTeam, Condition, Encounter, Flag, MedicationRequest, Resource,
} from '@medplum/fhirtypes';
import { format, isSameDay, parseISO } from 'date-fns';
import { conceptText, firstConceptText, referenceText } from '../fhir/text';
import { pendingTasks, type TaskLine } from '../tasks/pending-tasks';

/** One line of the highlights: what, and a detail line (when, who, where). All plain text. */
export interface HighlightLine {
  id: string;
  text: string;
  detail?: string;
  /** Lines the clinician must not miss are drawn stronger. */
  emphasis?: boolean;
}

export interface RecordSummary {
  alerts: HighlightLine[];
  allergies: HighlightLine[];
  problems: HighlightLine[];
  medicines: HighlightLine[];
  /** Admitted, in clinic today, or the next appointment. */
  whereNow?: HighlightLine;
  /** Missed appointments and recent discharges: what changed in the patient's care. */
  recentEvents: HighlightLine[];
  leadProfessional?: HighlightLine;
  encounters: HighlightLine[];
  tasks: TaskLine[];
}

const INPATIENT_CLASSES = new Set(['IMP', 'ACUTE', 'NONAC', 'inpatient']);
const DAY = 86_400_000;

/** @param resources - the record's resources (any order); `now` - the time to judge "today" and "overdue" by. */
export function summariseRecord(resources: readonly Resource[], now: Date): RecordSummary {
  const of = <T extends Resource['resourceType']>(type: T) =>
    resources.filter((r): r is Extract<Resource, { resourceType: T }> => r.resourceType === type);

  const encounters = of('Encounter').sort((a, b) => startOf(b) - startOf(a));
  const appointments = of('Appointment').sort((a, b) => time(a.start) - time(b.start));

  return {
    alerts: of('Flag').filter((f) => f.status === 'active').map(flagLine),
    allergies: of('AllergyIntolerance')
      .filter((a) => !isInactive(a))
      .sort((a, b) => Number(b.criticality === 'high') - Number(a.criticality === 'high'))
      .map(allergyLine),
    problems: of('Condition').filter(isActiveCondition).map(conditionLine),
    medicines: of('MedicationRequest').filter((m) => m.status === 'active').map(medicineLine),
    whereNow: whereNow(encounters, appointments, now),
    recentEvents: [...missedAppointments(appointments, now), ...recentDischarges(encounters, now)],
    leadProfessional: leadProfessional(of('CareTeam')),
    encounters: encounters.slice(0, 5).map(encounterLine),
    tasks: pendingTasks(resources, now),
  };
}

function flagLine(flag: Flag): HighlightLine {
  return {
    id: `Flag/${flag.id}`,
    text: conceptText(flag.code) ?? 'Alert',
    detail: joinDetail(firstConceptText(flag.category), date(flag.period?.start), referenceText(flag.author)),
    emphasis: true,
  };
}

function allergyLine(a: AllergyIntolerance): HighlightLine {
  const reaction = a.reaction?.flatMap((r) => (r.manifestation ?? []).map(conceptText)).filter(Boolean).join(', ');
  return {
    id: `AllergyIntolerance/${a.id}`,
    text: conceptText(a.code) ?? 'Allergy',
    detail: joinDetail(a.criticality === 'high' ? 'High criticality' : undefined, reaction || undefined, date(a.recordedDate)),
    emphasis: a.criticality === 'high',
  };
}

function conditionLine(c: Condition): HighlightLine {
  return { id: `Condition/${c.id}`, text: conceptText(c.code) ?? 'Problem', detail: joinDetail(c.onsetDateTime ? `since ${date(c.onsetDateTime)}` : undefined) };
}

function medicineLine(m: MedicationRequest): HighlightLine {
  const dose = m.dosageInstruction?.[0]?.text;
  return {
    id: `MedicationRequest/${m.id}`,
    text: conceptText(m.medicationCodeableConcept) ?? referenceText(m.medicationReference) ?? 'Medicine',
    detail: joinDetail(dose, m.authoredOn ? `from ${date(m.authoredOn)}` : undefined, referenceText(m.requester)),
  };
}

function whereNow(encounters: Encounter[], appointments: Appointment[], now: Date): HighlightLine | undefined {
  const admitted = encounters.find((e) => e.status === 'in-progress' && INPATIENT_CLASSES.has(e.class?.code ?? ''));
  if (admitted) {
    const ward = admitted.location?.map((l) => referenceText(l.location)).find(Boolean);
    return {
      id: `Encounter/${admitted.id}`,
      text: `Admitted${ward ? ` to ${ward}` : ''}`,
      detail: joinDetail(admitted.period?.start ? `since ${dateTime(admitted.period.start)}` : undefined, referenceText(admitted.serviceProvider)),
      emphasis: true,
    };
  }
  const today = appointments.find(
    (a) => a.start && isSameDay(parseISO(a.start), now) && ['booked', 'arrived', 'checked-in', 'pending'].includes(a.status),
  );
  if (today) {
    const at = format(parseISO(today.start!), 'HH:mm');
    return {
      id: `Appointment/${today.id}`,
      text: today.status === 'arrived' || today.status === 'checked-in' ? `In clinic now (arrived for ${at})` : `In clinic today at ${at}`,
      detail: joinDetail(appointmentWhat(today), appointmentWhere(today)),
      emphasis: true,
    };
  }
  const next = appointments.find((a) => a.status === 'booked' && time(a.start) > now.getTime());
  if (next) {
    return { id: `Appointment/${next.id}`, text: `Next appointment ${dateTime(next.start!)}`, detail: joinDetail(appointmentWhat(next), appointmentWhere(next)) };
  }
  return undefined;
}

function missedAppointments(appointments: Appointment[], now: Date): HighlightLine[] {
  return appointments
    .filter((a) => a.status === 'noshow' && now.getTime() - time(a.start) < 90 * DAY)
    .map((a) => ({
      id: `Appointment/${a.id}`,
      text: `Missed appointment on ${dateTime(a.start!)}`,
      detail: joinDetail(appointmentWhat(a), appointmentWhere(a)),
      emphasis: true,
    }));
}

function recentDischarges(encounters: Encounter[], now: Date): HighlightLine[] {
  return encounters
    .filter((e) => e.status === 'finished' && INPATIENT_CLASSES.has(e.class?.code ?? '') && e.period?.end && now.getTime() - time(e.period.end) <= 14 * DAY)
    .map((e) => ({
      id: `Encounter/${e.id}`,
      text: `Discharged ${date(e.period!.end)}`,
      detail: joinDetail(referenceText(e.serviceProvider), conceptText(e.hospitalization?.dischargeDisposition)),
      emphasis: true,
    }));
}

function leadProfessional(teams: CareTeam[]): HighlightLine | undefined {
  for (const team of teams.filter((t) => t.status !== 'inactive' && t.status !== 'entered-in-error')) {
    const participants = team.participant ?? [];
    const lead = participants.find((p) => (p.role ?? []).some((r) => /lead/i.test(conceptText(r) ?? ''))) ?? participants[0];
    if (!lead) continue;
    return {
      id: `CareTeam/${team.id}`,
      text: `Lead professional: ${referenceText(lead.member) ?? 'not named'}`,
      detail: joinDetail(firstConceptText(lead.role?.filter((r) => !/^lead professional$/i.test(conceptText(r) ?? ''))), referenceText(lead.onBehalfOf), team.name),
    };
  }
  return undefined;
}

function encounterLine(e: Encounter): HighlightLine {
  return {
    id: `Encounter/${e.id}`,
    text: firstConceptText(e.type) ?? conceptText(e.serviceType) ?? e.class?.display ?? 'Encounter',
    detail: joinDetail(date(e.period?.start), referenceText(e.serviceProvider), e.status === 'in-progress' ? 'ongoing' : undefined),
  };
}

function appointmentWhat(a: Appointment): string | undefined {
  return a.description ?? firstConceptText(a.serviceType) ?? firstConceptText(a.appointmentType ? [a.appointmentType] : undefined);
}

function appointmentWhere(a: Appointment): string | undefined {
  return a.participant?.map((p) => p.actor).find((r) => r?.reference?.startsWith('Location/') || (r?.display && !r.reference?.startsWith('Patient/')))?.display;
}

function isInactive(a: AllergyIntolerance): boolean {
  const code = a.clinicalStatus?.coding?.[0]?.code;
  return code === 'inactive' || code === 'resolved' || a.verificationStatus?.coding?.[0]?.code === 'entered-in-error';
}

function isActiveCondition(c: Condition): boolean {
  const code = c.clinicalStatus?.coding?.[0]?.code;
  return (code === 'active' || code === 'recurrence' || code === 'relapse') && c.verificationStatus?.coding?.[0]?.code !== 'entered-in-error';
}

function startOf(e: Encounter): number {
  return time(e.period?.start);
}

function time(s: string | undefined): number {
  return s ? new Date(s).getTime() || 0 : 0;
}

/** `12-Mar-2026`: the CUI's date format. */
export function date(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = parseISO(s);
  return Number.isNaN(d.getTime()) ? s : format(d, 'dd-MMM-yyyy');
}

function dateTime(s: string): string {
  const d = parseISO(s);
  return Number.isNaN(d.getTime()) ? s : format(d, 'dd-MMM-yyyy HH:mm');
}

function joinDetail(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => Boolean(p));
  return kept.length ? kept.join(' · ') : undefined;
}

/** The toolbar badge: pending tasks plus active alerts. */
export function badgeCount(summary: Pick<RecordSummary, 'tasks' | 'alerts'>): number {
  return summary.tasks.length + summary.alerts.length;
}
