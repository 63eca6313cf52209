/**
 * Reading one part of a record (one source's resources): ids, origins, the names of references, a
 * medicine's concept, and the words of a concept as a clinician reads them. Shared by the readers of each
 * resource type (resources/) and the merges (merge/).
 */
import type { CodeableConcept, Medication, Reference, Resource } from '@medplum/fhirtypes';
import type { Currency, ItemOrigin, RecordSource } from '@/utils/fhir/normalised-record';
import { odsName, odsTrustOfSite, withoutSemanticTag } from '@/utils/vocabulary';
import { nameOfResource, referenceKey } from '@/utils/record/guards/references';
import type { StatusVerdict } from './statuses';

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

const ODS_SYSTEM = /ods-organi[sz]ation-code/i;

/** Reading one part: ids, names of references, medicines, and the contained resources of Lists. */
export class PartContext {
  readonly all: Resource[];
  private readonly byRef = new Map<string, Resource>();
  private readonly byOds = new Map<string, string>();

  constructor(readonly part: RecordPart) {
    // GP Connect puts ended allergies inside a List as contained resources: they are read too.
    const contained = part.resources.flatMap((r) =>
      r.resourceType === 'List' ? (r.contained ?? []).filter((c) => c.resourceType === 'AllergyIntolerance').map((c) => ({ ...c, id: `${r.id ?? 'list'}-${c.id ?? ''}` })) : [],
    );
    // The same resource sent twice (two searches that overlap) is read once.
    const seen = new Set<string>();
    this.all = [...part.resources, ...contained].filter((r) => {
      if (!r.id) return true;
      const key = `${r.resourceType}/${r.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    for (const r of part.resources) {
      if (r.id) this.byRef.set(`${r.resourceType}/${r.id}`, r);
      if (r.resourceType === 'Organization' && r.name) {
        for (const i of r.identifier ?? []) if (i.value && ODS_SYSTEM.test(i.system ?? '')) this.byOds.set(i.value.trim().toUpperCase(), r.name);
      }
    }
  }

  get source(): RecordSource {
    return this.part.source;
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

  /**
   * A reference in words: its display, else the name of what it points at (in this part or fetched); an
   * organisation named only by its ODS code is named from the record's own Organization with that code,
   * else from the shipped ODS extract, and only then by its code.
   */
  name(ref: Reference | undefined): string | undefined {
    if (!ref) return undefined;
    if (ref.display) return words(ref.display);
    if (!ref.reference && ref.identifier?.value) {
      const value = ref.identifier.value.trim();
      return ODS_SYSTEM.test(ref.identifier.system ?? '') ? organisationName(value, this.byOds) : value;
    }
    const key = referenceKey(ref.reference);
    if (!key) return undefined;
    const fetched = this.part.names?.[key];
    if (fetched) return fetched;
    const target = this.byRef.get(key);
    if (!target) return undefined;
    const named = nameOfResource(target, (r) => this.name(r));
    if (named) return named;
    // An Organization with no name of its own, but an ODS code.
    const ods = target.resourceType === 'Organization' ? target.identifier?.find((i) => i.value && ODS_SYSTEM.test(i.system ?? ''))?.value : undefined;
    return ods ? organisationName(ods, this.byOds) : undefined;
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

  /** The base of a kept item: its id, origin, currency and status words. */
  item(r: Resource, verdict: Extract<StatusVerdict, { keep: true }>, date?: string, author?: string, organisation?: string): { id: string; origin: ItemOrigin; currency: Currency; statusText?: string } {
    return { id: this.id(r), origin: this.origin(r, date, author, organisation), currency: verdict.currency, statusText: verdict.statusText };
  }
}

/** ODS publishes names in capitals: "LEEDS TEACHING HOSPITALS NHS TRUST" reads as "Leeds Teaching Hospitals NHS Trust". */
const KEEP_UPPER = /^(NHS|GP|UK|ICB|CCG|PCN|II|III|IV)$/;
const SMALL = /^(and|of|the|for|in|on|at|by)$/i;
function fromCapitals(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name
    .toLowerCase()
    .split(/(\s+|-|,)/)
    .map((w, i) => (KEEP_UPPER.test(w.toUpperCase()) ? w.toUpperCase() : i > 0 && SMALL.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

/**
 * An organisation's name for an ODS code: the record's own Organization's, else the ODS extract's, else
 * its trust's for a trust site ("Lancashire Teaching Hospitals NHS Foundation Trust (site RXN99)"), else
 * "organisation with ODS code X".
 */
function organisationName(code: string, inRecord: ReadonlyMap<string, string>): string {
  const key = code.toUpperCase();
  const named = inRecord.get(key) ?? odsName(key);
  if (named) return fromCapitals(named);
  const trust = odsTrustOfSite(key);
  return trust ? `${fromCapitals(trust)} (site ${key})` : `organisation with ODS code ${code}`;
}

/**
 * A display as a clinician reads it: trimmed, without a SNOMED CT semantic tag ("(finding)", "(substance)").
 *
 * @param text - the display as the source wrote it
 */
export function words(text: string | undefined): string | undefined {
  const t = text?.trim();
  return t ? withoutSemanticTag(t).trim() || undefined : undefined;
}

/**
 * Words for a concept, but not a bare code: a concept with only codes is not readable to a clinician.
 *
 * @param concept - the coded concept, if there is one
 */
export function readableText(concept: CodeableConcept | undefined): string | undefined {
  return words(concept?.text) ?? words(concept?.coding?.find((c) => c.display?.trim())?.display);
}

/**
 * The first of several concepts with words.
 *
 * @param concepts - the concepts, in the order to try them
 */
export function firstReadable(concepts: readonly CodeableConcept[] | undefined): string | undefined {
  for (const c of concepts ?? []) {
    const t = readableText(c);
    if (t) return t;
  }
  return undefined;
}

/**
 * An https link only; anything else (javascript:, data:, http:) is no link at all.
 *
 * @param url - the address as the source gave it
 */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !u.username && !u.password ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Longest text kept for one item: a highlight is a line, and a server's essay must not fill the cache. */
const MAX_TEXT = 400;

/**
 * Text cut to `MAX_TEXT` characters, saying so.
 *
 * @param text - the text to cut
 */
export function clip(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

/**
 * Each text once, clipped, blanks left out.
 *
 * @param values - the texts, in order; the first of each is kept
 */
export function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v?.trim()).map((v) => clip(v)!))];
}
