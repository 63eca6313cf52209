/**
 * From what the servers sent to the one normalised record the panel draws (normalised-record.ts).
 * Runs in the background, where the record is fetched and cached: the code lists (medicine classes,
 * always-show conditions, flag meanings, "no known allergy" codes, national record types, urgent care)
 * stay out of the side panel's bundle, and their verdicts are stored with the record.
 *
 * Reads R4 (UK Core) and STU3 (GP Connect) alike. What it cannot read is counted, never silently dropped;
 * what the record says does not hold now (resolved, refuted, entered in error, stopped…) never reaches it.
 */
import type { CodeableConcept, Coding, HumanName, Medication, Patient, Reference, Resource } from '@medplum/fhirtypes';
import { classifyMedicine, flagMeaning, isNoKnownAllergy, nationalRecordType, normaliseSystem, significantCondition, urgentCareKind } from '@/utils/vocabulary';
import type {
  AlertItem, AllergyItem, AllergyState, AppointmentItem, CareTeamItem, Currency, EncounterItem, ItemOrigin, MedicineItem, NationalRecordItem,
  NormalisedRecord, Omission, PatientSummary, ProblemItem, RecordSource, ReferralItem,
} from '@/utils/fhir/normalised-record';
import { NORMALISED_RECORD_VERSION } from '@/utils/fhir/normalised-record';
import { conceptText, firstConceptText } from '@/utils/fhir/text';
import { nhsNumberOf, nhsNumberVerification } from '@/utils/record/guards/nhs-number-verification';
import { nameOfResource, referenceKey } from '@/utils/record/guards/references';
import { isRestricted } from '@/utils/record/guards/restricted';

export { isRestricted, withoutRestrictedDetails } from '@/utils/record/guards/restricted';
import { allergyStatus, careTeamStatus, conditionStatus, documentStatus, eventCancelled, flagStatus, medicineStatus, referralStatus, statusCode, type StatusVerdict } from './statuses';

/** One source's resources, already checked to belong to the patient. */
export interface RecordPart {
  source: RecordSource;
  resources: readonly Resource[];
  /** Names of referenced resources fetched apart (`Organization/x` → "Riverside Surgery"). */
  names?: Readonly<Record<string, string>>;
  /** Prefix for item ids, so two servers' ids never collide (`gp:`). */
  idPrefix?: string;
  /** The organisation every line of this part comes from, when no resource says (the GP practice). */
  organisation?: string;
}

export interface NormaliseInput {
  patient: Patient;
  parts: readonly RecordPart[];
  now: Date;
  /** Resources about another patient that were dropped. */
  otherPatients?: number;
  /** What the caps left out. */
  omitted?: readonly Omission[];
  /** Each source asked, and whether it answered. */
  sources?: NormalisedRecord['sources'];
  /** Things the fetch itself could not read (a reference that did not resolve). */
  unreadable?: readonly string[];
}

/** Allergy-list code in UK records: "Allergies and adverse reaction" (GP Connect List.code). */
const ALLERGY_LIST_CODES = new Set(['886921000000105']);
/** List.emptyReason codes that mean "none known" rather than "not recorded" (HL7 list-empty-reason and CareConnect). */
const NIL_KNOWN = new Set(['nilknown', 'nil-known']);
const INPATIENT = new Set(['IMP', 'ACUTE', 'NONAC', 'INPATIENT', 'OBSENC']);
const MAX_UNREADABLE_EXAMPLES = 5;

/** Builds the normalised record. Pure: same input, same output. */
export function normaliseRecord(input: NormaliseInput): NormalisedRecord {
  const unreadable: string[] = [...(input.unreadable ?? [])];
  const cantRead = (what: string) => unreadable.push(what);
  const patientFacts = { gender: input.patient.gender, birthDate: input.patient.birthDate };

  const alerts: AlertItem[] = [];
  const allergyItems: Keyed<AllergyItem>[] = [];
  let noneKnown: { origin: ItemOrigin; text: string } | undefined;
  let notRecorded: ItemOrigin | undefined;
  const problems: Keyed<ProblemItem>[] = [];
  const medicineEntries: MedicineEntry[] = [];
  const encounters: EncounterItem[] = [];
  const appointments: AppointmentItem[] = [];
  const careTeams: CareTeamItem[] = [];
  const referrals: ReferralItem[] = [];
  const nationalRecords: NationalRecordItem[] = [];

  for (const part of input.parts) {
    const ctx = new PartContext(part);
    for (const resource of ctx.all) {
      const r = resource as Resource & Record<string, unknown>;
      if (typeof r.resourceType !== 'string') {
        cantRead('an item of no known kind');
        continue;
      }
      // A string, not the union of every type: only the kinds the highlights read have a case.
      const type: string = r.resourceType;
      switch (type) {
        case 'Flag': {
          const verdict = flagStatus(r as { status?: unknown; period?: { end?: string } }, input.now);
          if (!verdict.keep) break;
          const flag = resource as Extract<Resource, { resourceType: 'Flag' }>;
          const text = stripLead(readableText(flag.code), /^alert\s*:\s*/i);
          if (!text) {
            cantRead('an alert with no words');
          }
          const meaning = flagMeaning(flag);
          alerts.push({
            ...itemBase(ctx, resource, verdict, flag.period?.start, ctx.name(flag.author)),
            text: clip(text) ?? 'Alert with no description',
            kind: meaning.kind,
            kindLabel: meaning.label,
            mustSee: meaning.mustSee,
            since: flag.period?.start,
          });
          break;
        }
        case 'AllergyIntolerance': {
          const a = resource as Extract<Resource, { resourceType: 'AllergyIntolerance' }>;
          const recorded = a.recordedDate ?? (r.assertedDate as string | undefined) ?? a.onsetDateTime;
          const who = ctx.name(a.recorder) ?? ctx.name(a.asserter);
          if (isNoKnownAllergy(a.code)) {
            const verdict = allergyStatus(a);
            // A "no known allergy" entered in error or resolved says nothing either way.
            if (verdict.keep) noneKnown ??= { origin: ctx.origin(resource, recorded, who), text: conceptText(a.code) ?? 'No known allergies' };
            break;
          }
          const verdict = allergyStatus(a);
          if (!verdict.keep) break;
          const named = substanceOf(a.code);
          if (!named) cantRead('an allergy whose substance is not readable');
          const type = statusCode(a.type);
          allergyItems.push({
            ...itemBase(ctx, resource, verdict, recorded, who),
            codes: codeKeys(a.code),
            substance: clip(named) ?? 'substance not readable',
            type: type === 'intolerance' ? 'intolerance' : type === 'allergy' ? 'allergy' : 'unspecified',
            criticality: a.criticality,
            reactions: unique((a.reaction ?? []).flatMap((x) => [...(x.manifestation ?? []).map(conceptText), x.description])),
          });
          break;
        }
        case 'List': {
          const list = resource as Extract<Resource, { resourceType: 'List' }>;
          // A list naming an entry the record does not hold: that entry could not be read.
          for (const entry of list.entry ?? []) {
            if (!ctx.holds(entry.item?.reference, resource)) cantRead(`a list entry that was not sent (${entry.item?.reference ?? 'no reference'})`);
          }
          const isAllergyList = (list.code?.coding ?? []).some((c) => c.code && ALLERGY_LIST_CODES.has(c.code)) || /allerg/i.test(list.title ?? '');
          if (!isAllergyList || (list.entry ?? []).length > 0 || !list.emptyReason) break;
          const reason = statusCode(list.emptyReason);
          const origin = ctx.origin(resource, list.date);
          if (reason && NIL_KNOWN.has(reason)) noneKnown ??= { origin, text: 'No known allergies' };
          else notRecorded ??= origin;
          break;
        }
        case 'Condition': {
          const c = resource as Extract<Resource, { resourceType: 'Condition' }>;
          const verdict = conditionStatus(c);
          if (!verdict.keep) break;
          const text = readableText(c.code);
          if (!text) {
            cantRead('a problem with no description');
            break;
          }
          const onset = c.onsetDateTime ?? c.onsetPeriod?.start ?? c.recordedDate ?? (r.assertedDate as string | undefined);
          problems.push({
            ...itemBase(ctx, resource, verdict, onset, ctx.name(c.recorder) ?? ctx.name(c.asserter)),
            codes: codeKeys(c.code),
            text: clip(text)!,
            onset,
            significant: significantCondition(c.code),
          });
          break;
        }
        case 'MedicationRequest':
        case 'MedicationStatement': {
          const verdict = medicineStatus(r as { status?: unknown; intent?: unknown; taken?: unknown });
          if (!verdict.keep) break;
          const m = resource as Extract<Resource, { resourceType: 'MedicationRequest' | 'MedicationStatement' }>;
          const concept = ctx.medicine(m.medicationCodeableConcept, m.medicationReference, resource);
          if (!concept) cantRead(`a medicine whose details could not be read (${m.medicationReference?.reference ?? 'no code'})`);
          // Codes with no words: the class may still be known by code, but no clinician can read the name.
          const named = readableText(concept);
          const code = concept?.coding?.find((c) => c.code);
          if (concept && !named) cantRead(`a medicine with no name, only a code (${code?.system ?? 'no system'} ${code?.code ?? ''})`.trim());
          const isRequest = m.resourceType === 'MedicationRequest';
          const date = isRequest ? m.authoredOn : (m.effectivePeriod?.start ?? m.effectiveDateTime ?? m.dateAsserted);
          const who = isRequest ? (ctx.name(m.requester) ?? ctx.name(r.recorder as Reference | undefined)) : ctx.name(m.informationSource);
          const dosage = isRequest ? m.dosageInstruction : m.dosage;
          medicineEntries.push({
            origin: ctx.origin(resource, date, who),
            verdict,
            name: clip(named) ?? (code?.code ? `a medicine coded ${code.code} (no name given)` : 'an unnamed medicine (its details could not be read)'),
            concept,
            dose: clip(dosage?.find((d) => d.text)?.text ?? dosage?.find((d) => d.patientInstruction)?.patientInstruction),
            isRequest,
            highRisk: classifyMedicine(concept, patientFacts, input.now),
          });
          break;
        }
        case 'Encounter': {
          const e = resource as Extract<Resource, { resourceType: 'Encounter' }>;
          if (eventCancelled(e.status)) break;
          const classCode = (e.class?.code ?? '').toUpperCase();
          const reason = firstConceptText(e.reasonCode) ?? e.reasonReference?.map((x) => ctx.name(x)).find(Boolean) ?? e.diagnosis?.map((d) => ctx.name(d.condition)).find(Boolean);
          const org = ctx.name(e.serviceProvider);
          encounters.push({
            id: ctx.id(resource),
            origin: ctx.origin(resource, e.period?.start, undefined, org),
            status: statusCode(e.status) ?? 'unknown',
            inpatient: INPATIENT.has(classCode),
            urgentCare: urgentCareKind(e),
            reason: clip(reason),
            typeText: clip(firstConceptText(e.type) ?? e.class?.display),
            start: e.period?.start,
            end: e.period?.end,
            ward: e.location?.map((l) => ctx.name(l.location)).find(Boolean),
            dischargeDisposition: conceptText(e.hospitalization?.dischargeDisposition),
          });
          break;
        }
        case 'Appointment': {
          const a = resource as Extract<Resource, { resourceType: 'Appointment' }>;
          if (eventCancelled(a.status)) break;
          const where = a.participant?.map((p) => p.actor).filter((x) => x?.reference?.includes('Location/') || x?.type === 'Location').map((x) => ctx.name(x)).find(Boolean);
          appointments.push({
            id: ctx.id(resource),
            origin: ctx.origin(resource, a.start, undefined, where),
            status: statusCode(a.status) ?? 'unknown',
            start: a.start,
            what: clip(a.description ?? firstConceptText(a.serviceType) ?? conceptText(a.appointmentType)),
            where,
          });
          break;
        }
        case 'CareTeam': {
          const t = resource as Extract<Resource, { resourceType: 'CareTeam' }>;
          const verdict = careTeamStatus(t);
          if (!verdict.keep) break;
          const members = (t.participant ?? []).map((p) => ({
            name: ctx.name(p.member) ?? 'not named',
            role: firstConceptText(p.role?.filter((x) => !isLeadRole(x))),
            isLead: (p.role ?? []).some(isLeadRole),
            organisation: ctx.name(p.onBehalfOf),
          }));
          const lead = members.find((m) => m.isLead);
          careTeams.push({
            ...itemBase(ctx, resource, verdict, t.period?.start, undefined, lead?.organisation ?? ctx.name(t.managingOrganization?.[0])),
            name: t.name,
            lead: lead ? { name: lead.name, role: lead.role, organisation: lead.organisation } : undefined,
            members: members.map(({ name, role }) => ({ name, role })),
          });
          break;
        }
        case 'ServiceRequest': {
          const s = resource as Extract<Resource, { resourceType: 'ServiceRequest' }>;
          const verdict = referralStatus(s);
          if (!verdict.keep) break;
          const to = s.performer?.map((p) => ctx.name(p)).find(Boolean);
          referrals.push({ ...itemBase(ctx, resource, verdict, s.authoredOn, ctx.name(s.requester), to), text: clip(readableText(s.code)) ?? 'service', to });
          break;
        }
        case 'DocumentReference': {
          const d = resource as Extract<Resource, { resourceType: 'DocumentReference' }>;
          const verdict = documentStatus(d);
          if (!verdict.keep) break;
          const type = nationalRecordType(d.type);
          const label = type?.label ?? conceptText(d.type);
          if (!label) {
            cantRead('a document of a type not understood');
            break;
          }
          const date = d.date ?? (r.indexed as string | undefined) ?? d.context?.period?.start;
          nationalRecords.push({
            ...itemBase(ctx, resource, verdict, date, d.author?.map((a) => ctx.name(a)).find(Boolean), ctx.name(d.custodian)),
            label: clip(label)!,
            url: safeLink(d.content?.map((c) => c.attachment?.url).find(Boolean)),
            description: clip(d.description),
          });
          break;
        }
        default:
          break;
      }
    }
  }

  // An allergy left out by a cap: the list is not the whole truth, and "none" can never be said.
  const allergiesLeftOut = (input.omitted ?? []).filter((o) => /(^|\s)allergies$/.test(o.what)).reduce((n, o) => n + o.count, 0);
  const allergyState: AllergyState = allergyItems.length
    ? { state: 'listed', items: mergeFacts(allergyItems, (a) => `${a.type}:${a.substance.toLowerCase()}`, (kept, also) => {
        if (also.criticality === 'high') kept.criticality = 'high';
        kept.reactions = unique([...kept.reactions, ...also.reactions]);
      }) }
    : noneKnown
      ? { state: 'none-known', ...noneKnown }
      : { state: 'not-recorded', origin: notRecorded };
  const allergies: AllergyState = allergiesLeftOut ? { ...allergyState, leftOut: allergiesLeftOut } : allergyState;

  return {
    version: NORMALISED_RECORD_VERSION,
    patient: patientSummary(input.patient),
    alerts,
    allergies,
    problems: mergeFacts(problems, (p) => p.text.toLowerCase(), (kept, also) => {
      kept.significant ??= also.significant;
    }),
    medicines: mergeMedicines(medicineEntries),
    encounters,
    appointments,
    careTeams,
    referrals,
    nationalRecords,
    sources: input.sources ?? input.parts.map((p) => ({ source: p.source, ok: true })),
    unreadable: { count: unreadable.length, examples: unique(unreadable).slice(0, MAX_UNREADABLE_EXAMPLES) },
    otherPatients: input.otherPatients ?? 0,
    omitted: [...(input.omitted ?? [])],
  };
}

/** The Patient as the banner shows it; restricted patients' address and contacts never enter it. */
export function patientSummary(patient: Patient): PatientSummary {
  const name = bannerName(patient.name);
  return {
    family: name?.family,
    given: name?.given?.join(' ') || undefined,
    title: name?.prefix?.[0],
    birthDate: patient.birthDate,
    gender: patient.gender,
    nhsNumber: nhsNumberOf(patient),
    verification: nhsNumberVerification(patient),
    restricted: isRestricted(patient),
    deceased: Boolean(patient.deceasedBoolean || patient.deceasedDateTime),
  };
}

/** The official name, else the usual one, else the first that is not old. */
function bannerName(names: HumanName[] | undefined): HumanName | undefined {
  return names?.find((n) => n.use === 'official') ?? names?.find((n) => n.use === 'usual') ?? names?.find((n) => n.use !== 'old') ?? names?.[0];
}

/** An item with the SNOMED CT / dm+d codes it can be matched on across sources. */
type Keyed<T> = Omit<T, 'origins'> & { codes: string[]; origins?: ItemOrigin[] };

/** SNOMED CT / dm+d codes of a concept, whatever the system's spelling. */
function codeKeys(concept: CodeableConcept | undefined): string[] {
  return (concept?.coding ?? []).filter((c) => !!c.code && /snomed|dmd/.test(normaliseSystem(c.system))).map((c) => `code:${c.code!.trim()}`);
}

/**
 * One item per fact: items from several sources (or resources) sharing a code, or the same words, are
 * one item naming every origin; the first keeps its words, and `combine` folds in what the others add.
 */
function mergeFacts<T extends { origin: ItemOrigin; currency: Currency; statusText?: string; origins: ItemOrigin[] }>(
  items: Keyed<T>[],
  nameKey: (item: Keyed<T>) => string,
  combine: (kept: T, also: Keyed<T>) => void,
): T[] {
  const out: T[] = [];
  const byKey = new Map<string, T>();
  for (const item of items) {
    const keys = [...item.codes, `name:${nameKey(item)}`];
    const existing = keys.map((k) => byKey.get(k)).find(Boolean);
    if (existing) {
      existing.origins.push(item.origin);
      if (existing.currency !== 'current' && item.currency === 'current') {
        existing.currency = 'current';
        existing.statusText = item.statusText;
      }
      combine(existing, item);
    } else {
      const { codes: _codes, ...rest } = item;
      const kept = { ...rest, origins: [item.origin] } as unknown as T;
      out.push(kept);
      for (const k of keys) byKey.set(k, kept);
      continue;
    }
    for (const k of keys) if (!byKey.has(k)) byKey.set(k, existing);
  }
  return out;
}

interface MedicineEntry {
  origin: ItemOrigin;
  verdict: Extract<StatusVerdict, { keep: true }>;
  name: string;
  concept?: CodeableConcept;
  dose?: string;
  isRequest: boolean;
  highRisk?: ReturnType<typeof classifyMedicine>;
}

/**
 * One item per medicine, however many sources and resources say so: entries sharing a SNOMED CT / dm+d
 * code (whatever the system's spelling) or the same name are one medicine, naming every source.
 */
function mergeMedicines(entries: MedicineEntry[]): MedicineItem[] {
  const groups: MedicineEntry[][] = [];
  const groupOfKey = new Map<string, number>();
  for (const entry of entries) {
    const keys = medicineKeys(entry);
    const existing = keys.map((k) => groupOfKey.get(k)).find((g) => g !== undefined);
    const g = existing ?? groups.push([]) - 1;
    groups[g]!.push(entry);
    for (const k of keys) if (!groupOfKey.has(k)) groupOfKey.set(k, g);
  }
  return groups.map((group) => {
    // The prescription (a request) speaks for the dose and name first; the newest first within each.
    const ordered = [...group].sort((a, b) => Number(b.isRequest) - Number(a.isRequest) || (b.origin.date ?? '').localeCompare(a.origin.date ?? ''));
    const first = ordered[0]!;
    const currency: Currency = group.some((e) => e.verdict.currency === 'current') ? 'current' : group.some((e) => e.verdict.currency === 'unconfirmed') ? 'unconfirmed' : 'unknown';
    const statusText = ordered.find((e) => e.verdict.currency === currency)?.verdict.statusText;
    return {
      id: first.origin.id,
      origin: first.origin,
      origins: ordered.map((e) => e.origin),
      currency,
      statusText,
      name: ordered.find((e) => e.concept)?.name ?? first.name,
      dose: ordered.find((e) => e.dose)?.dose,
      highRisk: classTag(ordered.find((e) => e.highRisk)?.highRisk),
    };
  });
}

function classTag(match: ReturnType<typeof classifyMedicine>): MedicineItem['highRisk'] {
  return match && { id: match.classId, label: match.label, by: match.by, system: match.system };
}

function medicineKeys(entry: MedicineEntry): string[] {
  const keys = (entry.concept?.coding ?? [])
    .filter((c): c is Coding & { code: string } => !!c.code && /snomed|dmd/.test(normaliseSystem(c.system)))
    .map((c) => `code:${c.code.trim()}`);
  if (entry.concept) keys.push(`name:${entry.name.toLowerCase().replace(/\s+/g, ' ').trim()}`);
  else keys.push(`unread:${entry.origin.id}`);
  return keys;
}

/** Reading one part: ids, names of references, medicines, and the contained resources of Lists. */
class PartContext {
  readonly all: Resource[];
  private readonly byRef = new Map<string, Resource>();

  constructor(readonly part: RecordPart) {
    // GP Connect puts ended allergies inside a List as contained resources: they are read too.
    const contained = part.resources.flatMap((r) =>
      r.resourceType === 'List' ? (r.contained ?? []).filter((c) => c.resourceType === 'AllergyIntolerance').map((c) => ({ ...c, id: `${r.id ?? 'list'}-${c.id ?? ''}` })) : [],
    );
    this.all = [...part.resources, ...contained];
    for (const r of part.resources) if (r.id) this.byRef.set(`${r.resourceType}/${r.id}`, r);
  }

  /** Whether a reference points at something this part holds (or the holder contains). */
  holds(reference: string | undefined, holder: Resource): boolean {
    if (!reference) return false;
    if (reference.startsWith('#')) return !!(holder as { contained?: Resource[] }).contained?.some((c) => c.id === reference.slice(1));
    return this.byRef.has(referenceKey(reference) ?? '');
  }

  id(r: Resource): string {
    return `${this.part.idPrefix ?? ''}${r.resourceType}/${r.id ?? ''}`;
  }

  origin(r: Resource, date?: string, author?: string, organisation?: string): ItemOrigin {
    return {
      id: this.id(r),
      source: this.part.source,
      resourceType: r.resourceType,
      date,
      organisation: organisation ?? this.part.organisation,
      author,
      updated: r.meta?.lastUpdated,
    };
  }

  /** A reference in words: its display, else the name of what it points at (in this part or fetched). */
  name(ref: Reference | undefined): string | undefined {
    if (!ref) return undefined;
    if (ref.display) return ref.display;
    // Named only by identifier (national pointers name custodians by ODS code).
    if (!ref.reference && ref.identifier?.value) return /ods-organization-code/.test(ref.identifier.system ?? '') ? `ODS ${ref.identifier.value}` : ref.identifier.value;
    const key = referenceKey(ref.reference);
    if (!key) return undefined;
    const fetched = this.part.names?.[key];
    if (fetched) return fetched;
    const target = this.byRef.get(key);
    return target ? nameOfResource(target, (r) => this.name(r)) : undefined;
  }

  /** The medicine's concept: its own, else its Medication's (contained, in the part, or fetched). */
  medicine(concept: CodeableConcept | undefined, ref: Reference | undefined, holder: Resource): CodeableConcept | undefined {
    if (concept && (concept.text || concept.coding?.length)) return concept;
    if (!ref) return undefined;
    const reference = ref.reference ?? '';
    const target: Resource | undefined = reference.startsWith('#')
      ? (holder as { contained?: Resource[] }).contained?.find((c) => c.id === reference.slice(1))
      : this.byRef.get(referenceKey(reference) ?? '');
    const code = target?.resourceType === 'Medication' ? (target as Medication).code : undefined;
    if (code && (code.text || code.coding?.length)) return code;
    return ref.display ? { text: ref.display } : undefined;
  }
}

function itemBase(ctx: PartContext, r: Resource, verdict: Extract<StatusVerdict, { keep: true }>, date?: string, author?: string, organisation?: string) {
  return { id: ctx.id(r), origin: ctx.origin(r, date, author, organisation), currency: verdict.currency, statusText: verdict.statusText };
}

/** Words for a concept, but not a bare code: a concept with only codes is not readable to a clinician. */
function readableText(concept: CodeableConcept | undefined): string | undefined {
  return concept?.text?.trim() || concept?.coding?.find((c) => c.display?.trim())?.display?.trim() || undefined;
}

/** The substance of an allergy, without the words that would double up ("Allergy to penicillin" → "penicillin"). */
function substanceOf(code: CodeableConcept | undefined): string | undefined {
  const text = readableText(code);
  if (!text) return undefined;
  const bare = text
    .replace(/^(h\/o:?\s*)?(allergy|allergic|intolerance|intolerant|adverse reaction|sensitivity|hypersensitivity)\s+(to|of)\s+/i, '')
    .replace(/\s+(allergy|intolerance)$/i, '')
    .trim();
  return bare || text;
}

function isLeadRole(role: CodeableConcept): boolean {
  return /\blead\b/i.test(conceptText(role) ?? '');
}

function stripLead(text: string | undefined, lead: RegExp): string | undefined {
  const t = text?.replace(lead, '').trim();
  return t || undefined;
}

/** An https link only; anything else (javascript:, data:, http:) is no link at all. */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function unique(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v?.trim()).map((v) => clip(v)!))];
}

/** Longest text kept for one item: a highlight is a line, and a server's essay must not fill the cache. */
const MAX_TEXT = 400;

/** Text cut to `MAX_TEXT` characters, saying so. */
export function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}
