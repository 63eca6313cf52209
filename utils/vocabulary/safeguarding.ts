/**
 * Safeguarding by meaning, whatever resource carries it (a Flag's code and categories, a Condition or
 * Observation code, an Encounter's reason): child protection plans (and the national CP-IS flag), unborn
 * child protection plans, looked-after children, children in need, children at risk, family concerns,
 * domestic abuse and MARAC, FGM, adult safeguarding, and a child not brought to appointments. From
 * published lists (docs/clinical-code-lists.md, "Safeguarding"); by code, else by a published term only
 * (the whole text must be one of the lists' terms: a word that merely appears is not enough).
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { differenceInYears } from 'date-fns';
import { isSnomedOrDmd, normaliseSystem } from './code-systems';
import { assertVocabularyLoaded, derived, vocabularyList, type ListName } from './load';
import type { PatientFacts } from './medicine-classes';

export type SafeguardingKind =
  | 'child-protection-plan' | 'unborn-child-protection-plan' | 'looked-after' | 'child-in-need' | 'child' | 'family' | 'domestic-abuse' | 'marac' | 'fgm'
  | 'adult' | 'safeguarding' | 'was-not-brought';

/** Who the safeguarding meaning is about. */
export type SafeguardingConcerns = 'child' | 'adult' | 'family' | 'unspecified';

export interface SafeguardingMeaning {
  kind: SafeguardingKind;
  /** The clinician's wording. */
  label: string;
  concerns: SafeguardingConcerns;
  /** Recognised by a code of a published list, or by a published term (the whole text). */
  by: 'code' | 'name';
}

const KINDS: Readonly<Record<SafeguardingKind, { label: string; concerns: SafeguardingConcerns }>> = {
  'child-protection-plan': { label: 'Child protection plan', concerns: 'child' },
  'unborn-child-protection-plan': { label: 'Unborn child protection plan', concerns: 'child' },
  'looked-after': { label: 'Looked-after child', concerns: 'child' },
  'child-in-need': { label: 'Child in need', concerns: 'child' },
  marac: { label: 'MARAC (high-risk domestic abuse)', concerns: 'adult' },
  fgm: { label: 'Female genital mutilation', concerns: 'unspecified' },
  child: { label: 'Safeguarding concern (child)', concerns: 'child' },
  'domestic-abuse': { label: 'Domestic abuse', concerns: 'unspecified' },
  adult: { label: 'Safeguarding (adult)', concerns: 'adult' },
  family: { label: 'Safeguarding concern (family)', concerns: 'family' },
  safeguarding: { label: 'Safeguarding concern', concerns: 'unspecified' },
  'was-not-brought': { label: 'Child not brought to appointment', concerns: 'child' },
};
/** The order kinds win in when a resource carries several. */
const PRIORITY = Object.keys(KINDS) as SafeguardingKind[];

/** The CP-IS flag (a child protection plan, a looked-after child or an unborn child protection plan): its own label. */
const CP_IS_LABEL = 'Child protection (CP-IS: plan, looked after or unborn)';
const PATIENT_FLAG_CATEGORY = normaliseSystem('https://fhir.nhs.uk/England/CodeSystem/PatientFlagCategory');
const INTERWEAVE_FLAG_TYPE = normaliseSystem('https://fhir.interweavedigital.nhs.uk/CodeSystem/Interweave-FlagType');

const GROUPED: readonly ListName[] = ['SAFEGUARDING_RCGP_SNOMED', 'SAFEGUARDING_CHILD_SNOMED', 'SAFEGUARDING_DOMESTIC_ABUSE_SNOMED'];

interface Found {
  kind: SafeguardingKind;
  label?: string;
}

/** SNOMED CT code → meaning, and a normalised published term → meaning. */
const indexes = () =>
  derived('safeguarding', () => {
    const codes = new Map<string, Found>();
    const terms = new Map<string, Found>();
    const add = (code: string, found: Found, term?: string) => {
      if (!codes.has(code)) codes.set(code, found);
      if (term && !terms.has(normalised(term))) terms.set(normalised(term), found);
    };
    // CP-IS first: its code is also in the wider list, and the national flag keeps its own label.
    for (const code of vocabularyList('CPIS_FLAG_SNOMED').codes ?? []) add(code, { kind: 'child-protection-plan', label: CP_IS_LABEL });
    for (const name of GROUPED) {
      const list = vocabularyList(name);
      for (const [kind, groupCodes] of Object.entries(list.groups ?? {})) for (const code of groupCodes) add(code, { kind: kind as SafeguardingKind }, list.terms?.[code]);
    }
    const adult = vocabularyList('SAFEGUARDING_ADULT_SNOMED');
    for (const code of adult.codes ?? []) add(code, { kind: 'adult' }, adult.terms?.[code]);
    const categories = vocabularyList('CPIS_FLAG_CATEGORY').values ?? {};
    for (const term of Object.values(categories)) terms.set(normalised(term), { kind: 'child-protection-plan', label: CP_IS_LABEL });
    const marac = vocabularyList('INTERWEAVE_MARAC').values ?? {};
    const vulnerableAdult = vocabularyList('INTERWEAVE_VULNERABLE_ADULT').values ?? {};
    for (const term of Object.values(marac)) terms.set(normalised(term), { kind: 'marac' });
    const dna = vocabularyList('DID_NOT_ATTEND_SNOMED');
    const notAttended = new Map(Object.entries(dna.terms ?? {}).map(([code, term]) => [normalised(term), code]));
    return { codes, terms, cpisCategories: new Set(Object.keys(categories)), marac: new Set(Object.keys(marac)), vulnerableAdult: new Set(Object.keys(vulnerableAdult)), didNotAttend: new Set(dna.codes ?? []), notAttended };
  });

/** A text as a published term compares: lower case, no semantic tag, single spaces. */
function normalised(text: string): string {
  return text.toLowerCase().replace(/\s*\([a-z /]+\)\s*$/, '').replace(/\s+/g, ' ').trim();
}

function isChild(patient: PatientFacts | undefined, now: Date): boolean {
  if (!patient?.birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(patient.birthDate)) return false;
  const born = new Date(patient.birthDate.length === 4 ? `${patient.birthDate}-07-01` : patient.birthDate.length === 7 ? `${patient.birthDate}-15` : patient.birthDate);
  return !Number.isNaN(born.getTime()) && differenceInYears(now, born) < 18;
}

const meaning = (found: Found, by: SafeguardingMeaning['by']): SafeguardingMeaning => ({ kind: found.kind, label: found.label ?? KINDS[found.kind].label, concerns: KINDS[found.kind].concerns, by });

/**
 * What safeguarding meaning a coded item carries, if any: the strongest of its codings (a child
 * protection plan before a concern), by code; else, by a published term that is its whole text or a
 * display. A missed appointment ("Did not attend") means a child was not brought only when the patient is
 * under 18; "Child not brought to appointment" means it whatever the age.
 * @param concept - a Flag's code (and its categories), a Condition or Observation code, an Encounter's reason codes
 * @param patient - the patient's birth date, for a missed appointment
 * @param now - the moment age is counted at (default: now)
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function safeguardingMeaning(concept: CodeableConcept | readonly CodeableConcept[] | undefined, patient?: PatientFacts, now: Date = new Date()): SafeguardingMeaning | undefined {
  assertVocabularyLoaded();
  const concepts = (Array.isArray(concept) ? concept : concept ? [concept] : []) as readonly CodeableConcept[];
  const index = indexes();
  const child = isChild(patient, now);
  const byCode: Found[] = [];
  for (const coding of concepts.flatMap((c) => c.coding ?? [])) {
    const code = coding.code?.trim();
    if (!code) continue;
    const system = normaliseSystem(coding.system);
    if (isSnomedOrDmd(coding.system)) {
      const found = index.codes.get(code);
      if (found) byCode.push(found);
      else if (child && index.didNotAttend.has(code)) byCode.push({ kind: 'was-not-brought' });
    } else if (system === PATIENT_FLAG_CATEGORY && index.cpisCategories.has(code)) byCode.push({ kind: 'child-protection-plan', label: CP_IS_LABEL });
    else if (system === INTERWEAVE_FLAG_TYPE && index.marac.has(code)) byCode.push({ kind: 'marac' });
    else if (system === INTERWEAVE_FLAG_TYPE && index.vulnerableAdult.has(code)) byCode.push({ kind: 'adult' });
  }
  const strongest = (found: Found[]) => found.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind))[0];
  if (byCode.length) return meaning(strongest(byCode)!, 'code');
  const texts = concepts.flatMap((c) => [c.text, ...(c.coding ?? []).map((d) => d.display)]).filter((t): t is string => !!t?.trim()).map(normalised);
  const byName = texts.flatMap((t) => {
    const found = index.terms.get(t);
    if (found) return [found];
    return child && index.notAttended.has(t) ? [{ kind: 'was-not-brought' as const }] : [];
  });
  return byName.length ? meaning(strongest(byName)!, 'name') : undefined;
}
