/**
 * Always-show (significant) conditions: the few that go before every other active problem because they
 * change what any clinician does next. Matched by SNOMED CT code lists, then by name (which the result
 * says). docs/clinical-code-lists.md gives each condition's reason, sources and gaps.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { conceptWords, findCode } from './code-systems';
import { assertVocabularyLoaded, codeSet, type ListName } from './load';
import type { SourceId } from './sources';

export type SignificantConditionId =
  | 'adrenal-insufficiency' | 'type-1-diabetes' | 'epilepsy' | 'organ-transplant' | 'immunosuppression' | 'bleeding-disorder'
  | 'heart-failure' | 'advanced-kidney-disease' | 'dementia' | 'down-syndrome' | 'learning-disability' | 'autism' | 'pregnancy'
  | 'carer' | 'parkinsons';

export interface SignificantCondition {
  id: SignificantConditionId;
  /** The clinician's wording. */
  label: string;
  /** Why it goes before every other problem. */
  reason: string;
  sources: readonly SourceId[];
  /** The code lists (public/vocabulary/) its SNOMED CT codes come from. */
  lists: readonly ListName[];
  /** The lists' SNOMED CT codes, once loaded (throws before). */
  readonly snomed: ReadonlySet<string>;
  /** The name fallback. */
  names: RegExp;
  /** Words that take a name match back out (negations, family history, "at risk of"). */
  notNames?: RegExp;
}

// Phrases that say the patient does NOT have the condition, or someone else does.
const NOT_THE_PATIENT = /\b(no|not|negative|excluded|ruled out|family history|fh:|screening|suspected|at risk of|risk of)\b/i;
/** A condition whose SNOMED CT codes are its lists' codes, read from the loaded vocabulary when first asked for. */
const conditionOf = (c: Omit<SignificantCondition, 'snomed'>): SignificantCondition => ({ ...c, get snomed() { return codeSet(...c.lists); } });

/** The always-show conditions, most specific first (Down syndrome before learning disability). */
export const SIGNIFICANT_CONDITIONS: readonly SignificantCondition[] = [
  conditionOf({
    id: 'adrenal-insufficiency', label: 'Adrenal insufficiency',
    reason: 'Adrenal crisis kills within hours: steroids must never be missed, doubled in illness (sick-day rules) and given by injection if vomiting (NHS Steroid Emergency Card).',
    sources: ['ydhAlerts'], lists: ['ADRENAL_INSUFFICIENCY_ALERT_SNOMED'],
    names: /\b(addison'?s?|adrenal (insufficiency|failure|crisis)|hypoadrenal\w*|hypopituitar\w*|congenital adrenal hyperplasia|steroid dependen\w*)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'type-1-diabetes', label: 'Type 1 diabetes',
    reason: 'Insulin must never be stopped: without it, diabetic ketoacidosis within hours, even when not eating.',
    sources: ['type1Diabetes'], lists: ['TYPE_1_DIABETES_SNOMED'],
    names: /\b(type (1|i|one) diabet\w*|diabet\w* (mellitus )?type (1|i|one)|insulin[- ]dependent diabet\w*|iddm|t1dm|latent autoimmune diabetes)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'epilepsy', label: 'Epilepsy',
    reason: 'Antiepileptic doses are time-critical; seizure plans and rescue medicines must be known; interactions lower seizure threshold.',
    sources: ['epilepsy'], lists: ['EPILEPSY_SNOMED'],
    names: /\b(epilep\w*|status epilepticus|seizure disorder)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'organ-transplant', label: 'Organ transplant',
    reason: 'Immunosuppression must continue without gaps (rejection); infections present atypically; many interactions; the transplant team must be told of admissions.',
    sources: ['renalTransplant'], lists: ['RENAL_TRANSPLANT_SNOMED'],
    names: /\b(transplant\w*|allograft|graft[- ]versus[- ]host)\b/i,
    notNames: /\b(no|not|refused|declined|assessment for|referral for|waiting list|donor)\b/i,
  }),
  conditionOf({
    id: 'immunosuppression', label: 'Immunosuppression',
    reason: 'Sepsis can present late and atypically; live vaccines are contraindicated; neutropenic sepsis needs antibiotics within the hour.',
    sources: [], lists: [],
    names: /\b(immunosuppress\w*|immunocompromis\w*|immunodeficien\w*|neutropeni\w*|asplen\w*|splenectom\w*|hyposplenism)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'bleeding-disorder', label: 'Bleeding disorder',
    reason: 'Procedures, injections and trauma need haematology advice and factor replacement; NSAIDs and intramuscular injections avoided.',
    sources: ['ydhAlerts'], lists: ['BLEEDING_DISORDER_ALERT_SNOMED'],
    names: /\b(ha?emophilia|von willebrand\w*|bleeding disorder|coagulation (factor )?(disorder|deficiency)|coagulopathy|factor (v|vii|viii|ix|x|xi|xiii) deficiency)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'heart-failure', label: 'Heart failure',
    reason: 'Fluids, diuretics, NSAIDs and many medicines can tip the patient into decompensation; daily weights and fluid balance matter.',
    sources: ['heartFailure'], lists: ['HEART_FAILURE_SNOMED'],
    names: /\b(heart failure|cardiac failure|ventricular failure|hfref|hfpef|congestive cardiac)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'advanced-kidney-disease', label: 'Advanced kidney disease (CKD 4–5 or dialysis)',
    reason: 'Doses of many medicines must be reduced or avoided; contrast and nephrotoxins risk dialysis; dialysis sessions and fistula arm must be protected.',
    sources: ['ckdStage4', 'ckdStage5', 'dialysis'], lists: ['CKD_STAGE_4_SNOMED', 'CKD_STAGE_5_SNOMED', 'DIALYSIS_SNOMED'],
    names: /\b(ckd (stage )?(4|5|g4|g5)|(chronic kidney disease|ckd) (stage |category )?(4|5|g4|g5)|end[- ]stage (renal|kidney)|esrd|esrf|dialysis|ha?emodialysis|haemofiltration|g(4|5) ?a[123])\b/i,
    notNames: /\b(no|not|declined|referral for)\b/i,
  }),
  conditionOf({
    id: 'dementia', label: 'Dementia',
    reason: 'Capacity, consent and communication must be adapted; delirium risk; carers and advance decisions must be involved.',
    sources: ['dementia'], lists: ['DEMENTIA_SNOMED'],
    names: /\b(dementia|alzheimer\w*|lewy body|pick'?s disease|creutzfeldt)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'down-syndrome', label: 'Down syndrome',
    reason: 'Learning disability with added risks (airway, cardiac, thyroid, early dementia); reasonable adjustments and carers must be involved.',
    sources: ['learningDisability'], lists: ['DOWN_SYNDROME_SNOMED'],
    names: /\b(down'?s? syndrome|trisomy 21)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'learning-disability', label: 'Learning disability',
    reason: 'Reasonable adjustments are a legal duty; diagnostic overshadowing causes avoidable deaths (LeDeR); carers and capacity must be considered.',
    sources: ['learningDisability'], lists: ['LEARNING_DISABILITY_SNOMED'],
    names: /\b(learning disabilit\w*|intellectual (disabilit\w*|development disorder)|mental (handicap|retardation)|on learning disability register)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'autism', label: 'Autism',
    reason: 'Reasonable adjustments (environment, communication, waiting) prevent distress and missed care.',
    sources: ['autism'], lists: ['AUTISM_SNOMED'],
    names: /\b(autis\w*|asperger\w*|asd)\b/i,
    notNames: NOT_THE_PATIENT,
  }),
  conditionOf({
    id: 'pregnancy', label: 'Pregnancy',
    reason: 'Medicines, imaging and doses change in pregnancy; two patients are at risk; sepsis and pre-eclampsia present subtly.',
    sources: ['pregnancy'], lists: ['PREGNANCY_SNOMED'],
    names: /\b(pregnan\w*|antenatal|gestation)\b/i,
    notNames: /\b(not pregnant|no pregnancy|pregnancy test negative|termination|miscarriage|history of|previous)\b/i,
  }),
  conditionOf({
    id: 'carer', label: 'Carer (is a carer or has a carer)',
    reason: 'If the patient is a carer, someone depends on them now; if they have a carer, that person must be involved and may hold key information.',
    // "Is a carer" by code (PRIMIS); "has a carer" has no list reached: by name only.
    sources: ['carer'], lists: ['IS_A_CARER_SNOMED'],
    names: /\b(is an? (unpaid |young )?carer|(unpaid|young) carer|carer of|caring for|has an? (unpaid )?carer|cared for by|main carer|primary carer|carer:)/i,
    notNames: /\b(no carer|not a carer|carer declined)\b/i,
  }),
  conditionOf({
    id: 'parkinsons', label: "Parkinson's disease",
    reason: "Parkinson's medicines are time-critical: a dose late by 30 minutes can cause rigidity, swallowing failure and neuroleptic-like crisis; dopamine antagonists are contraindicated.",
    sources: ['ydhAlerts'], lists: ['PARKINSONS_ALERT_SNOMED'],
    names: /\bparkinson'?s?( disease)?\b/i,
    notNames: NOT_THE_PATIENT,
  }),
];

export interface SignificantConditionMatch {
  id: SignificantConditionId;
  label: string;
  by: 'code' | 'name';
}

/**
 * Whether a problem is an always-show condition, and how that was recognised.
 * @param concept - Condition.code
 * @returns the condition, or undefined for an ordinary problem
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function significantCondition(concept: CodeableConcept | undefined): SignificantConditionMatch | undefined {
  assertVocabularyLoaded();
  if (!concept) return undefined;
  for (const c of SIGNIFICANT_CONDITIONS) {
    if (findCode(concept, c.snomed)) return { id: c.id, label: c.label, by: 'code' };
  }
  const words = conceptWords(concept);
  if (!words) return undefined;
  for (const c of SIGNIFICANT_CONDITIONS) {
    if (c.names.test(words) && !c.notNames?.test(words)) return { id: c.id, label: c.label, by: 'name' };
  }
  return undefined;
}
