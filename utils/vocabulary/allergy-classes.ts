/**
 * Allergy against medicine: which class (and which ingredient) an allergy names, which class (and
 * ingredient) a medicine belongs to, and whether a medicine contradicts a recorded allergy. Both sides
 * come from published lists (docs/clinical-code-lists.md, "Allergy classes"): the medicines of a class are
 * OpenSAFELY dm+d lists grouped by BNF chemical; the allergies naming a class or member are the CH and GM
 * SDE allergy lists, plus any code of the class's medicines (GP systems record an allergy against the
 * product: "Amoxicillin 250mg capsules"). Names are a fallback only where no code says, and every name is
 * a published one: a medicine's generic and brand names from its list's descriptions, an allergy list's
 * agents ("Allergy to penicillin" gives "penicillin").
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { conceptWords, isSnomedOrDmd } from './code-systems';
import { assertVocabularyLoaded, derived, vocabularyList, type ListName } from './load';
import type { SourceId } from './sources';

export type AllergyClassId = 'penicillins' | 'cephalosporins' | 'carbapenems' | 'monobactams' | 'sulfonamides' | 'nsaids' | 'opioids' | 'ace-inhibitors';

export interface AllergyClass {
  id: AllergyClassId;
  /** The clinician's wording. */
  label: string;
  /** The lists of the class's medicines (grouped by ingredient where the list allows). */
  members: readonly ListName[];
  /**
   * Classes an allergy to this one also warns against (BNF; BSACI 2015): a patient with an immediate
   * (anaphylactic) allergy to a penicillin should not receive a cephalosporin or a carbapenem, and the
   * reverse; cross-reactivity is some 0.5–6.5 % for cephalosporins and lower for carbapenems. Aztreonam
   * (a monobactam) is the exception: it does not cross-react with penicillins.
   */
  crossReactive: readonly AllergyClassId[];
  sources: readonly SourceId[];
}

const OPIOID_LISTS: readonly ListName[] = [
  'OPIOID_ORAL_DMD', 'OPIOID_TRANSDERMAL_DMD', 'OPIOID_BUCCAL_NASAL_SUBLINGUAL_DMD', 'OPIOID_PARENTERAL_DMD', 'OPIOID_RECTAL_DMD', 'OPIOID_INHALED_DMD',
  'OPIOID_HIGH_DOSE_LONG_ACTING_DMD', 'OPIOID_OTHER_LONG_ACTING_DMD', 'OPIOIDS_ORAL_BY_INGREDIENT', 'OPIOIDS_TRANSDERMAL_BY_NAME', 'OPIOIDS_PARENTERAL_BY_NAME',
  'OPIOIDS_BUCCAL_NASAL_BY_NAME',
];

/** The classes, in the order a name is tried. */
export const ALLERGY_CLASSES: readonly AllergyClass[] = [
  { id: 'penicillins', label: 'Penicillins', members: ['PENICILLINS_DMD'], crossReactive: ['cephalosporins', 'carbapenems'], sources: ['antibacterials', 'bnfBetaLactamAllergy'] },
  { id: 'cephalosporins', label: 'Cephalosporins', members: ['CEPHALOSPORINS_DMD'], crossReactive: ['penicillins', 'carbapenems'], sources: ['antibacterials', 'bnfBetaLactamAllergy'] },
  { id: 'carbapenems', label: 'Carbapenems', members: ['CARBAPENEMS_DMD'], crossReactive: ['penicillins', 'cephalosporins'], sources: ['antibacterials', 'bnfBetaLactamAllergy'] },
  { id: 'monobactams', label: 'Monobactams (aztreonam)', members: ['MONOBACTAMS_DMD'], crossReactive: [], sources: ['antibacterials', 'bnfBetaLactamAllergy'] },
  { id: 'sulfonamides', label: 'Sulfonamide antibacterials', members: ['SULFONAMIDE_ANTIBACTERIALS_DMD'], crossReactive: [], sources: ['antibacterials'] },
  { id: 'nsaids', label: 'NSAIDs', members: ['NSAIDS_ORAL_DMD'], crossReactive: [], sources: ['nsaidsOral'] },
  { id: 'opioids', label: 'Opioids', members: OPIOID_LISTS, crossReactive: [], sources: ['opioidOral', 'opioidTransdermal', 'opioidParenteral', 'opioidBuccalNasal'] },
  { id: 'ace-inhibitors', label: 'ACE inhibitors', members: ['ACE_INHIBITORS_DMD'], crossReactive: [], sources: ['aceInhibitors'] },
];

/** An allergy to any beta-lactam ("Beta-lactam (substance)") is an allergy to each of these. */
const BETA_LACTAMS: readonly AllergyClassId[] = ['penicillins', 'cephalosporins', 'carbapenems', 'monobactams'];
const ALLERGY_LISTS: readonly ListName[] = ['ALLERGY_CH_CONDITIONS', 'ALLERGY_CH_SUBSTANCES', 'ALLERGY_GM_ADVERSE_REACTIONS', 'ALLERGY_GM_ACE'];
const GENERIC_ALLERGY_LISTS: readonly ListName[] = [
  'GENERIC_ALLERGY_UKCORE_SNOMED', 'GENERIC_ALLERGY_GPCONNECT_SNOMED', 'GENERIC_ALLERGY_CCDA_SNOMED', 'GENERIC_ALLERGY_BE_SNOMED', 'GENERIC_ALLERGY_GM_SNOMED',
];

const byId = new Map(ALLERGY_CLASSES.map((c) => [c.id, c]));

/** A class (and ingredient) a list entry names. */
interface Named {
  classId: AllergyClassId;
  ingredient?: string;
}

/** A group key of the allergy lists ("penicillins", "penicillins:amoxicillin", "beta-lactams") as the classes it names. */
function namedBy(group: string): Named[] {
  const [cls, ingredient] = group.split(':') as [string, string | undefined];
  if (cls === 'beta-lactams') return BETA_LACTAMS.map((classId) => ({ classId }));
  return byId.has(cls as AllergyClassId) ? [{ classId: cls as AllergyClassId, ingredient: ingredient || undefined }] : [];
}

function addTo<K, V>(index: Map<K, V[]>, key: K, value: V) {
  const values = index.get(key);
  if (values) values.push(value);
  else index.set(key, [value]);
}

/** Code → the classes (and ingredients) of the class members holding it; ungrouped opioid lists give the class only. */
const memberIndex = () =>
  derived('allergy-classes:members', () => {
    const index = new Map<string, Named[]>();
    for (const cls of ALLERGY_CLASSES) {
      for (const name of cls.members) {
        const list = vocabularyList(name);
        for (const code of list.codes ?? []) addTo(index, code, { classId: cls.id });
        for (const [ingredient, codes] of Object.entries(list.groups ?? {})) for (const code of codes) addTo(index, code, { classId: cls.id, ingredient: ingredient || undefined });
      }
    }
    return index;
  });

/** Code → the classes (and ingredients) an allergy, adverse reaction or substance code names. */
const allergyIndex = () =>
  derived('allergy-classes:allergies', () => {
    const index = new Map<string, Named[]>();
    for (const name of ALLERGY_LISTS) for (const [group, codes] of Object.entries(vocabularyList(name).groups ?? {})) for (const code of codes) for (const n of namedBy(group)) addTo(index, code, n);
    return index;
  });

const genericAllergyCodes = () => derived('allergy-classes:generic', () => new Set(GENERIC_ALLERGY_LISTS.flatMap((n) => vocabularyList(n).codes ?? [])));

/** A published name and what it names, found in a text. */
interface NamePattern {
  pattern: RegExp;
  named: Map<string, Named[]>;
}

/** One pattern for many names: whole words, longest first, so "co-amoxiclav" is not read as "amoxiclav". */
function namePattern(names: Map<string, Named[]>): NamePattern {
  const escaped = [...names.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return { pattern: new RegExp(`(?<![\\p{L}\\p{N}-])(${escaped.join('|')})(?![\\p{L}\\p{N}-])`, 'giu'), named: names };
}

/** The medicines' generic and brand names (from their lists' descriptions): name → class and ingredient. */
const medicineNames = () =>
  derived('allergy-classes:medicine-names', () => {
    const names = new Map<string, Named[]>();
    for (const cls of ALLERGY_CLASSES) {
      for (const list of cls.members) for (const [name, ingredient] of Object.entries(vocabularyList(list).names ?? {})) addTo(names, name, { classId: cls.id, ingredient: ingredient || undefined });
    }
    return namePattern(names);
  });

/** The allergy names: the medicines' names and the allergy lists' agents ("penicillin", "cephalosporin antibacterial"). */
const allergyNames = () =>
  derived('allergy-classes:allergy-names', () => {
    const names = new Map(medicineNames().named);
    for (const list of ALLERGY_LISTS) for (const [agent, group] of Object.entries(vocabularyList(list).names ?? {})) for (const n of namedBy(group)) addTo(names, agent, n);
    return namePattern(names);
  });

function namesIn(concept: CodeableConcept, { pattern, named }: NamePattern): Named[] {
  const words = conceptWords(concept);
  return words ? [...words.matchAll(pattern)].flatMap((m) => named.get(m[1]!.toLowerCase()) ?? []) : [];
}

function codesIn(concept: CodeableConcept, index: Map<string, Named[]>): Named[] {
  return (concept.coding ?? []).flatMap((c) => (c.code && isSnomedOrDmd(c.system) ? (index.get(c.code.trim()) ?? []) : []));
}

/** One entry per class: the one that names an ingredient if any does. */
function perClass(found: readonly Named[]): Named[] {
  const out = new Map<AllergyClassId, Named>();
  for (const n of found) if (!out.has(n.classId) || (!out.get(n.classId)!.ingredient && n.ingredient)) out.set(n.classId, n);
  return [...out.values()];
}

export interface AllergyClassMatch {
  classId: AllergyClassId;
  label: string;
  /** The member the allergy names ("amoxicillin"), when it names one rather than the whole class. */
  substance?: string;
  /** Recognised by a code of a published list, or (no such code) by a published name in its words. */
  by: 'code' | 'name';
}

export interface MedicineMembership {
  classId: AllergyClassId;
  label: string;
  /** The medicine's ingredient as its list names it (BNF chemical: "co-amoxiclav", "naproxen sodium"). */
  ingredient?: string;
  by: 'code' | 'name';
}

/**
 * Whether a concept is a generic or degraded allergy code: one that names no substance (transfer-degraded
 * drug or non-drug allergy, "allergy to drug", "allergy to substance", "propensity to adverse reactions",
 * "adverse reaction caused by drug" ...). Two allergies coded so are two different allergies, never one
 * line; their substance, if any, is in their text.
 * @param concept - AllergyIntolerance.code
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function isGenericAllergyCode(concept: CodeableConcept | undefined): boolean {
  assertVocabularyLoaded();
  const generic = genericAllergyCodes();
  return (concept?.coding ?? []).some((c) => !!c.code && isSnomedOrDmd(c.system) && generic.has(c.code.trim()));
}

/**
 * The classes an allergy names, and the member substance where it names one. By code first (an allergy
 * finding, adverse reaction or substance of the published allergy lists, or the code of a class's
 * medicine); when no code names a class (no code, a generic or degraded code, a code of no list), by the
 * published names in its text and displays.
 * @param allergyCode - AllergyIntolerance.code
 * @returns the classes, none for an allergy outside every class
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function allergyClasses(allergyCode: CodeableConcept | undefined): AllergyClassMatch[] {
  assertVocabularyLoaded();
  if (!allergyCode) return [];
  const byCode = perClass([...codesIn(allergyCode, allergyIndex()), ...codesIn(allergyCode, memberIndex())]);
  const found = byCode.length ? byCode : perClass(namesIn(allergyCode, allergyNames()));
  const by = byCode.length ? 'code' : 'name';
  return found.map((n) => ({ classId: n.classId, label: byId.get(n.classId)!.label, ...(n.ingredient ? { substance: n.ingredient } : {}), by }));
}

/**
 * The allergy classes a medicine belongs to, and its ingredient. By code (dm+d VMP or AMP of a class's
 * published list, under dm+d or SNOMED CT); else by its generic or brand name (from those lists'
 * descriptions) in its text and displays.
 * @param medicineCode - MedicationRequest.medicationCodeableConcept or Medication.code
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function medicineMembership(medicineCode: CodeableConcept | undefined): MedicineMembership[] {
  assertVocabularyLoaded();
  if (!medicineCode) return [];
  const byCode = perClass(codesIn(medicineCode, memberIndex()));
  const found = byCode.length ? byCode : perClass(namesIn(medicineCode, medicineNames()));
  const by = byCode.length ? 'code' : 'name';
  return found.map((n) => ({ classId: n.classId, label: byId.get(n.classId)!.label, ...(n.ingredient ? { ingredient: n.ingredient } : {}), by }));
}

export interface Contradiction {
  /** The medicine's class. */
  classId: AllergyClassId;
  label: string;
  /** Both sides recognised by code, or at least one by name only. */
  by: 'code' | 'name';
  /** The allergy names the medicine's own ingredient (or the same product), not only its class. */
  sameSubstance: boolean;
  /** The medicine is of the allergy's class, or of a class it cross-reacts with (penicillin allergy, a cephalosporin). */
  relation: 'same-class' | 'cross-reactive';
  /** The class the allergy names. */
  allergyClassId: AllergyClassId;
}

/** One active moiety: the same name, or the same first word (salts and esters: "naproxen" and "naproxen sodium"). */
function sameMoiety(a: string, b: string): boolean {
  return a === b || a.split(' ')[0] === b.split(' ')[0];
}

function sameCode(a: CodeableConcept, b: CodeableConcept): boolean {
  const codes = new Set((a.coding ?? []).filter((c) => isSnomedOrDmd(c.system)).map((c) => c.code?.trim()));
  return (b.coding ?? []).some((c) => isSnomedOrDmd(c.system) && !!c.code && codes.has(c.code.trim()));
}

/**
 * Whether a medicine contradicts a recorded allergy: the medicine is of the class the allergy names (or
 * of the class of the substance it names), or of a class that cross-reacts with it. The strongest
 * finding is returned: same class before cross-reactive, same substance first, by code first.
 * "Takes Amoxicillin" under "Allergy: Amoxicillin" is same-class, same substance; co-amoxiclav under
 * "penicillin anaphylaxis" is same-class, another substance.
 * @param allergyCode - AllergyIntolerance.code
 * @param medicineCode - the medicine's code
 * @returns the contradiction, or undefined when the medicine is in none of the allergy's classes
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function contradiction(allergyCode: CodeableConcept | undefined, medicineCode: CodeableConcept | undefined): Contradiction | undefined {
  const allergies = allergyClasses(allergyCode);
  const memberships = medicineMembership(medicineCode);
  const found: Contradiction[] = [];
  for (const a of allergies) {
    for (const m of memberships) {
      const relation = a.classId === m.classId ? 'same-class' : byId.get(a.classId)!.crossReactive.includes(m.classId) ? 'cross-reactive' : undefined;
      if (!relation) continue;
      const sameSubstance = (!!a.substance && !!m.ingredient && sameMoiety(a.substance, m.ingredient)) || (!!allergyCode && !!medicineCode && sameCode(allergyCode, medicineCode));
      found.push({ classId: m.classId, label: m.label, by: a.by === 'code' && m.by === 'code' ? 'code' : 'name', sameSubstance, relation, allergyClassId: a.classId });
    }
  }
  const rank = (c: Contradiction) => (c.relation === 'same-class' ? 0 : 4) + (c.sameSubstance ? 0 : 2) + (c.by === 'code' ? 0 : 1);
  return found.sort((x, y) => rank(x) - rank(y))[0];
}

/**
 * A class by id (for its label, cross-reactivity and sources).
 *
 * @param id - the class's id
 */
export function allergyClass(id: AllergyClassId): AllergyClass {
  return byId.get(id)!;
}
