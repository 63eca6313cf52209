/**
 * High-risk medicine classes, recognised by code at every dm+d level (VTM, VMP, AMP: generic and brand)
 * and SNOMED CT, by RxNorm for US-origin records (Synthea), and only then by name (generic or brand),
 * which the result says. docs/clinical-code-lists.md gives each class's reason, sources and gaps.
 */
import type { CodeableConcept } from '@medplum/fhirtypes';
import { differenceInYears } from 'date-fns';
import { conceptWords, findCode } from './code-systems';
import { assertVocabularyLoaded, codeSet, type ListName } from './load';
import type { SourceId } from './sources';

export type MedicineClassId =
  | 'anticoagulant' | 'insulin' | 'opioid' | 'methotrexate-oral' | 'valproate-childbearing' | 'lithium' | 'clozapine'
  | 'steroid-dependence' | 'immunosuppressant' | 'sulfonylurea' | 'antiepileptic';

/** Facts about the patient a class may need (valproate: sex and age). */
export interface PatientFacts {
  /** FHIR administrative gender: `female`, `male`, `other`, `unknown`. */
  gender?: string;
  /** FHIR date (YYYY, YYYY-MM or YYYY-MM-DD). */
  birthDate?: string;
}

export interface MedicineClass {
  id: MedicineClassId;
  /** The clinician's wording, e.g. "Anticoagulant". */
  label: string;
  /** The harm the class controls: why a clinician must see it first. */
  reason: string;
  /** Where its codes come from (sources.ts). */
  sources: readonly SourceId[];
  /** The code lists (public/vocabulary/) its SNOMED CT / dm+d identifiers come from. */
  lists: readonly ListName[];
  /** SNOMED CT / dm+d identifiers (VTM, VMP, AMP, packs): the lists' codes, once loaded (throws before). */
  readonly snomed: ReadonlySet<string>;
  /** RxNorm identifiers, for US-origin records. */
  rxnorm: ReadonlySet<string>;
  /** Generic and brand names: the fallback when no code is recognised. */
  names: RegExp;
  /** Words that take a name match back out (a form or product outside the class). */
  notNames?: RegExp;
}

const set = (...lists: readonly (readonly string[])[]): ReadonlySet<string> => new Set(lists.flat());

/** A class whose SNOMED CT codes are its lists' codes, read from the loaded vocabulary when first asked for. */
const medicineClassOf = (cls: Omit<MedicineClass, 'snomed'>): MedicineClass => ({ ...cls, get snomed() { return codeSet(...cls.lists); } });

// Forms that put a medicine outside a class meant for systemic (tablet, liquid, injection) use.
const TOPICAL = /\b(cream|ointment|gel|lotion|topical|cutaneous|scalp|eye|ear|nasal|drops|inhal\w*|rectal|suppositor\w*|foam|enema|buccal|mucoadhesive|oromucosal|lozenge|mouthwash|pessar\w*|vaginal|shampoo|patch(es)?)\b/i;

/** The classes, in the order they are tried: the first class whose list holds the code wins. */
export const MEDICINE_CLASSES: readonly MedicineClass[] = [
  medicineClassOf({
    id: 'anticoagulant', label: 'Anticoagulant',
    reason: 'Bleeding risk: doses, interactions (antibiotics, NSAIDs), procedures and falls must be checked; stopping one without a plan risks stroke or clot.',
    sources: ['doac', 'warfarin', 'warfarinVtm', 'lmwh', 'alongsideRxNorm'],
    lists: ['DOAC_DMD', 'WARFARIN_DMD', 'WARFARIN_VTM_SNOMED', 'LMWH_DMD'],
    rxnorm: set(['855332', '855288', '855318', '1364430', '1114195', '1037045']),
    names: /\b(warfarin|marevan|coumadin|acenocoumarol|sinthrome|phenindione|apixaban|eliquis|rivaroxaban|xarelto|edoxaban|lixiana|dabigatran|pradaxa|enoxaparin|clexane|inhixa|arovi|dalteparin|fragmin|tinzaparin|innohep|fondaparinux|arixtra|heparin)\b/i,
    notNames: /\b(flush|lock|hepsal|canusal|heparini[sz]ed saline)\b/i,
  }),
  medicineClassOf({
    id: 'insulin', label: 'Insulin',
    reason: 'Hypoglycaemia and ketoacidosis: missed, doubled or wrong-insulin doses cause serious harm; insulin is never stopped in type 1 diabetes.',
    sources: ['insulin', 'alongsideRxNorm'],
    lists: ['INSULIN_DMD'],
    rxnorm: set(['106892', '865098', '311041', '847187', '1652644']),
    names: /\b(insulin|humulin|humalog|novorapid|fiasp|lyumjev|apidra|actrapid|insulatard|insuman|hypurin|mixtard|novomix|lantus|levemir|toujeo|abasaglar|semglee|tresiba|suliqua|xultophy|admelog)\b/i,
  }),
  medicineClassOf({
    id: 'opioid', label: 'Opioid',
    reason: 'Respiratory depression and overdose: patches (BuTrans, Matrifen) keep working for days, doses differ many-fold between products, and opioid substitution must not be doubled or stopped.',
    sources: [
      'opioidOral', 'opioidTransdermal', 'opioidBuccalNasal', 'opioidParenteral', 'opioidRectal', 'opioidInhaled', 'opioidLongActingHigh',
      'opioidLongActingOther', 'alongsideRxNorm', 'syntheaFixtures',
    ],
    // Products for opioid dependence (methadone 1mg/ml, Subutex, Espranor, Suboxone) are in no list reached: by name.
    lists: [
      'OPIOID_ORAL_DMD', 'OPIOID_TRANSDERMAL_DMD', 'OPIOID_BUCCAL_NASAL_SUBLINGUAL_DMD', 'OPIOID_PARENTERAL_DMD', 'OPIOID_RECTAL_DMD', 'OPIOID_INHALED_DMD',
      'OPIOID_HIGH_DOSE_LONG_ACTING_DMD', 'OPIOID_OTHER_LONG_ACTING_DMD',
    ],
    rxnorm: set(['1049221', '1049625', '1010600', '1728805', '856980', '1049635', '861467']),
    names: /\b(morphine|oramorph|sevredol|mst continus|zomorph|oxycodone|oxycontin|oxynorm|longtec|shortec|targinact|fentanyl|durogesic|matrifen|mezolar|fencino|abstral|effentora|instanyl|buprenorphine|butrans|transtec|butec|reletrans|bupeaze|hapoctasin|sevodyne|subutex|espranor|suboxone|zubsolv|buvidal|temgesic|codeine|co-?codamol|dihydrocodeine|co-?dydramol|tramadol|zydol|zamadol|tapentadol|palexia|diamorphine|methadone|physeptone|hydromorphone|palladone|pethidine|meperidine|alfentanil|remifentanil|pentazocine|nalbuphine|papaveretum|hydrocodone)\b/i,
  }),
  medicineClassOf({
    id: 'methotrexate-oral', label: 'Methotrexate (weekly)',
    reason: 'Oral methotrexate is taken once a week: a daily dose by mistake causes fatal bone-marrow and gut toxicity; it needs blood monitoring.',
    sources: ['methotrexateOral', 'alongsideRxNorm', 'syntheaFixtures'],
    lists: ['METHOTREXATE_ORAL_DMD'],
    rxnorm: set(['105586', '1921591']),
    names: /\b(methotrexate|maxtrex|jylamvo)\b/i,
    // Injectable methotrexate (Metoject, Nordimet, Zlatal, infusions) is not "oral": the immunosuppressant class takes it by name.
    notNames: /\b(metoject|nordimet|zlatal|inject\w*|syringe|pre-?filled|pens?|infusion|intrathecal|intravenous|subcutaneous|intramuscular|vials?|ampoules?)\b/i,
  }),
  medicineClassOf({
    id: 'valproate-childbearing', label: 'Valproate: pregnancy prevention',
    reason: 'Valproate in a girl or woman of child-bearing age: major birth defects and developmental disorders; the MHRA pregnancy prevention programme applies.',
    sources: ['valproate', 'anticonvulsants'],
    lists: ['VALPROATE_DMD'],
    rxnorm: set([]),
    names: /\b(valpro\w*|epilim|depakote|depakin|episenta|convulex|belvo|dyzantil|syonell|orlept|epival)\b/i,
  }),
  medicineClassOf({
    id: 'lithium', label: 'Lithium',
    reason: 'Narrow therapeutic range: toxicity with dehydration, NSAIDs, ACE inhibitors and diuretics; levels, renal and thyroid monitoring.',
    sources: ['lithium'],
    lists: ['LITHIUM_SNOMED'],
    rxnorm: set([]),
    names: /\b(lithium|priadel|camcolit|liskonum|li-?liquid|litarex|lithonate)\b/i,
  }),
  medicineClassOf({
    id: 'clozapine', label: 'Clozapine',
    reason: 'Agranulocytosis (blood monitoring registered with a clozapine service), myocarditis, severe constipation; levels change with smoking; restarting after 48 hours off needs re-titration.',
    sources: ['clozapine'],
    lists: ['CLOZAPINE_SNOMED'],
    rxnorm: set([]),
    names: /\b(clozapine|clozaril|denzapine|zaponex)\b/i,
  }),
  medicineClassOf({
    id: 'steroid-dependence', label: 'Steroid dependence (adrenal crisis risk)',
    reason: 'Adrenal insufficiency or long-term oral glucocorticoids: missed doses, vomiting or illness can cause adrenal crisis; sick-day rules and the NHS Steroid Emergency Card apply.',
    sources: ['hydrocortisone', 'prednisolone', 'fludrocortisone', 'dexamethasone'],
    lists: ['HYDROCORTISONE_ORAL_SNOMED', 'PREDNISOLONE_ORAL_DMD', 'FLUDROCORTISONE_SNOMED', 'DEXAMETHASONE_ORAL_SNOMED'],
    rxnorm: set([]),
    names: /\b(hydrocortisone|fludrocortisone|florinef|prednisolone|prednisone|dexamethasone|methylprednisolone|deflazacort|plenadren|alkindi|efmody|hydventia|deltacortril|dilacort|pevanti|decadron|dexsol|martapan|glensoludex|neofordex)\b/i,
    notNames: /\b(cream|ointment|gel|lotion|topical|cutaneous|scalp|eye|ear|nasal|drops|inhal\w*|rectal|suppositor\w*|foam|enema|buccal|mucoadhesive|oromucosal|lozenge|mouthwash|inject\w*|ampoules?|vials?|intravenous|intramuscular|intra-?articular)\b/i,
  }),
  medicineClassOf({
    id: 'immunosuppressant', label: 'Immunosuppressant',
    reason: 'Infection risk and masked sepsis; transplant rejection if doses are missed or brands switched (tacrolimus); many interactions; blood monitoring.',
    sources: ['calcineurin', 'mycophenolate', 'azathioprine', 'mercaptopurine', 'leflunomide', 'alongsideRxNorm', 'syntheaFixtures'],
    lists: ['CALCINEURIN_AND_TRANSPLANT_SNOMED', 'MYCOPHENOLATE_DMD', 'AZATHIOPRINE_DMD', 'MERCAPTOPURINE_DMD', 'LEFLUNOMIDE_DMD'],
    rxnorm: set(['835900']),
    names: /\b(azathioprine|imuran|mercaptopurine|leflunomide|arava|mycophenol\w*|cellcept|myfortic|myfenax|arzip|ceptava|ciclosporin|cyclosporine|neoral|sandimmun|capimune|capsorin|deximune|vanquoral|tacrolimus|prograf|advagraf|adoport|envarsus|modigraf|dailiport|tacni|vivadex|perixis|capexion|sirolimus|rapamune|everolimus|certican|belatacept|nulojix|basiliximab|simulect|methotrexate|metoject|nordimet|zlatal)\b/i,
    notNames: TOPICAL,
  }),
  medicineClassOf({
    id: 'sulfonylurea', label: 'Sulfonylurea',
    reason: 'Prolonged hypoglycaemia, worse with kidney impairment, poor intake or interacting medicines.',
    sources: ['sulfonylurea'],
    lists: ['SULFONYLUREA_SNOMED', 'SULFONYLUREA_METFORMIN_SNOMED'],
    rxnorm: set([]),
    names: /\b(gliclazide|glimepiride|glipizide|glibenclamide|glyburide|tolbutamide|chlorpropamide|gliquidone|tolazamide|diamicron|amaryl|zicron|daonil|minodiab|bilxona|dacadis|vamju|ziclaseg|edicil|laaglyza|nazdol|consucon|glydex|semi-?daonil|euglucon|glibenese|glurenorm|niddaryl|amglidia|lamzarin|vitile|dacadis|laaglyda)\b/i,
  }),
  medicineClassOf({
    id: 'antiepileptic', label: 'Antiepileptic (time-critical)',
    reason: 'Missed or delayed doses cause seizures and status epilepticus; brand switching of some (carbamazepine, phenytoin, lamotrigine) changes levels; many interactions.',
    sources: ['anticonvulsants', 'valproate'],
    lists: ['ANTICONVULSANT_SNOMED', 'VALPROATE_DMD'],
    rxnorm: set([]),
    names: /\b(levetiracetam|keppra|desitrend|lamotrigine|lamictal|carbamazepine|tegretol|carbagen|phenytoin|epanutin|valpro\w*|epilim|depakote|episenta|convulex|topiramate|topamax|zonisamide|zonegran|lacosamide|vimpat|brivaracetam|briviact|perampanel|fycompa|eslicarbazepine|zebinix|oxcarbazepine|trileptal|clobazam|frisium|clonazepam|rivotril|phenobarbital|primidone|ethosuximide|zarontin|rufinamide|inovelon|stiripentol|diacomit|cenobamate|ontozry|vigabatrin|sabril|tiagabine|buccolam|epistatus|epidyolex)\b/i,
  }),
];

/** The patient's age in whole years on `now`, if the birth date can be read. */
function ageInYears(birthDate: string | undefined, now: Date): number | undefined {
  if (!birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birthDate)) return undefined;
  const born = new Date(birthDate.length === 4 ? `${birthDate}-07-01` : birthDate.length === 7 ? `${birthDate}-15` : birthDate);
  return Number.isNaN(born.getTime()) ? undefined : differenceInYears(now, born);
}

/**
 * Whether valproate's pregnancy hazard applies: a female patient aged 12 to 54. The MHRA's valproate
 * measures apply to patients under 55; 12 is where we take child-bearing potential to start (a
 * clinician reviews younger girls case by case). Unknown sex or age: not applied (the medicine is still
 * shown, as an antiepileptic).
 *
 * @param patient - the patient's sex and date of birth, if known
 * @param now - today, for the age
 */
export function isChildBearingAge(patient: PatientFacts | undefined, now: Date): boolean {
  if (patient?.gender !== 'female') return false;
  const age = ageInYears(patient.birthDate, now);
  return age !== undefined && age >= 12 && age < 55;
}

export interface MedicineClassMatch {
  classId: MedicineClassId;
  label: string;
  /** Recognised by a code in the class's lists, or by a name only (no known code). */
  by: 'code' | 'name';
  /** For a code match: the system it was written under, as the record wrote it. */
  system?: string;
}

function applies(cls: MedicineClass, patient: PatientFacts | undefined, now: Date): boolean {
  return cls.id !== 'valproate-childbearing' || isChildBearingAge(patient, now);
}

/**
 * The high-risk class of a medicine, and how it was recognised: first by code (SNOMED CT / dm+d under
 * either dm+d spelling, or RxNorm) across every class, then by generic or brand name.
 * @param concept - the medicine (MedicationRequest.medicationCodeableConcept or Medication.code)
 * @param patient - sex and birth date, for valproate in girls and women of child-bearing age
 * @param now - the moment ages are counted at (default: now)
 * @returns the class, or undefined for an ordinary medicine
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function classifyMedicine(concept: CodeableConcept | undefined, patient?: PatientFacts, now: Date = new Date()): MedicineClassMatch | undefined {
  assertVocabularyLoaded();
  if (!concept) return undefined;
  for (const cls of MEDICINE_CLASSES) {
    if (!applies(cls, patient, now)) continue;
    const hit = findCode(concept, cls.snomed, cls.rxnorm);
    if (hit) return { classId: cls.id, label: cls.label, by: 'code', system: hit.system };
  }
  const words = conceptWords(concept);
  if (!words) return undefined;
  for (const cls of MEDICINE_CLASSES) {
    if (!applies(cls, patient, now)) continue;
    if (cls.names.test(words) && !cls.notNames?.test(words)) return { classId: cls.id, label: cls.label, by: 'name' };
  }
  return undefined;
}
