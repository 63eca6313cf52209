/**
 * Restricted (sensitive) patients: how they are recognised, and what of them may be kept. Nothing that
 * says where they are (an address, a postcode, the town, a telephone number, an email, the practice they
 * are registered with) is kept from any source: the Patient's contact details are removed, related persons
 * are dropped, every resource's addresses and telecoms are removed, and every free text is redacted by
 * pattern before anything is stored. What was withheld is said in its place.
 */
import type { Patient, Reference, Resource } from '@medplum/fhirtypes';

/**
 * Whether a Patient is restricted (a sensitive record): confidentiality `R` (restricted) or `V` (very
 * restricted) in `meta.security`, as the Personal Demographics Service marks it.
 * https://digital.nhs.uk/developer/api-catalogue/personal-demographics-service-fhir
 *
 * @param patient - the Patient, of which only its security labels are read
 */
export function isRestricted(patient: Pick<Patient, 'meta'>): boolean {
  return (patient.meta?.security ?? []).some((s) => /v3-confidentiality/i.test(s.system ?? '') && (s.code === 'R' || s.code === 'V'));
}

/** The words put where contact details were: the line says what was withheld, and why. */
export const CONTACT_WITHHELD = '[contact details withheld: restricted record]';
/** The words put where the registered practice's name was. */
export const PRACTICE_WITHHELD = '[registered practice withheld: restricted record]';

/**
 * A restricted patient as it may be kept: no address, telecom, contacts, photo, or registered practice.
 *
 * @param patient - the Patient as the server sent it
 * @param restricted - whether it is restricted (worked out from `patient` unless the caller knows)
 */
export function withoutRestrictedDetails(patient: Patient, restricted = isRestricted(patient)): Patient {
  if (!restricted) return patient;
  const { address: _a, telecom: _t, contact: _c, photo: _p, generalPractitioner: _g, managingOrganization: _m, ...rest } = patient;
  return rest;
}

/** What is withheld from a restricted patient's free text: their own address lines and their practice's name. */
export interface Withholding {
  /** The patient's own address lines, postcodes and the like, as any source held them (lower case). */
  addressLines: string[];
  /** The registered practice's names (lower case), as any source named it. */
  practiceNames: string[];
  /**
   * The towns and districts of the patient's addresses, as written ("Porthaven"): withheld where they
   * stand capitalised as a place name, so that a town that is also a word ("Reading") is withheld as a
   * place and not as the word.
   */
  places?: string[];
}

/** A value as a list, whatever a server sent (STU3 examples send single objects where R4 has lists). */
const list = <T>(value: T | readonly T[] | undefined | null): T[] => (value === undefined || value === null ? [] : Array.isArray(value) ? [...(value as T[])] : [value as T]);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A UK postcode (with the town word before it, where one stands there). */
const POSTCODE = /(?:\b[A-Z][a-z]+,?\s+)?\b(?:GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b/g;
/** A UK telephone number: +44 or 0 and nine or ten more digits, spaced or not. */
const PHONE = /(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s\-()]?\d){8,9}\b/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
/** A street address: a house number and the street's capitalised name ("14 New Road", "Flat 2, 9 Mill Lane"). */
const STREET =
  /\b(?:(?:[Ff]lat|FLAT|[Aa]partment|[Uu]nit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'-]*\s+){1,3}(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Place|Court|Ct|Gardens|Gdns|Terrace|Square|Grove|Hill|Park|Walk|Row|Mews|Rise|View|Green|Parade|Vale|Meadows?|Fields?|ROAD|STREET|AVENUE|LANE|CLOSE|DRIVE|WAY|CRESCENT|PLACE|COURT|GARDENS|TERRACE|SQUARE)\b\.?/g;

/** A place name as texts write it: as the address did, in capitals, and each word capitalised ("PORTHAVEN", "Porthaven"). */
function placeForms(place: string): string[] {
  const title = place.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
  return [...new Set([place, place.toUpperCase(), title])];
}

/**
 * The words of one text with a restricted patient's whereabouts withheld, each said in its place.
 *
 * @param text - the text to withhold from
 * @param w - the patient's address lines, practice names and places to withhold
 */
export function withheldText(text: string, w: Withholding): string {
  let out = text;
  for (const name of w.practiceNames) out = out.replace(new RegExp(esc(name), 'gi'), PRACTICE_WITHHELD);
  for (const line of w.addressLines) out = out.replace(new RegExp(`\\b${esc(line)}\\b`, 'gi'), CONTACT_WITHHELD);
  for (const place of w.places ?? []) out = out.replace(new RegExp(`\\b(?:${placeForms(place).map(esc).join('|')})\\b`, 'g'), CONTACT_WITHHELD);
  out = out.replace(EMAIL, CONTACT_WITHHELD).replace(STREET, CONTACT_WITHHELD).replace(POSTCODE, CONTACT_WITHHELD).replace(PHONE, CONTACT_WITHHELD);
  // Several details side by side ("14 New Road, AN1 2BC") are one withholding.
  const marker = esc(CONTACT_WITHHELD);
  return out.replace(new RegExp(`${marker}(?:[\\s,;/]*${marker})+`, 'g'), CONTACT_WITHHELD);
}

/** Keys whose strings are codes, ids, references, dates or URLs: never free text. */
const NOT_TEXT = new Set(['resourceType', 'id', 'system', 'code', 'reference', 'url', 'fullUrl', 'versionId', 'lastUpdated', 'status', 'intent', 'use', 'gender', 'language', 'contentType']);
/** Keys dropped wherever they are: they hold addresses and numbers. */
const CONTACT_KEYS = new Set(['address', 'telecom', 'contact', 'photo']);
/** Keys that name something: a name holding the practice's is withheld whole ("Riverside Surgery, Townsville"). */
const NAME_KEYS = new Set(['display', 'name']);

function redactValue(value: unknown, w: Withholding, key: string | undefined, depth: number): unknown {
  if (depth > 20) return undefined;
  if (typeof value === 'string') {
    if (key && NOT_TEXT.has(key)) return value;
    if (key && NAME_KEYS.has(key) && w.practiceNames.some((n) => value.toLowerCase().includes(n))) return PRACTICE_WITHHELD;
    return withheldText(value, w);
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, w, key, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (CONTACT_KEYS.has(k)) continue;
      // Identifiers (an NHS number, an order number) are kept as they are: they name no place.
      out[k] = k === 'identifier' ? v : redactValue(v, w, k, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * The whereabouts to withhold for a restricted patient: the address lines and postcodes every copy of
 * the Patient held (before they are removed), and the registered practice as any source names it.
 * @param patients - every copy of the Patient, as the sources sent them
 * @param resources - the record's resources (the practice's Organization, if sent)
 * @param names - names read for references (`Organization/x` → name)
 * @param practices - the practice as another source names it (the GP record's)
 */
export function withholdingFor(patients: readonly Patient[], resources: readonly Resource[], names: Readonly<Record<string, string>> = {}, practices: readonly (string | undefined)[] = []): Withholding {
  const addressLines = new Set<string>();
  const places = new Set<string>();
  for (const p of patients) {
    for (const a of list(p.address)) {
      for (const l of [...list(a.line), a.postalCode, a.text]) if (text(l) && l!.trim().length >= 4) addressLines.add(l!.trim().toLowerCase());
      // A town or district, as a place name.
      for (const place of [a.city, a.district]) if (text(place) && place!.trim().length >= 3) places.add(place!.trim());
    }
  }
  const practiceNames = new Set<string>();
  const add = (n: unknown) => {
    const name = text(n)?.trim();
    if (name && name.length >= 3) practiceNames.add(name.toLowerCase());
  };
  practices.forEach(add);
  const refs: Reference[] = patients.flatMap((p) => [...list(p.generalPractitioner), ...list(p.managingOrganization)]);
  for (const ref of refs) {
    add(ref.display);
    const key = text(ref.reference)?.match(/(Organization|Practitioner|PractitionerRole)\/[^/]+$/)?.[0];
    if (key) add(names[key]);
    const ods = text(ref.identifier?.value)?.trim().toUpperCase();
    for (const r of resources) {
      if (r.resourceType !== 'Organization') continue;
      if ((key && `Organization/${r.id}` === key) || (ods && list(r.identifier).some((i) => text(i.value)?.trim().toUpperCase() === ods))) add(r.name);
    }
  }
  const longestFirst = (a: string, b: string) => b.length - a.length;
  return { addressLines: [...addressLines].sort(longestFirst), practiceNames: [...practiceNames].sort(longestFirst), places: [...places].sort(longestFirst) };
}

/**
 * A restricted patient's other resources as they may be kept: every copy of the Patient (another source
 * may not mark it restricted) without contact details, no related persons (whose addresses and numbers
 * would lead to the patient), no address or telecom in any resource, and every free text redacted.
 * @param resources - one source's resources
 * @param restricted - whether any source marks the patient restricted
 * @param withholding - the patient's own address lines and practice names (`withholdingFor`)
 */
export function withoutRestrictedContacts(resources: readonly Resource[], restricted: boolean, withholding: Withholding = { addressLines: [], practiceNames: [] }): Resource[] {
  if (!restricted) return [...resources];
  return resources
    .filter((r) => r.resourceType !== 'RelatedPerson')
    .map((r) => redactValue(r.resourceType === 'Patient' ? withoutRestrictedDetails(r, true) : r, withholding, undefined, 0) as Resource);
}

/**
 * Names read for references, as a restricted patient's record may keep them: the practice's withheld,
 * contact details in any name redacted.
 *
 * @param names - the names read, by reference (undefined: none read)
 * @param restricted - whether the patient is restricted; if not, the names are kept as read
 * @param withholding - the patient's address lines, practice names and places to withhold
 */
export function withheldNames(names: Readonly<Record<string, string>> | undefined, restricted: boolean, withholding: Withholding): Record<string, string> | undefined {
  if (!names || !restricted) return names ? { ...names } : undefined;
  return Object.fromEntries(Object.entries(names).map(([k, v]) => [k, withholding.practiceNames.some((n) => v.toLowerCase().includes(n)) ? PRACTICE_WITHHELD : withheldText(v, withholding)]));
}
