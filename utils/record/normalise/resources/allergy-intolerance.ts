/**
 * AllergyIntolerance: an allergy or intolerance, a "no known allergy" statement, or (not current) the
 * evidence that another source's allergy was resolved, refuted or entered in error. A generic or degraded
 * code ("transfer-degraded drug allergy") names no substance: such allergies are matched by their words
 * only, so two of them are never one line.
 */
import type { AllergyIntolerance, CodeableConcept } from '@medplum/fhirtypes';
import { conceptText } from '@/utils/fhir/text';
import { absenceStatement, isGenericAllergyCode, isNoKnownAllergy, normaliseSystem } from '@/utils/vocabulary';
import { clip, readableText, unique } from '../context';
import type { ResourceReader } from '../collected';
import { allergyStatus, contests, statusCode } from '../statuses';

export const readAllergy: ResourceReader = (r, { part, into, cantRead }) => {
  const a = r as unknown as AllergyIntolerance;
  const recorded = a.recordedDate ?? (r.assertedDate as string | undefined) ?? a.onsetDateTime;
  const who = part.name(a.recorder) ?? part.name(a.asserter);
  const verdict = allergyStatus(a);
  // "No known allergies" (by code, or in words alone), "no information about allergies" (nothing
  // recorded), or another absence coded here (no known medicines): none of them is an allergy.
  const absent = absenceStatement(a.code);
  if (isNoKnownAllergy(a.code) || absent) {
    // A statement entered in error or resolved says nothing either way.
    if (!verdict.keep || (absent && absent.about !== 'allergies')) return;
    if (absent && !absent.known) into.notRecorded ??= part.origin(r, recorded, who);
    else into.noneKnown.push({ origin: part.origin(r, recorded, who), text: conceptText(a.code) ?? 'No known allergies' });
    return;
  }
  const says = verdict.keep ? undefined : contests(verdict.why);
  if (!verdict.keep && !says) return;
  const named = substanceOf(a.code);
  if (!named && verdict.keep) cantRead('an allergy whose substance is not readable');
  const type = statusCode(a.type);
  const reactions = unique((a.reaction ?? []).flatMap((x) => [...(x.manifestation ?? []).map((m) => readableText(m)), x.description]));
  const generic = isGenericAllergyCode(a.code);
  const substance = clip(named) ?? 'substance not readable';
  into.allergies.push({
    id: part.id(r),
    origin: part.origin(r, recorded, who),
    // A generic code names no substance: it is never a key (two degraded allergies are two allergies).
    codes: generic ? [] : codeKeys(a.code),
    nameKey: named ? `${type === 'intolerance' ? 'intolerance' : 'allergy'}:${substance.toLowerCase()}` : `unread:${part.id(r)}`,
    concept: a.code,
    // When it stopped holding is not recorded; the last change to the resource is the nearest a record says.
    state: verdict.keep ? { current: true, currency: verdict.currency, statusText: verdict.statusText } : { current: false, says: says!, date: r.meta?.lastUpdated },
    substance,
    type: type === 'intolerance' ? 'intolerance' : type === 'allergy' ? 'allergy' : 'unspecified',
    criticality: a.criticality,
    reactions,
    anaphylaxis: [...reactions, named ?? ''].some((t) => /\banaph/i.test(t)) || undefined,
  });
};

/**
 * SNOMED CT / dm+d codes of a concept, whatever the system's spelling.
 *
 * @param concept - the allergy's substance or code
 */
export function codeKeys(concept: CodeableConcept | undefined): string[] {
  return (concept?.coding ?? []).filter((c) => !!c.code && /snomed|dmd/.test(normaliseSystem(c.system))).map((c) => `code:${c.code!.trim()}`);
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
