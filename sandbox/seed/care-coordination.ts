/**
 * What a shared care record holds for integrated care, added to any patient: tasks across
 * organisations, appointments, a care team with a lead professional, flags, admissions, discharges and
 * referrals. Used for our own patients and for the Synthea ones alike.
 */
import type { Appointment, CareTeam, Encounter, Flag, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import { ORGS, PEOPLE, PLACES, ref, type AnyReference } from './organisations';

const SCT = 'http://snomed.info/sct';
const DAY = 86_400_000;

/** What is special about one patient's care, beyond the common tasks and appointments. */
export interface CareProfile {
  /** Active safeguarding flag (children's or adult). */
  safeguarding?: boolean;
  /** DNACPR / ReSPECT resuscitation decision flag. */
  dnacpr?: boolean;
  /** In hospital now. */
  admitted?: boolean;
  /** Discharged this many days ago. */
  dischargedDaysAgo?: number;
  /** An outpatient appointment today. */
  clinicToday?: boolean;
  /** A missed appointment (noshow) this many days ago. */
  missedDaysAgo?: number;
  /** An active referral to community services. */
  referral?: boolean;
  /** The lead professional. */
  lead?: keyof typeof PEOPLE;
}

/** Builds the care-coordination resources for one patient. Ids are derived from `key`, so they are stable. */
export function careCoordination(key: string, patient: AnyReference, profile: CareProfile, now: Date): Resource[] {
  const at = (days: number, hour = 9, minute = 0) => {
    const d = new Date(now.getTime() + days * DAY);
    d.setHours(hour, minute, 0, 0);
    return d.toISOString();
  };
  const date = (days: number) => at(days).slice(0, 10);
  const out: Resource[] = [];
  const lastModified = at(-1, 15);

  const task = (n: number, status: Task['status'], description: string, owner: AnyReference, requester: AnyReference, dueDays: number | undefined, extra: Partial<Task> = {}): Task => ({
    resourceType: 'Task',
    id: `${key}-task-${n}`,
    status,
    intent: 'order',
    priority: extra.priority ?? 'routine',
    description,
    for: patient,
    owner,
    requester,
    authoredOn: at(-7 - n),
    lastModified,
    ...(dueDays === undefined ? {} : { restriction: { period: { end: date(dueDays) } } }),
    ...extra,
  });
  out.push(
    task(1, 'requested', 'Medication review requested after hospital clinic letter', ref(ORGS.gp), ref(PEOPLE.consultant), -3, { priority: 'urgent' }),
    task(2, 'accepted', 'Community nursing visit: wound check and pressure area assessment', ref(ORGS.community), ref(PEOPLE.gp), 2),
    task(3, 'in-progress', 'Care needs assessment for package of care at home', ref(ORGS.socialCare), ref(PEOPLE.districtNurse), 7, { businessStatus: { text: 'Assessment visit booked' } }),
    task(4, 'on-hold', 'Falls clinic referral: awaiting patient consent', ref(ORGS.hospital), ref(PEOPLE.gp), -1, { statusReason: { text: 'Waiting for patient to confirm' } }),
    task(5, 'completed', 'Blood test: INR', ref(ORGS.gp), ref(PEOPLE.gp), -10),
    task(6, 'cancelled', 'Home oxygen assessment', ref(ORGS.community), ref(PEOPLE.gp), -5),
  );

  const appt = (n: number, status: Appointment['status'], start: string, description: string, where: AnyReference, who: AnyReference): Appointment => ({
    resourceType: 'Appointment',
    id: `${key}-appt-${n}`,
    status,
    description,
    start,
    end: new Date(new Date(start).getTime() + 30 * 60_000).toISOString(),
    serviceType: [{ text: description }],
    participant: [
      { actor: patient, status: status === 'noshow' ? 'declined' : 'accepted' },
      { actor: where, status: 'accepted' },
      { actor: who, status: 'accepted' },
    ],
  });
  out.push(appt(1, 'booked', at(21, 10, 30), 'GP review', ref(PLACES.surgery), ref(PEOPLE.gp)));
  out.push(appt(2, 'fulfilled', at(-40, 11), 'Outpatient follow-up', ref(PLACES.outpatients), ref(PEOPLE.consultant)));
  if (profile.clinicToday) out.push(appt(3, 'booked', at(0, 14, 30), 'Outpatient clinic: cardiology', ref(PLACES.outpatients), ref(PEOPLE.consultant)));
  if (profile.missedDaysAgo !== undefined) {
    out.push(appt(4, 'noshow', at(-profile.missedDaysAgo, 9, 15), 'Pre-operative assessment', ref(PLACES.outpatients), ref(PEOPLE.consultant)));
  }

  const lead = PEOPLE[profile.lead ?? 'gp'];
  const careTeam: CareTeam = {
    resourceType: 'CareTeam',
    id: `${key}-careteam`,
    status: 'active',
    name: 'Integrated care team',
    subject: patient,
    // The lead professional is the participant whose role reads "Lead professional" (listed first).
    participant: [
      { role: [{ text: 'Lead professional' }, lead.qualification?.[0]?.code ?? { text: 'Professional' }], member: ref(lead), onBehalfOf: orgOf(profile.lead) },
      { role: [{ coding: [{ system: SCT, code: '62247001', display: 'General practitioner' }] }], member: ref(PEOPLE.gp), onBehalfOf: ref(ORGS.gp) },
      { role: [{ text: 'District nurse' }], member: ref(PEOPLE.districtNurse), onBehalfOf: ref(ORGS.community) },
    ].filter((p, i) => i === 0 || p.member.reference !== ref(lead).reference),
  };
  out.push(careTeam);

  if (profile.safeguarding) {
    out.push(flag(`${key}-flag-safeguarding`, patient, 'Safeguarding concern: child protection plan in place', '225923000', ref(ORGS.childrens), at(-60)));
  }
  if (profile.dnacpr) {
    out.push(flag(`${key}-flag-dnacpr`, patient, 'DNACPR: do not attempt cardiopulmonary resuscitation (ReSPECT form completed)', '304253006', ref(PEOPLE.gp), at(-30)));
  }

  if (profile.admitted) {
    out.push(inpatient(`${key}-enc-admission`, patient, 'in-progress', at(-3, 22), undefined));
  }
  if (profile.dischargedDaysAgo !== undefined) {
    out.push(inpatient(`${key}-enc-discharge`, patient, 'finished', at(-profile.dischargedDaysAgo - 5, 14), at(-profile.dischargedDaysAgo, 11)));
  }
  if (profile.referral) {
    const sr: ServiceRequest = {
      resourceType: 'ServiceRequest',
      id: `${key}-referral`,
      status: 'active',
      intent: 'order',
      priority: 'urgent',
      code: { coding: [{ system: SCT, code: '306206005', display: 'Referral to community service' }], text: 'Referral to community mental health team' },
      subject: patient,
      authoredOn: at(-4),
      requester: ref(PEOPLE.gp),
      performer: [ref(ORGS.mentalHealth)],
    };
    out.push(sr);
  }
  return out;
}

function orgOf(lead: keyof typeof PEOPLE | undefined): AnyReference {
  switch (lead) {
    case 'districtNurse':
      return ref(ORGS.community);
    case 'socialWorker':
      return ref(ORGS.socialCare);
    case 'cpn':
      return ref(ORGS.mentalHealth);
    case 'consultant':
    case 'diabetesNurse':
      return ref(ORGS.hospital);
    case 'gp':
    case undefined:
      return ref(ORGS.gp);
  }
}

function flag(id: string, patient: AnyReference, text: string, code: string, author: AnyReference, start: string): Flag {
  return {
    resourceType: 'Flag',
    id,
    status: 'active',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/flag-category', code: 'safety', display: 'Safety' }] }],
    code: { coding: [{ system: SCT, code, display: text }], text },
    subject: patient,
    period: { start },
    author,
  };
}

function inpatient(id: string, patient: AnyReference, status: Encounter['status'], start: string, end: string | undefined): Encounter {
  return {
    resourceType: 'Encounter',
    id,
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
    type: [{ text: status === 'finished' ? 'Emergency admission after a fall' : 'Emergency admission: chest infection' }],
    subject: patient,
    period: { start, ...(end ? { end } : {}) },
    location: [{ location: ref(PLACES.ward7), status: status === 'finished' ? 'completed' : 'active' }],
    serviceProvider: ref(ORGS.hospital),
    ...(status === 'finished'
      ? { hospitalization: { dischargeDisposition: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home', display: 'Home' }], text: 'Discharged home with community nursing follow-up' } } }
      : {}),
  };
}
