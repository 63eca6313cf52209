/**
 * The default highlight rules, in their default order. Each picks from the record what a clinician
 * must see, as one sentence each, and says why (docs/highlight-rules.md gives the clinical reason for
 * each rule). Must-see rules always come first.
 */
import type { Appointment, CareTeam, Resource } from '@medplum/fhirtypes';
import { conceptText, firstConceptText, referenceText } from '../../fhir/text';
import { pendingTasks } from '../../tasks/pending-tasks';
import { highRiskMedicine } from '../high-risk-medicines';
import { date, dateTime, time, type HighlightRule, type RuleLine } from './rule';

const INPATIENT = new Set(['IMP', 'ACUTE', 'NONAC', 'inpatient']);
const DAY = 86_400_000;

const sentence = (...parts: (string | undefined | false)[]) => {
  const s = parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(s) ? s : `${s}.`;
};
const source = (r: Resource, when?: string, organisation?: string) => ({ type: r.resourceType, date: when ? date(when) : undefined, organisation });
const activeStatus = (code: string | undefined) => code === 'active' || code === 'recurrence' || code === 'relapse';

export const alerts: HighlightRule = {
  id: 'alerts',
  label: 'Alert',
  why: 'Active alerts (safeguarding, resuscitation decisions) change how every professional must act.',
  mustSee: true,
  select: (ix) =>
    ix.of('Flag')
      .filter((f) => f.status === 'active')
      .map((f) => line(f, sentence('Alert:', conceptText(f.code) ?? 'unspecified', f.period?.start && `(since ${date(f.period.start)}${f.author?.display ? `, ${f.author.display}` : ''})`), 100, source(f, f.period?.start, referenceText(f.author)))),
};

export const allergies: HighlightRule = {
  id: 'allergies',
  label: 'Allergy',
  why: 'Prescribing or giving a medicine without knowing an allergy can kill; high criticality first.',
  mustSee: true,
  select: (ix) =>
    ix.of('AllergyIntolerance')
      .filter((a) => !['inactive', 'resolved'].includes(a.clinicalStatus?.coding?.[0]?.code ?? '') && a.verificationStatus?.coding?.[0]?.code !== 'entered-in-error')
      .map((a) => {
        const reaction = a.reaction?.flatMap((r) => (r.manifestation ?? []).map(conceptText)).filter(Boolean).join(', ');
        const text = sentence(`Allergic to ${conceptText(a.code) ?? 'an unnamed substance'}`, a.criticality === 'high' && '(high criticality)', reaction && `: ${reaction}`, a.recordedDate && `, recorded ${date(a.recordedDate)}`);
        return line(a, text.replace(' :', ':').replace(' ,', ','), a.criticality === 'high' ? 90 : 50, source(a, a.recordedDate, referenceText(a.recorder)));
      }),
};

export const whereNow: HighlightRule = {
  id: 'where-now',
  label: 'Where now',
  why: 'Where the patient is now decides who can see them and who is responsible today.',
  mustSee: true,
  select: (ix) => {
    const admitted = ix.of('Encounter').find((e) => e.status === 'in-progress' && INPATIENT.has(e.class?.code ?? ''));
    if (admitted) {
      const ward = admitted.location?.map((l) => referenceText(l.location)).find(Boolean);
      const org = referenceText(admitted.serviceProvider);
      return [line(admitted, sentence('Admitted', ward && `to ${ward}`, org && `at ${org}`, admitted.period?.start && `since ${date(admitted.period.start)}`), 100, source(admitted, admitted.period?.start, org))];
    }
    const today = ix.of('Appointment').find((a) => a.start && ix.isToday(a.start) && ['booked', 'arrived', 'checked-in'].includes(a.status));
    if (today) {
      const at = dateTime(today.start!).slice(-5);
      const what = appointmentWhat(today);
      const text = today.status === 'booked' ? sentence(`In clinic today at ${at}`, what && `: ${what}`, where(today) && `, ${where(today)}`) : sentence(`At an appointment now (${at})`, what && `: ${what}`);
      return [line(today, text.replace(' :', ':').replace(' ,', ','), 90, source(today, today.start, where(today)))];
    }
    return [];
  },
};

export const missedAppointments: HighlightRule = {
  id: 'missed-appointments',
  label: 'Missed appointment',
  why: 'A missed appointment (a pre-op, a review) is often the first sign of a patient lost to care.',
  mustSee: true,
  select: (ix) =>
    ix.of('Appointment')
      .filter((a) => a.status === 'noshow' && ix.nowMs - time(a.start) < 90 * DAY)
      .map((a) => line(a, sentence(`Did not attend on ${date(a.start)}`, appointmentWhat(a) && `: ${appointmentWhat(a)}`, where(a) && `, ${where(a)}`).replace(' :', ':').replace(' ,', ','), 80 - (ix.nowMs - time(a.start)) / DAY, source(a, a.start, where(a)))),
};

export const recentDischarge: HighlightRule = {
  id: 'recent-discharge',
  label: 'Recent discharge',
  why: 'The days after discharge carry the highest risk of readmission; follow-up must not be missed.',
  mustSee: true,
  select: (ix) =>
    ix.of('Encounter')
      .filter((e) => e.status === 'finished' && INPATIENT.has(e.class?.code ?? '') && e.period?.end && ix.nowMs - time(e.period.end) <= 14 * DAY)
      .map((e) => {
        const org = referenceText(e.serviceProvider);
        return line(e, sentence(`Discharged ${date(e.period!.end)}`, org && `from ${org}`, conceptText(e.hospitalization?.dischargeDisposition) && `: ${conceptText(e.hospitalization?.dischargeDisposition)}`).replace(' :', ':'), 70, source(e, e.period!.end, org));
      }),
};

export const overdueTasks: HighlightRule = {
  id: 'overdue-tasks',
  label: 'Overdue task',
  why: 'An overdue task is care someone is waiting for: a visit, a review, a referral.',
  mustSee: true,
  select: (ix) =>
    pendingTasks(ix.of('Task'), ix.now)
      .filter((t) => t.overdue)
      .map((t) => {
        const task = ix.byId(`Task/${t.id}`)!;
        return line(task, sentence(`Task overdue since ${date(t.due)}: ${t.text}`, t.owner && `, held by ${t.owner}`).replace(' ,', ','), 60 + (ix.nowMs - time(t.due)) / DAY / 100, source(task, t.due, t.owner));
      }),
};

export const highRiskMedicines: HighlightRule = {
  id: 'high-risk-medicines',
  label: 'High-risk medicine',
  why: 'Anticoagulants, insulin, opioids and methotrexate cause most serious medication harm; interactions and doses must be checked.',
  mustSee: true,
  select: (ix) =>
    ix.of('MedicationRequest')
      .filter((m) => m.status === 'active')
      .flatMap((m) => {
        const match = highRiskMedicine(m.medicationCodeableConcept);
        if (!match) return [];
        const name = conceptText(m.medicationCodeableConcept) ?? 'a medicine';
        const l = line(m, sentence(`Takes ${name} (${match.riskClass})`, m.dosageInstruction?.[0]?.text && `: ${m.dosageInstruction[0].text}`).replace(' :', ':'), 50, source(m, m.authoredOn, referenceText(m.requester)));
        l.why = `${highRiskMedicines.why} Recognised by ${match.by === 'code' ? `its code (${match.system})` : 'its name only, as it carries no known code'}.`;
        return [l];
      }),
};

export const leadProfessional: HighlightRule = {
  id: 'lead-professional',
  label: 'Lead professional',
  why: 'Patients say they want to know the main person in charge of their care; so do professionals.',
  mustSee: true,
  // One line per active care team: a patient under a community team and a mental health team has a
  // lead in each, and both matter.
  select: (ix) =>
    ix.of('CareTeam')
      .filter((t) => t.status !== 'inactive' && t.status !== 'entered-in-error')
      .flatMap((team, i) => {
        const lead = leadOf(team);
        if (!lead) return [];
        const role = firstConceptText(lead.role?.filter((r) => !/^lead professional$/i.test(conceptText(r) ?? '')));
        const org = referenceText(lead.onBehalfOf);
        const detail = [role, org].filter(Boolean).join(', ');
        return [line(team, sentence(`Lead professional: ${referenceText(lead.member) ?? 'not named'}`, detail && `(${detail})`), 40 - i, source(team, undefined, org))];
      }),
};

export const otherPendingTasks: HighlightRule = {
  id: 'pending-tasks',
  label: 'Pending task',
  why: 'Work waiting on someone in the patient’s care, soonest due first.',
  mustSee: false,
  select: (ix) =>
    pendingTasks(ix.of('Task'), ix.now)
      .filter((t) => !t.overdue)
      .map((t, i) => {
        const task = ix.byId(`Task/${t.id}`)!;
        return line(task, sentence(`Task ${t.status}: ${t.text}`, t.owner && `, held by ${t.owner}`, t.due && `, due ${date(t.due)}`).replace(/ ,/g, ','), -i, source(task, t.due, t.owner));
      }),
};

export const activeProblems: HighlightRule = {
  id: 'active-problems',
  label: 'Active problem',
  why: 'The current problem list frames every decision.',
  mustSee: false,
  select: (ix) =>
    ix.of('Condition')
      .filter((c) => activeStatus(c.clinicalStatus?.coding?.[0]?.code) && c.verificationStatus?.coding?.[0]?.code !== 'entered-in-error')
      .map((c) => line(c, sentence(conceptText(c.code) ?? 'Problem', c.onsetDateTime && `since ${date(c.onsetDateTime)}`), time(c.onsetDateTime) / 1e12, source(c, c.onsetDateTime, referenceText(c.recorder)))),
};

export const otherMedicines: HighlightRule = {
  id: 'current-medicines',
  label: 'Current medicine',
  why: 'What the patient takes now, for reconciliation and interactions.',
  mustSee: false,
  select: (ix) =>
    ix.of('MedicationRequest')
      .filter((m) => m.status === 'active' && !highRiskMedicine(m.medicationCodeableConcept))
      .map((m) => line(m, sentence(`Takes ${conceptText(m.medicationCodeableConcept) ?? referenceText(m.medicationReference) ?? 'a medicine'}`, m.dosageInstruction?.[0]?.text && `: ${m.dosageInstruction[0].text}`).replace(' :', ':'), 0, source(m, m.authoredOn, referenceText(m.requester)))),
};

export const nextAppointment: HighlightRule = {
  id: 'next-appointment',
  label: 'Next appointment',
  why: 'The next planned contact, so nobody books a second one or misses the first.',
  mustSee: false,
  select: (ix) => {
    const next = ix.of('Appointment')
      .filter((a) => a.status === 'booked' && time(a.start) > ix.nowMs && !ix.isToday(a.start!))
      .sort((a, b) => time(a.start) - time(b.start))[0];
    return next ? [line(next, sentence(`Next appointment ${dateTime(next.start!)}`, appointmentWhat(next) && `: ${appointmentWhat(next)}`, where(next) && `, ${where(next)}`).replace(' :', ':').replace(' ,', ','), 0, source(next, next.start, where(next)))] : [];
  },
};

export const referrals: HighlightRule = {
  id: 'referrals',
  label: 'Open referral',
  why: 'A referral still open is care another team has been asked for.',
  mustSee: false,
  select: (ix) =>
    ix.of('ServiceRequest')
      .filter((s) => s.status === 'active')
      .map((s) => line(s, sentence(`Referral ${s.authoredOn ? `on ${date(s.authoredOn)}` : ''}: ${conceptText(s.code) ?? 'service'}`, s.performer?.[0]?.display && `, to ${s.performer[0].display}`).replace(' ,', ',').replace(' :', ':'), 0, source(s, s.authoredOn, s.performer?.[0]?.display))),
};

export const recentEncounters: HighlightRule = {
  id: 'recent-encounters',
  label: 'Recent contact',
  why: 'Who has seen the patient lately, and where.',
  mustSee: false,
  select: (ix) =>
    ix.of('Encounter')
      .filter((e) => e.status === 'finished')
      // Times parsed once, not in the comparator: a long record has thousands of contacts.
      .map((e) => [e, time(e.period?.start)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([e], i) => line(e, sentence(`${firstConceptText(e.type) ?? e.class?.display ?? 'Contact'} on ${date(e.period?.start)}`, referenceText(e.serviceProvider) && `with ${referenceText(e.serviceProvider)}`), -i, source(e, e.period?.start, referenceText(e.serviceProvider)))),
};

/** The default rules, most urgent first. */
export const DEFAULT_RULES: readonly HighlightRule[] = [
  alerts, allergies, whereNow, missedAppointments, recentDischarge, overdueTasks, highRiskMedicines, leadProfessional,
  otherPendingTasks, activeProblems, otherMedicines, nextAppointment, referrals, recentEncounters,
];

function line(resource: Resource, text: string, urgency: number, src: RuleLine['source']): RuleLine {
  return { id: `${resource.resourceType}/${resource.id}`, text, urgency, source: src, updated: resource.meta?.lastUpdated };
}

function leadOf(team: CareTeam) {
  const ps = team.participant ?? [];
  return ps.find((p) => (p.role ?? []).some((r) => /lead/i.test(conceptText(r) ?? ''))) ?? ps[0];
}

function appointmentWhat(a: Appointment): string | undefined {
  return a.description ?? firstConceptText(a.serviceType);
}

function where(a: Appointment): string | undefined {
  return a.participant?.map((p) => p.actor).find((r) => r?.reference?.startsWith('Location/'))?.display;
}

