/**
 * What a FHIR Flag means, read from its code, category and text together: safeguarding, resuscitation,
 * the NHS Reasonable Adjustment Flag, infection control, risk to staff, allergy or clinical risk, or
 * purely administrative. Everything but administrative is must-see, and a flag nothing recognises is a
 * must-see "Alert" (fail safe: an unknown flag may be the one that matters).
 */
import type { CodeableConcept, Flag } from '@medplum/fhirtypes';
import { conceptWords, isSnomedOrDmd, normaliseSystem } from './code-systems';

export type FlagKind =
  | 'safeguarding-child' | 'safeguarding-adult' | 'safeguarding' | 'resuscitation' | 'reasonable-adjustment' | 'infection-control'
  | 'risk-to-staff' | 'clinical-risk' | 'administrative' | 'unknown';

export interface FlagMeaning {
  kind: FlagKind;
  /** The clinician's wording for the kind. */
  label: string;
  /** False only for purely administrative flags. */
  mustSee: boolean;
  /** What decided it: a known code, the flag's words, its FHIR category, or nothing (unknown). */
  by: 'code' | 'category' | 'text' | 'unknown';
}

const LABELS: Record<FlagKind, string> = {
  'safeguarding-child': 'Safeguarding (child)',
  'safeguarding-adult': 'Safeguarding (adult)',
  safeguarding: 'Safeguarding',
  resuscitation: 'Resuscitation and treatment escalation',
  'reasonable-adjustment': 'Reasonable adjustment',
  'infection-control': 'Infection control',
  'risk-to-staff': 'Risk to staff',
  'clinical-risk': 'Allergy or clinical risk',
  administrative: 'Administrative',
  unknown: 'Alert',
};

const meaning = (kind: FlagKind, by: FlagMeaning['by']): FlagMeaning => ({ kind, label: LABELS[kind], mustSee: kind !== 'administrative', by });

/** SNOMED CT codes of flag meanings, each from a cited source (sources.ts: ydhAlerts, amrSnomed, dnr, raFlag). */
const SNOMED_FLAG_CODES: Readonly<Record<string, FlagKind>> = {
  '704659007': 'safeguarding-child', // At risk of child abuse (ydhAlerts)
  '225915006': 'safeguarding-adult', // At risk of abuse (ydhAlerts)
  '304253006': 'resuscitation', // Not for resuscitation (ydhAlerts, dnr)
  '304252001': 'resuscitation', // For resuscitation (dnr)
  '735324008': 'resuscitation', // Treatment escalation plan (ydhAlerts)
  '713673000': 'resuscitation', // Has end of life care plan (ydhAlerts)
  '186431008': 'infection-control', // Clostridium difficile infection (ydhAlerts)
  '734351004': 'infection-control', // Carbapenemase-producing Enterobacteriaceae (ydhAlerts)
  // The Yeovil list's GRE and MRSA bacteraemia codes fail the SNOMED CT check digit as published (1065701000000100,
  // 13790001000004100: the last digit lost, as a spreadsheet loses it), so no record could carry them. MRSA
  // bacteraemia's valid id is in a published list (amrSnomed); GRE has none reached: a GRE flag is read by its words.
  '13790001000004101': 'infection-control', // Bacteraemia caused by MRSA (amrSnomed)
  '446413008': 'infection-control', // PVL-producing Staphylococcus aureus infection (ydhAlerts)
  '416805005': 'infection-control', // At risk of variant Creutzfeldt-Jakob disease (ydhAlerts)
  '718447001': 'clinical-risk', // Difficult intubation (ydhAlerts)
  '54602006': 'clinical-risk', // Suxamethonium apnoea (ydhAlerts)
  '129839007': 'clinical-risk', // At risk for falls (ydhAlerts)
  '50239007': 'clinical-risk', // Wandering (ydhAlerts)
  '1082681000000103': 'reasonable-adjustment', // Requires support for receptive communication needs (raFlag example)
};

/** The RA Flag's category code (RA-FlagCategory / PatientFlagCategory, https://fhir.nhs.uk/...). */
const RA_FLAG_CODE = 'NRAF';
/** NHS England's RA adjustment categories 001–011 (https://fhir.nhs.uk/England/CodeSystem/RA-AdjustmentCategory). */
const RA_ADJUSTMENT_SYSTEM = /^https:\/\/fhir\.nhs\.uk\/.*(ra-adjustmentcategory|ra-flagcategory|rarecord-adjustmentcategory)/;
/** HL7's Flag category code system. */
const FHIR_FLAG_CATEGORY = 'http://terminology.hl7.org/codesystem/flag-category';

const FHIR_CATEGORY_KIND: Readonly<Record<string, FlagKind>> = {
  diet: 'clinical-risk',
  drug: 'clinical-risk',
  lab: 'clinical-risk',
  clinical: 'clinical-risk',
  safety: 'clinical-risk',
  research: 'clinical-risk', // trial participation changes prescribing
  'advance-directive': 'resuscitation',
  behavioral: 'risk-to-staff',
  admin: 'administrative',
  contact: 'administrative',
};

/** Words of each must-see kind, most specific first. Administrative words come last and only count alone. */
const TEXT_PATTERNS: readonly [FlagKind, RegExp][] = [
  ['safeguarding-child', /\b(child protection|cp plan|child (is )?at risk|at risk child|looked after child|child in need|safeguarding (child|children)|child(ren)?'?s? safeguarding|children'?s social care|at risk of child abuse)\b/i],
  ['resuscitation', /\b(dnacpr|dnar|dnr|do not (attempt )?(cardiopulmonary )?resuscitat\w*|not for (cardiopulmonary )?resuscitation|for resuscitation|respect form|respect plan|\brespect\b|treatment escalation|\btep\b|advance decision|adrt|end of life care plan|ceiling of care)\b/i],
  ['safeguarding-adult', /\b(vulnerable adult|adult at risk|at risk adult|adult safeguarding|safeguarding adults?|at risk of abuse|domestic (abuse|violence)|deprivation of liberty|dols|modern slavery|fgm)\b/i],
  ['safeguarding', /\b(safeguarding|protection plan|mash)\b/i],
  ['reasonable-adjustment', /\b(reasonable adjustment\w*|nraf|easy read|bsl|british sign language|interpreter|hearing (loop|impair\w*)|visual\w* impair\w*|large print|braille|wheelchair|hoist|communication (support|needs))\b/i],
  ['infection-control', /\b(mrsa|c\.? ?diff\w*|clostridi\w*|cpe|carbapenem\w*|vre|gre|esbl|mrgno|infection (control|risk)|isolat\w*|barrier nurs\w*|tuberculosis|\btb\b|cjd|norovirus|pvl|covid|candida auris)\b/i],
  ['risk-to-staff', /\b(violen\w*|aggress\w*|threat\w*|abusive|risk to staff|staff safety|lone work\w*|do not visit alone|(two|2) staff|police|weapon|dangerous dog|history of (violence|assault))\b/i],
  ['clinical-risk', /\b(allerg\w*|anaphyla\w*|intoleran\w*|difficult (intubation|airway)|malignant hyperthermia|suxamethonium|scoline|falls?( risk)?|at risk (for|of) falls|nil by mouth|swallow\w*|pacemaker|latex|bleeding disorder|diabet\w*|epilep\w*|steroid|adrenal|blood transfusion|antibodies)\b/i],
];
const ADMINISTRATIVE_TEXT = /\b(address|do not disclose|registration|registered|temporary resident|change of gp|deregistered|deceased|contact (details|preferences)|prefers|nickname|known as|test patient|duplicate record|correspondence|notes (held|location)|overseas visitor|administrative)\b/i;

function codingsOf(concepts: readonly (CodeableConcept | undefined)[]) {
  return concepts.flatMap((c) => c?.coding ?? []);
}

/**
 * What a flag means, from its code, category and text together.
 * Order: a known code (SNOMED CT, the RA Flag's NRAF and adjustment categories) wins; then the words of
 * its code and categories (so "Patient has a severe peanut allergy" filed under `diet` is an allergy, and
 * an `admin` flag that says "violent to staff" is a risk to staff); then its FHIR category; else unknown,
 * which is must-see.
 * @param flag - the Flag's code and category
 */
export function flagMeaning(flag: Pick<Flag, 'code' | 'category'>): FlagMeaning {
  const concepts = [flag.code, ...(flag.category ?? [])];
  for (const coding of codingsOf(concepts)) {
    const code = coding.code?.trim();
    if (!code) continue;
    const system = normaliseSystem(coding.system);
    if (isSnomedOrDmd(coding.system) && SNOMED_FLAG_CODES[code]) return meaning(SNOMED_FLAG_CODES[code], 'code');
    if (code.toUpperCase() === RA_FLAG_CODE && system.startsWith('https://fhir.nhs.uk/')) return meaning('reasonable-adjustment', 'code');
    if (RA_ADJUSTMENT_SYSTEM.test(system) && /^0(0[1-9]|1[01])$/.test(code)) return meaning('reasonable-adjustment', 'code');
  }
  const words = concepts.map(conceptWords).filter(Boolean).join(' | ');
  for (const [kind, pattern] of TEXT_PATTERNS) {
    if (pattern.test(words)) return meaning(kind, 'text');
  }
  for (const coding of codingsOf(flag.category ?? [])) {
    const kind = normaliseSystem(coding.system) === FHIR_FLAG_CATEGORY ? FHIR_CATEGORY_KIND[coding.code ?? ''] : undefined;
    if (kind) return meaning(kind, 'category');
  }
  if (ADMINISTRATIVE_TEXT.test(words)) return meaning('administrative', 'text');
  return meaning('unknown', 'unknown');
}
