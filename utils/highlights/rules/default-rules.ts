/**
 * The default highlight rules, in their default order. Each picks from the normalised record what a
 * clinician must see, as one sentence per fact, and says why (docs/highlight-rules.md gives the clinical
 * reason, the lists behind each rule, what each leaves out and the hazard it controls). Must-see rules
 * always come first.
 *
 * The record reaching these rules is already normalised in the background: statuses read (nothing
 * resolved, refuted, entered in error or stopped is here), medicines merged across sources and
 * classified, conditions and flags classified, references resolved to names. The rules only choose and
 * word; no code list is in the side panel.
 */
import type { AlertItem, AllergyMedicineContradiction, EncounterItem, ItemOrigin, MedicineItem, ProblemItem, ResultItem, StatusConflict } from '@/utils/fhir/normalised-record';
import { pendingTasks } from '@/utils/tasks/pending-tasks';
import { date, dateTime, time } from '@/utils/fhir/dates';
import { sourceOf, type HighlightRule, type RecordIndex, type RuleLine } from './rule';

const DAY = 86_400_000;
/** Urgent care this recent is near the top (issue: a child seen in the ED 9 days ago was at line 13). */
const URGENT_CARE_DAYS = 30;
/** A critical result this recent is must-see; older, it is in the results section. */
const CRITICAL_RESULT_DAYS = 7;
/** A problem whose onset is older than this is long-standing: ranked below anything recent. */
const LONG_STANDING_YEARS = 2;
/** What every future appointment and open task of a patient who has died says. */
export const DIED_CANCEL = 'Patient has died: cancel?';

const sentence = (...parts: (string | undefined | false)[]) => {
  const s = parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').replace(/ ([,:;)]|\.(?=\s|$))/g, '$1').replace(/\( /g, '(').replace(/\.\./g, '.').trim();
  const capital = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
};
const line = (id: string, text: string, urgency: number, origin: ItemOrigin, extra: Partial<RuleLine> = {}): RuleLine => ({
  id,
  text,
  urgency,
  source: sourceOf(origin),
  updated: origin.updated,
  ...extra,
});
/** "(unconfirmed)" or the status as recorded, for an item not plainly current: shown, never guessed. */
const statusNote = (item: { currency: string; statusText?: string }) =>
  item.currency === 'unconfirmed' ? '(unconfirmed)' : item.currency === 'unknown' ? `(${item.statusText ?? 'status not known'})` : item.statusText ? `(${item.statusText})` : undefined;

/** Must-see flags first by what they are: resuscitation decisions, safeguarding, risk to staff… */
const ALERT_URGENCY: Record<AlertItem['kind'], number> = {
  resuscitation: 100, 'safeguarding-child': 98, 'safeguarding-adult': 96, safeguarding: 95, 'risk-to-staff': 90, 'clinical-risk': 85,
  'infection-control': 80, 'reasonable-adjustment': 75, unknown: 70, administrative: 0,
};

/** The flag's words, with the kind's label in front unless the words already say it ("Alert: Alert: …" never). */
function alertText(a: AlertItem): string {
  const keyWord = a.kindLabel.split(/[\s(]/)[0]!.toLowerCase();
  const said = a.text.toLowerCase().includes(keyWord);
  return sentence(said ? a.text : `${a.kindLabel}: ${a.text}`, a.since && `(since ${date(a.since)}${a.origin.author ? `, ${a.origin.author}` : ''})`, statusNote(a));
}

/** Resuscitation decisions and safeguarding concerns are set apart in the panel, whatever else is shown. */
function calloutOf(kind: AlertItem['kind']): RuleLine['callout'] {
  if (kind === 'resuscitation') return 'resuscitation';
  return kind.startsWith('safeguarding') ? 'safeguarding' : undefined;
}

export const alerts: HighlightRule = {
  id: 'alerts',
  label: 'Alert',
  why: 'Active alerts (safeguarding, resuscitation decisions, risk to staff, infection control, reasonable adjustments, clinical risks) change how every professional must act.',
  mustSee: true,
  select: (ix) =>
    ix.record.alerts
      .filter((a) => a.mustSee)
      .map((a) => line(a.id, alertText(a), ALERT_URGENCY[a.kind], a.origin, { why: `${alerts.why} Read as: ${a.kindLabel}.`, callout: calloutOf(a.kind) })),
};

export const whereNow: HighlightRule = {
  id: 'where-now',
  label: 'Where now',
  why: 'Where the patient is now decides who can see them and who is responsible today. It is the situation the clinician is in, not a highlight: shown above them.',
  mustSee: false,
  place: 'context',
  select: (ix) => {
    if (ix.deceased) return [];
    const current = ix.record.encounters.filter((e) => e.current).sort((a, b) => Number(b.inpatient) - Number(a.inpatient))[0];
    if (current) {
      const org = current.origin.organisation;
      const since = current.start && (ix.isToday(current.start) ? `since ${dateTime(current.start).slice(-5)} today` : `since ${date(current.start)}`);
      const text = current.inpatient
        ? sentence('Admitted', current.ward && `to ${current.ward}`, org && `at ${org}`, since)
        : sentence(current.urgentCare === 'emergency-attendance' ? 'In the emergency department now' : `In a contact now${current.typeText ? ` (${current.typeText})` : ''}`, org && `at ${org}`, since, current.reason && `: ${current.reason}`);
      return [line(current.id, text, 100, current.origin, { source: sourceOf(current.origin, { sources: sourcesOf(current.origins ?? [current.origin]) }) })];
    }
    const today = ix.record.appointments.find((a) => a.start && ix.isToday(a.start) && ['booked', 'arrived', 'checked-in'].includes(a.status));
    if (today) {
      const at = dateTime(today.start!).slice(-5);
      const text = today.status === 'booked' ? sentence(`In clinic today at ${at}`, today.what && `: ${today.what}`, today.where && `, ${today.where}`) : sentence(`At an appointment now (${at})`, today.what && `: ${today.what}`);
      return [line(today.id, text, 90, today.origin)];
    }
    return [];
  },
};

const URGENT_WORDS: Record<NonNullable<EncounterItem['urgentCare']>, string> = {
  'emergency-attendance': 'Emergency department attendance',
  'unplanned-admission': 'Unplanned admission',
};

export const recentUrgentCare: HighlightRule = {
  id: 'recent-urgent-care',
  label: 'Recent urgent care',
  why: 'An emergency attendance or unplanned admission in the last 30 days is a sign of deterioration or harm; with a safeguarding concern it may be the pattern that matters.',
  mustSee: true,
  select: (ix) => {
    const safeguarding = ix.record.alerts.some((a) => a.kind.startsWith('safeguarding'));
    return ix.record.encounters
      // The attendance the patient is in now is context (where now), not urgent care to be told of.
      .filter((e) => e.urgentCare && !e.current && e.start && ix.nowMs - time(e.start) <= URGENT_CARE_DAYS * DAY && time(e.start) <= ix.nowMs + DAY)
      .map((e) => {
        const org = e.origin.organisation;
        const why = e.reason ?? e.typeText;
        return line(e.id, sentence(`${URGENT_WORDS[e.urgentCare!]} on ${date(e.start)}`, why ? `: ${why}` : ': reason not recorded', org && `(${org})`), 50 - (ix.nowMs - time(e.start)) / DAY, e.origin, {
          promote: safeguarding,
          why: safeguarding ? `${recentUrgentCare.why} Shown higher: a safeguarding alert is active.` : undefined,
        });
      });
  },
};

export const nationalRecords: HighlightRule = {
  id: 'national-records',
  label: 'National record',
  why: 'A ReSPECT form, an end-of-life care coordination summary, a crisis or emergency care plan held elsewhere records decisions every professional must respect.',
  mustSee: true,
  select: (ix) =>
    ix.record.nationalRecords.map((d) =>
      line(d.id, sentence(`${d.label} exists`, d.origin.date && `(${date(d.origin.date)}${d.origin.author ? `, ${d.origin.author}` : ''})`, d.origin.organisation && `, held by ${d.origin.organisation}`, statusNote(d), d.url ? ': open it from the link' : ': no link to open it was given'), 80 - (ix.nowMs - time(d.origin.date)) / DAY / 1000, d.origin, { link: d.url }),
    ),
};

export const allergies: HighlightRule = {
  id: 'allergies',
  label: 'Allergies',
  why: 'Prescribing or giving a medicine without knowing an allergy can kill: allergies listed, "no known allergies" recorded, and nothing recorded are three different things. "No known allergies" is never said while any source records an allergy.',
  mustSee: true,
  select: (ix) => {
    const a = ix.record.allergies;
    const prompt = (words: string) => (ix.deceased ? undefined : words);
    // Some allergies were left out (a server sent past the caps): never "none", and said first.
    const couldNotRead: RuleLine[] = a.leftOut
      ? [{ id: 'allergies:left-out', text: sentence(`Allergies could not all be read: ${a.leftOut} left out of what the record sent.`, prompt('Check the full record before prescribing.')), urgency: 95, source: { type: 'AllergyIntolerance', sources: ix.record.sources.map((s) => s.source) } }]
      : [];
    if (a.leftOut && a.state !== 'listed') return couldNotRead;
    switch (a.state) {
      case 'listed':
        return [...couldNotRead, ...a.items.map((item) => {
          const kind = item.type === 'intolerance' ? 'Intolerance' : 'Allergy';
          const reactions = item.reactions.length ? `(${item.reactions.join(', ')})` : undefined;
          const contradicted = ix.deceased ? [] : (item.contradictedBy ?? []);
          const text = sentence(
            `${kind}: ${item.substance}`, reactions, item.criticality === 'high' && ', high criticality', statusNote(item),
            contradicted.length > 0 && `. Contradicted by a current medicine: ${contradicted.map((c) => `${c.medicine} (${c.classLabel}${c.relation === 'cross-reactive' ? ', may cross-react' : ''})`).join('; ')}`,
            (item.conflicts ?? []).length > 0 && `. Conflict: ${conflictWords(item.conflicts!)}; the allergy stands`,
          );
          const urgency = item.criticality === 'high' || item.anaphylaxis ? 90 : contradicted.length ? 70 : item.type === 'intolerance' ? 30 : 50;
          return line(item.id, text, urgency, item.origin, { source: sourceOf(item.origin, { sources: sourcesOf(item.origins) }) });
        })];
      case 'none-known':
        return [line(a.origin.id, sentence('No known allergies', a.origin.date && `(recorded ${date(a.origin.date)}${a.origin.author ? `, ${a.origin.author}` : ''})`), 0, a.origin)];
      case 'not-recorded':
        return [
          {
            id: a.origin?.id ?? 'allergies:not-recorded',
            text: sentence('Allergies not recorded: nothing is known either way.', prompt('Ask before prescribing.')),
            urgency: 0,
            source: a.origin ? sourceOf(a.origin) : { type: 'AllergyIntolerance', sources: ix.record.sources.map((s) => s.source) },
          },
        ];
    }
  },
};

/** Who said something, in words: the organisation, else the source ("the GP record"). */
function whoSaid(origin: ItemOrigin): string {
  return origin.organisation ?? `the ${origin.source.charAt(0).toLowerCase()}${origin.source.slice(1)}`;
}

/** What other sources say against an item: "stopped by Riverside Surgery on 12-Nov-2026 (GI bleed)". */
function conflictWords(conflicts: readonly StatusConflict[]): string {
  return conflicts
    .map((c) => {
      const words = /^"/.test(c.says) ? `${c.says} recorded by` : c.says === 'entered in error' ? 'entered in error in the record of' : `${c.says} by`;
      return `${words} ${whoSaid(c.origin)}${c.date ? ` on ${date(c.date)}` : ' (date not recorded)'}${c.reason ? ` (${c.reason})` : ''}`;
    })
    .join('; ');
}

/** Where an item is still held current, and since when: "still active in Northshire Hospital's record since 03-Mar-2025". */
function stillActive(origins: readonly ItemOrigin[], since: string | undefined): string {
  const holders = [...new Set(origins.map((o) => (o.organisation ? `${o.organisation}'s record` : `the ${o.source.toLowerCase()}`)))];
  return `still active in ${holders.join(' and ')}${since ? ` since ${date(since)}` : ''}`;
}

export const missedAppointments: HighlightRule = {
  id: 'missed-appointments',
  label: 'Missed appointment',
  why: 'A missed appointment (a pre-op, a review) is often the first sign of a patient lost to care.',
  mustSee: true,
  select: (ix) =>
    ix.record.appointments
      .filter((a) => a.status === 'noshow' && ix.nowMs - time(a.start) < 90 * DAY)
      .map((a) => line(a.id, sentence(`Did not attend on ${date(a.start)}`, a.what && `: ${a.what}`, a.where && `, ${a.where}`), 80 - (ix.nowMs - time(a.start)) / DAY, a.origin)),
};

export const recentDischarge: HighlightRule = {
  id: 'recent-discharge',
  label: 'Recent discharge',
  why: 'The days after discharge carry the highest risk of readmission; follow-up must not be missed.',
  mustSee: true,
  select: (ix) =>
    ix.record.encounters
      .filter((e) => e.status === 'finished' && e.inpatient && e.end && ix.nowMs - time(e.end) <= 14 * DAY)
      .map((e) => {
        const org = e.origin.organisation;
        return line(e.id, sentence(`Discharged ${date(e.end)}`, org && `from ${org}`, e.dischargeDisposition && `: ${e.dischargeDisposition}`), 70, { ...e.origin, date: e.end });
      }),
};

export const overdueTasks: HighlightRule = {
  id: 'overdue-tasks',
  label: 'Overdue task',
  why: 'An overdue task is care someone is waiting for: a visit, a review, a referral.',
  mustSee: true,
  select: (ix) =>
    pendingTasks(ix.tasks, ix.now)
      .filter((t) => t.overdue)
      .map((t) => ({
        id: `Task/${t.id}`,
        text: sentence(`Task overdue since ${date(t.due)}: ${t.text}`, t.owner && `, held by ${t.owner}`, ix.deceased && `. ${DIED_CANCEL}`),
        urgency: 60 + (ix.nowMs - time(t.due)) / DAY / 100,
        source: { type: 'Task', date: date(t.due), organisation: t.owner, sources: ['Shared record'] },
        updated: ix.tasks.find((x) => x.id === t.id)?.meta?.lastUpdated,
      })),
};

/** Each source once ("Shared record", "GP record"): a fact both record is one line naming both. */
function sourcesOf(origins: readonly ItemOrigin[]): string[] {
  const order: string[] = ['Shared record', 'GP record', 'National records', 'Letters'];
  return [...new Set(origins.map((o) => o.source))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** What a medicine contradicts, in words: "contradicts the recorded allergy to penicillin (Penicillins, anaphylaxis)". */
function contradictionWords(found: readonly AllergyMedicineContradiction[]): string {
  return `contradicts the recorded allergy to ${found.map((c) => `${c.allergy} (${c.classLabel}${c.relation === 'cross-reactive' ? ', may cross-react' : ''}${c.severe ? ', severe' : ''})`).join('; ')}`;
}

/** The earliest date a current item is held from. */
const earliest = (origins: readonly ItemOrigin[]) => origins.map((o) => o.date).filter((d): d is string => !!d).sort((a, b) => time(a) - time(b))[0];

function medicineLine(m: MedicineItem, classWords: string | undefined, urgency: number, deceased = false): RuleLine {
  const contradicts = m.contradicts ?? [];
  const text = deceased
    ? sentence(`Prescribed before death: ${m.name}`, classWords && `(${classWords})`)
    : m.conflicts?.length
      // A conflict is not "Takes": both sides are said, the stop first.
      ? sentence(`${m.name}`, classWords && `(${classWords})`, `: ${conflictWords(m.conflicts)}; ${stillActive(m.origins, earliest(m.origins))}`, contradicts.length > 0 && `. It ${contradictionWords(contradicts)}`)
      : sentence(`Takes ${m.name}`, classWords && `(${classWords})`, m.dose && `: ${m.dose}`, statusNote(m), contradicts.length > 0 && `. It ${contradictionWords(contradicts)}`);
  const l = line(m.id, text, urgency, m.origin);
  l.source = sourceOf(m.origin, { sources: sourcesOf([...m.origins, ...(m.conflicts ?? []).map((c) => c.origin)]) });
  if (m.origins.length > 1) l.source.type = [...new Set(m.origins.map((o) => o.resourceType))].join(' + ');
  return l;
}

/** A current medicine that contradicts an allergy that is high criticality or was anaphylaxis. */
const severeContradiction = (m: MedicineItem) => (m.contradicts ?? []).some((c) => c.severe);

export const highRiskMedicines: HighlightRule = {
  id: 'high-risk-medicines',
  label: 'High-risk medicine',
  why: 'Anticoagulants, insulins, opioids, oral methotrexate, lithium, steroid dependence and the other classes of the UK high-risk lists cause most serious medication harm; doses and interactions must be checked. Where sources disagree (stopped in one, active in another) both are said.',
  mustSee: true,
  select: (ix) =>
    ix.deceased
      ? []
      : ix.record.medicines.flatMap((m) => {
          if (!m.highRisk) return [];
          const l = medicineLine(m, m.highRisk.label, m.conflicts?.length ? 60 : 50);
          l.why = `${highRiskMedicines.why} Recognised by ${m.highRisk.by === 'code' ? `its code (${m.highRisk.system})` : 'its name only, as it carries no known code'}.`;
          return [l];
        }),
};

export const allergyContradictions: HighlightRule = {
  id: 'allergy-contradictions',
  label: 'Contradicts an allergy',
  why: 'A current medicine of a class the patient is recorded allergic to (or of a class that cross-reacts), where the allergy is high criticality or was anaphylaxis: it may be given again without anyone noticing.',
  mustSee: true,
  select: (ix) =>
    ix.deceased
      ? []
      : ix.record.medicines.filter((m) => !m.highRisk && severeContradiction(m)).map((m) => {
          const l = medicineLine(m, undefined, 80);
          const c = m.contradicts!.find((x) => x.severe)!;
          l.why = `${allergyContradictions.why} Class: ${c.classLabel}, recognised by ${c.by === 'code' ? 'code on both sides' : 'a published name (no code on one side)'}.`;
          return l;
        }),
};

/** A problem as a line: conflicts said with both sides. */
function problemText(p: ProblemItem): string {
  return p.conflicts?.length
    ? sentence(`${p.text}: ${conflictWords(p.conflicts)}; ${stillActive(p.origins, p.onset)}`)
    : sentence(p.text, p.onset && `since ${date(p.onset)}`, statusNote(p));
}

function problemLine(p: ProblemItem, why?: string): RuleLine {
  return line(p.id, problemText(p), time(p.onset) / 1e12, p.origin, {
    source: sourceOf(p.origin, { sources: sourcesOf([...p.origins, ...(p.conflicts ?? []).map((c) => c.origin)]) }),
    ...(why ? { why } : {}),
  });
}

export const significantProblems: HighlightRule = {
  id: 'significant-problems',
  label: 'Always-show condition',
  why: 'A few conditions change what any clinician does next (adrenal insufficiency, type 1 diabetes, epilepsy, transplant, pregnancy, learning disability, a carer…): they are shown whatever else the record holds.',
  mustSee: true,
  select: (ix) =>
    ix.record.problems
      .filter((p) => p.significant)
      .map((p) => problemLine(p, `${significantProblems.why} Read as: ${p.significant!.label}, by ${p.significant!.by === 'code' ? 'its code' : 'its name only'}.`)),
};

export const alertResults: HighlightRule = {
  id: 'alert-results',
  label: 'Alert result',
  why: 'Red cell antibodies and special blood requirements change how blood is given; MRSA, CPE, VRE and C. difficile change where and how the patient is cared for.',
  mustSee: true,
  select: (ix) =>
    ix.record.results
      .filter((r) => r.kind === 'alert')
      .map((r) => line(r.id, sentence(`${r.label}:`, r.value ?? 'positive', r.text && r.text.toLowerCase() !== r.label.toLowerCase() && `(${r.text})`, r.date && `on ${date(r.date)}`, !!r.earlier && `(and ${r.earlier} earlier)`), 60, r.origin)),
};

const isRecentCritical = (ix: RecordIndex, r: ResultItem) => r.kind === 'critical' && !!r.date && ix.nowMs - time(r.date) <= CRITICAL_RESULT_DAYS * DAY && !ix.deceased;

export const criticalResults: HighlightRule = {
  id: 'critical-results',
  label: 'Critical result',
  why: 'The latest potassium or sodium at or beyond the Royal College of Pathologists\' critical limits, in the last 7 days: it may need action now.',
  mustSee: true,
  select: (ix) => ix.record.results.filter((r) => isRecentCritical(ix, r)).map((r) => line(r.id, sentence(`${r.label}: ${r.value ?? 'value not given'}`, r.date && `on ${date(r.date)}`), 70, r.origin)),
};

export const leadProfessional: HighlightRule = {
  id: 'lead-professional',
  label: 'Lead professional',
  why: 'Patients say they want to know the main person in charge of their care; so do professionals. Shown only where a record names a lead.',
  mustSee: true,
  // One line per team with a recorded lead: a patient under a community team and a mental health team
  // has a lead in each, and both matter.
  select: (ix) =>
    ix.record.careTeams.flatMap((team, i) => {
      if (!team.lead) return [];
      const detail = [team.lead.role, team.lead.organisation].filter(Boolean).join(', ');
      return [line(team.id, sentence(`Lead professional: ${team.lead.name}`, detail && `(${detail})`), 40 - i, team.origin)];
    }),
};

export const otherPendingTasks: HighlightRule = {
  id: 'pending-tasks',
  label: 'Pending task',
  why: 'Work waiting on someone in the patient’s care, soonest due first.',
  mustSee: false,
  select: (ix) =>
    pendingTasks(ix.tasks, ix.now)
      .filter((t) => !t.overdue)
      .map((t, i) => ({
        id: `Task/${t.id}`,
        text: sentence(`Task ${t.status}: ${t.text}`, t.owner && `, held by ${t.owner}`, t.due && `, due ${date(t.due)}`, ix.deceased && `. ${DIED_CANCEL}`),
        urgency: -i,
        source: { type: 'Task', date: date(t.due), organisation: t.owner, sources: ['Shared record'] },
        updated: ix.tasks.find((x) => x.id === t.id)?.meta?.lastUpdated,
      })),
};

const isLongStanding = (ix: RecordIndex, p: ProblemItem) => !!p.onset && time(p.onset) > 0 && ix.nowMs - time(p.onset) > LONG_STANDING_YEARS * 365.25 * DAY;

export const activeProblems: HighlightRule = {
  id: 'active-problems',
  label: 'Active problem',
  why: 'The current problem list frames every decision; after the always-show conditions, the most recent first (problems older than two years are listed last).',
  mustSee: false,
  select: (ix) => ix.record.problems.filter((p) => !p.significant && (!isLongStanding(ix, p) || p.conflicts?.length)).map((p) => problemLine(p)),
};

export const otherMedicines: HighlightRule = {
  id: 'current-medicines',
  label: 'Current medicine',
  why: 'What the patient takes now, for reconciliation and interactions.',
  mustSee: false,
  // A patient who has died: every medicine, high-risk or not, is what was prescribed before death.
  select: (ix) => ix.record.medicines.filter((m) => ix.deceased || (!m.highRisk && !severeContradiction(m))).map((m) => medicineLine(m, ix.deceased ? m.highRisk?.label : undefined, m.conflicts?.length || m.contradicts?.length ? 1 : 0, ix.deceased)),
};

export const otherAlerts: HighlightRule = {
  id: 'administrative-alerts',
  label: 'Administrative alert',
  why: 'Purely administrative flags (correspondence, registration) are worth knowing, not ahead of what is urgent.',
  mustSee: false,
  select: (ix) => ix.record.alerts.filter((a) => !a.mustSee).map((a) => line(a.id, sentence(a.text, a.since && `(since ${date(a.since)})`), 0, a.origin)),
};

export const careTeams: HighlightRule = {
  id: 'care-team',
  label: 'Care team',
  why: 'Who else is caring for the patient, where no lead is recorded.',
  mustSee: false,
  select: (ix) =>
    ix.record.careTeams
      .filter((t) => !t.lead && t.members.length)
      .map((t) => line(t.id, sentence(`${t.name ?? 'Care team'}:`, t.members.map((m) => (m.role ? `${m.name} (${m.role})` : m.name)).join(', ')), 0, t.origin)),
};

export const nextAppointment: HighlightRule = {
  id: 'next-appointment',
  label: 'Next appointment',
  why: 'The next planned contact, so nobody books a second one or misses the first.',
  mustSee: false,
  select: (ix) => {
    if (ix.deceased) return [];
    const next = ix.record.appointments
      .filter((a) => a.status === 'booked' && time(a.start) > ix.nowMs && !ix.isToday(a.start!))
      .sort((a, b) => time(a.start) - time(b.start))[0];
    return next ? [line(next.id, sentence(`Next appointment ${dateTime(next.start!)}`, next.what && `: ${next.what}`, next.where && `, ${next.where}`), 0, next.origin)] : [];
  },
};

export const cancelAfterDeath: HighlightRule = {
  id: 'cancel-after-death',
  label: 'Booked after death',
  why: 'A patient who has died still has appointments booked: each must be cancelled, or the family is contacted and a slot wasted.',
  mustSee: true,
  select: (ix) =>
    !ix.deceased
      ? []
      : ix.record.appointments
          .filter((a) => ['booked', 'pending', 'proposed', 'waitlist', 'arrived', 'checked-in'].includes(a.status) && time(a.start) >= ix.nowMs - DAY)
          .map((a) => line(a.id, sentence(`Appointment ${a.start ? dateTime(a.start) : '(date not recorded)'}`, a.what && `: ${a.what}`, a.where && `, ${a.where}`, `. ${DIED_CANCEL}`), 50 - time(a.start) / 1e12, a.origin)),
};

export const referrals: HighlightRule = {
  id: 'referrals',
  label: 'Open referral',
  why: 'A referral still open is care another team has been asked for.',
  mustSee: false,
  select: (ix) =>
    ix.record.referrals.map((s) => line(s.id, sentence(`Referral${s.origin.date ? ` on ${date(s.origin.date)}` : ''}: ${s.text}`, s.to && `, to ${s.to}`, statusNote(s)), 0, s.origin)),
};

export const recentEncounters: HighlightRule = {
  id: 'recent-encounters',
  label: 'Recent contact',
  why: 'Who has seen the patient lately, and where; routine reviews (medication, asthma, COPD) and the contact the patient is in now are left out.',
  mustSee: false,
  select: (ix) =>
    ix.record.encounters
      .filter((e) => e.status === 'finished' && !e.routine && !e.current)
      // Times parsed once, not in the comparator: a long record has thousands of contacts.
      .map((e) => [e, time(e.start)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([e], i) => line(e.id, sentence(`${e.typeText ?? 'Contact'} on ${date(e.start)}`, e.origin.organisation && `with ${e.origin.organisation}`), -i, e.origin)),
};

export const longStandingProblems: HighlightRule = {
  id: 'long-standing-problems',
  label: 'Long-standing problem',
  why: 'Active problems recorded more than two years ago: part of the picture, ranked below anything recent.',
  mustSee: false,
  select: (ix) => ix.record.problems.filter((p) => !p.significant && isLongStanding(ix, p) && !p.conflicts?.length).map((p) => problemLine(p)),
};

export const latestResults: HighlightRule = {
  id: 'latest-results',
  label: 'Latest result',
  why: 'The latest potassium, sodium, eGFR and HbA1c, in a section of their own (a critical one from the last 7 days is must-see).',
  mustSee: false,
  place: 'results',
  select: (ix) =>
    ix.record.results
      .filter((r) => r.kind !== 'alert' && !isRecentCritical(ix, r))
      .map((r, i) => line(r.id, sentence(`${r.label}: ${r.value ?? 'value not given'}`, r.date && `(${date(r.date)})`), -i, r.origin)),
};

/** The default rules, most urgent first. */
export const DEFAULT_RULES: readonly HighlightRule[] = [
  whereNow, alerts, cancelAfterDeath, recentUrgentCare, nationalRecords, allergies, allergyContradictions, missedAppointments, recentDischarge, overdueTasks,
  highRiskMedicines, criticalResults, alertResults, significantProblems, leadProfessional,
  otherPendingTasks, activeProblems, otherMedicines, otherAlerts, careTeams, nextAppointment, referrals, recentEncounters, longStandingProblems, latestResults,
];

