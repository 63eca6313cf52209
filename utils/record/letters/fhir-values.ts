/**
 * Reading values out of a FHIR resource that came from outside: nothing about its shape is trusted. A
 * letter's JSON may be malformed, and FHIR XML read without the schema gives a single element where JSON
 * would give an array, so every read goes through these.
 */
import type { LetterSubject } from './types';

export type JsonObject = Record<string, unknown>;

/**
 * The value as a list: an array as is, one value as a list of one, nothing as an empty list.
 *
 * @param value - a JSON value that may be one item or a list
 */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The value if it is a plain object.
 *
 * @param value - any JSON value
 */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/**
 * The objects in a value that may be one object or a list of them.
 *
 * @param value - a JSON value that may be one item or a list
 */
export function objects(value: unknown): JsonObject[] {
  return asArray(value).flatMap((v): JsonObject[] => {
    const object = asObject(v);
    return object ? [object] : [];
  });
}

/**
 * A non-empty string value (a FHIR primitive); numbers and booleans as written.
 *
 * @param value - any JSON value
 */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/**
 * The words for a CodeableConcept: its text, else its first coding's display.
 *
 * @param concept - the CodeableConcept as parsed JSON, unchecked
 */
export function conceptWords(concept: unknown): string | undefined {
  const c = asObject(concept);
  if (!c) return undefined;
  return asText(c.text) ?? objects(c.coding).map((coding) => asText(coding.display)).find(Boolean);
}

/**
 * The codes of a CodeableConcept, with their systems.
 *
 * @param concept - the CodeableConcept as parsed JSON, unchecked
 */
export function codings(concept: unknown): { system?: string; code?: string; display?: string }[] {
  return objects(asObject(concept)?.coding).map((c) => ({ system: asText(c.system), code: asText(c.code), display: asText(c.display) }));
}

/**
 * The extensions of an element with the given URL.
 *
 * @param element - the element whose extensions are searched
 * @param url - the extension's URL, or a set of URLs that all count
 */
export function extensionsWithUrl(element: JsonObject | undefined, url: string | ReadonlySet<string>): JsonObject[] {
  const matches = typeof url === 'string' ? (u: string | undefined) => u === url : (u: string | undefined) => u !== undefined && url.has(u);
  return objects(element?.extension).filter((e) => matches(asText(e.url)));
}

/**
 * Resources of a document, found by the references that point at them: a Bundle entry by its fullUrl or
 * by `Type/id` (a relative reference, or the tail of an absolute one), a contained resource by `#id`.
 */
export class ResourceIndex {
  private readonly byReference = new Map<string, JsonObject>();
  private readonly containedById = new Map<string, JsonObject>();

  /**
   * @param entries - the Bundle's entries (`{ fullUrl, resource }`); none for a bare Composition
   * @param contained - resources contained in the Composition
   */
  constructor(entries: readonly JsonObject[], contained: readonly JsonObject[] = []) {
    for (const entry of entries) {
      const resource = asObject(entry.resource);
      if (!resource) continue;
      const fullUrl = asText(entry.fullUrl);
      if (fullUrl) this.byReference.set(fullUrl, resource);
      const typeAndId = typeAndIdOf(resource);
      if (typeAndId && !this.byReference.has(typeAndId)) this.byReference.set(typeAndId, resource);
    }
    for (const resource of contained) {
      const id = asText(resource.id);
      if (id) this.containedById.set(id, resource);
    }
  }

  /** The resource a reference (a string, or a Reference element) points at, when the document holds it. */
  resolve(reference: unknown): JsonObject | undefined {
    const ref = typeof reference === 'string' ? reference : asText(asObject(reference)?.reference);
    if (!ref) return undefined;
    if (ref.startsWith('#')) return this.containedById.get(ref.slice(1));
    const exact = this.byReference.get(ref);
    if (exact) return exact;
    // An absolute reference to a resource the Bundle lists by its relative `Type/id`, or the reverse.
    return this.byReference.get(typeAndIdTail(ref) ?? '');
  }

  /** Every resource the document holds (entries and contained), each once. */
  all(): JsonObject[] {
    return [...new Set([...this.byReference.values(), ...this.containedById.values()])];
  }
}

/** `Type/id` at the end of a reference (`https://server/fhir/Patient/1/_history/2` → `Patient/1`). */
function typeAndIdTail(reference: string): string | undefined {
  const parts = reference.split('/');
  const end = parts[parts.length - 2] === '_history' ? parts.length - 2 : parts.length;
  const type = parts[end - 2];
  const id = parts[end - 1];
  return type && id && /^[A-Z][A-Za-z]{1,63}$/.test(type) ? `${type}/${id}` : undefined;
}

function typeAndIdOf(resource: JsonObject): string | undefined {
  const type = asText(resource.resourceType);
  const id = asText(resource.id);
  return type && id ? `${type}/${id}` : undefined;
}

const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * Who a letter is about: the Patient its subject points at, or (when the document does not hold the
 * Patient) the NHS number the reference itself carries.
 * @param subjectReference - Composition.subject
 * @param patient - the Patient resource it resolves to, if held
 */
export function subjectOf(subjectReference: unknown, patient: JsonObject | undefined): LetterSubject | undefined {
  const ref = asObject(subjectReference);
  const identifiers = [...objects(patient?.identifier), ...objects(ref?.identifier)];
  const nhsNumber = identifiers.filter((i) => asText(i.system) === NHS_NUMBER_SYSTEM).map((i) => asText(i.value)).find(Boolean);
  const subject: LetterSubject = {};
  if (nhsNumber) subject.nhsNumber = nhsNumber.replace(/\s+/g, '');
  const name = patient ? nameWords(patient.name) : asText(ref?.display);
  if (name) subject.name = name;
  const birthDate = asText(patient?.birthDate);
  if (birthDate) subject.birthDate = birthDate;
  const reference = asText(ref?.reference);
  if (reference) subject.reference = reference;
  return Object.keys(subject).length > 0 ? subject : undefined;
}

/**
 * The official (else first) HumanName of a list, as "Prefix Given Family" (or its text).
 *
 * @param names - the HumanName list as parsed JSON, unchecked
 */
export function nameWords(names: unknown): string | undefined {
  const all = objects(names);
  const name = all.find((n) => asText(n.use) === 'official') ?? all[0];
  if (!name) return undefined;
  const text = asText(name.text);
  if (text) return text;
  const parts = [...asArray(name.prefix), ...asArray(name.given), name.family].map(asText).filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
