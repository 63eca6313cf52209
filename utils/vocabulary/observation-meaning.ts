/**
 * Observations that matter: infection alerts (MRSA, VRE, CPE, C. difficile) as coded findings or as the
 * organism a culture grew, a positive red cell antibody screen, a special blood component requirement,
 * and the results whose most recent value is shown (potassium, sodium, eGFR, HbA1c), with the Royal
 * College of Pathologists' critical limits. By code only (SNOMED CT, LOINC, HL7 table 0508): a result is
 * judged against a limit only in the unit the limit is written in. docs/clinical-code-lists.md,
 * "Observations that matter".
 */
import type { CodeableConcept, Observation, Quantity } from '@medplum/fhirtypes';
import { differenceInYears } from 'date-fns';
import { isSnomedOrDmd, normaliseSystem } from './code-systems';
import { assertVocabularyLoaded, derived, vocabularyList, type CriticalRange, type ListName } from './load';
import type { PatientFacts } from './medicine-classes';

export type ObservationKind = 'alert-finding' | 'critical-range' | 'routine-lab';
export type Analyte = 'potassium' | 'sodium' | 'egfr' | 'hba1c';
export type AlertFinding = 'mrsa' | 'vre' | 'cpe' | 'c-difficile' | 'red-cell-antibodies' | 'transfusion-requirement';

export interface ObservationMeaning {
  kind: ObservationKind;
  /** The clinician's wording: "MRSA", "Potassium critically high", "eGFR". */
  label: string;
  /** For a result: which one. */
  analyte?: Analyte;
  /** For an alert: which one. */
  alert?: AlertFinding;
  /** The critical limits of the analyte (this patient's, where they depend on age), and their unit. */
  critical?: CriticalRange;
}

const LOINC = 'http://loinc.org';
const V2_0508 = normaliseSystem('http://terminology.hl7.org/CodeSystem/v2-0508');
/** HL7 v3 ObservationInterpretation codes that say a presence test was positive (POS, DET) or abnormal (A, AA). */
const V3_INTERPRETATION = normaliseSystem('http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation');
const POSITIVE = new Set(['POS', 'DET', 'A', 'AA']);

const ALERTS: readonly { alert: AlertFinding; label: string; lists: readonly ListName[] }[] = [
  { alert: 'mrsa', label: 'MRSA', lists: ['ALERT_MRSA_SNOMED'] },
  { alert: 'cpe', label: 'CPE (carbapenem-resistant Enterobacterales)', lists: ['ALERT_CPE_SNOMED', 'ALERT_CPE_YDH_SNOMED'] },
  { alert: 'vre', label: 'VRE (glycopeptide-resistant enterococci)', lists: ['ALERT_VRE_SNOMED'] },
  { alert: 'c-difficile', label: 'C. difficile', lists: ['ALERT_CDIFF_SNOMED'] },
];

const ANALYTES: readonly { analyte: Analyte; label: string; snomed: readonly ListName[]; loinc: ListName }[] = [
  { analyte: 'potassium', label: 'Potassium', snomed: ['POTASSIUM_SNOMED'], loinc: 'POTASSIUM_LOINC' },
  { analyte: 'sodium', label: 'Sodium', snomed: ['SODIUM_SNOMED', 'SODIUM_GM_SNOMED'], loinc: 'SODIUM_LOINC' },
  { analyte: 'egfr', label: 'eGFR', snomed: ['EGFR_SNOMED'], loinc: 'EGFR_LOINC' },
  { analyte: 'hba1c', label: 'HbA1c', snomed: ['HBA1C_SNOMED'], loinc: 'HBA1C_LOINC' },
];

const indexes = () =>
  derived('observations', () => {
    const alerts = new Map<string, (typeof ALERTS)[number]>();
    for (const a of ALERTS) for (const list of a.lists) for (const code of vocabularyList(list).codes ?? []) if (!alerts.has(code)) alerts.set(code, a);
    const snomed = new Map<string, (typeof ANALYTES)[number]>();
    const loinc = new Map<string, (typeof ANALYTES)[number]>();
    for (const a of ANALYTES) {
      for (const list of a.snomed) for (const code of vocabularyList(list).codes ?? []) snomed.set(code, a);
      for (const code of Object.keys(vocabularyList(a.loinc).values ?? {})) loinc.set(code, a);
    }
    return {
      alerts, snomed, loinc,
      antibodyScreens: new Set(Object.keys(vocabularyList('RED_CELL_ANTIBODY_SCREEN_LOINC').values ?? {})),
      transfusion: vocabularyList('TRANSFUSION_REQUIREMENTS_V2').values ?? {},
      ranges: vocabularyList('CRITICAL_RANGES').ranges ?? {},
    };
  });

const codingsOf = (...concepts: (CodeableConcept | undefined)[]) => concepts.flatMap((c) => c?.coding ?? []).filter((c) => !!c.code?.trim());
const isLoinc = (system: string | undefined) => normaliseSystem(system) === LOINC;

function ageInYears(patient: PatientFacts | undefined, now: Date): number | undefined {
  if (!patient?.birthDate || !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(patient.birthDate)) return undefined;
  const born = new Date(patient.birthDate.length === 4 ? `${patient.birthDate}-07-01` : patient.birthDate.length === 7 ? `${patient.birthDate}-15` : patient.birthDate);
  return Number.isNaN(born.getTime()) ? undefined : differenceInYears(now, born);
}

/** A quantity's unit as its limits are written: UCUM code or unit text, case folded ("mmol/l" is "mmol/L"). */
const unitOf = (q: Quantity | undefined) => (q?.code ?? q?.unit ?? '').trim().toLowerCase();

/** The kind of item an observation-like resource is (a Flag, a Condition and an Observation all have a code). */
export type ObservationLike = Pick<Observation, 'code' | 'valueCodeableConcept' | 'valueQuantity' | 'interpretation'>;

/**
 * What an observation (or a Flag or Condition, by its code) means for the first screen, if anything:
 * an infection alert, a positive red cell antibody screen, a transfusion requirement (its code, or the
 * organism or requirement in its coded value); a potassium or sodium result at or beyond a critical limit
 * ("critical-range"); any other result of the four analytes ("routine-lab", with the analyte's limits).
 * @param observation - the Observation (or a Flag or Condition)
 * @param patient - the patient's birth date: sodium's lower limit is 130 mmol/L under 16, 120 from 16
 * @param now - the moment age is counted at (default: now)
 * @returns the meaning, or undefined for an observation that is none of these
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function observationMeaning(observation: Partial<ObservationLike>, patient?: PatientFacts, now: Date = new Date()): ObservationMeaning | undefined {
  assertVocabularyLoaded();
  const index = indexes();
  for (const coding of codingsOf(observation.code, observation.valueCodeableConcept)) {
    const code = coding.code!.trim();
    const alert = isSnomedOrDmd(coding.system) ? index.alerts.get(code) : undefined;
    if (alert) return { kind: 'alert-finding', label: alert.label, alert: alert.alert };
    const requirement = normaliseSystem(coding.system) === V2_0508 ? index.transfusion[code] : undefined;
    if (requirement) return { kind: 'alert-finding', label: `Transfusion requirement: ${requirement}`, alert: 'transfusion-requirement' };
  }
  const codes = codingsOf(observation.code);
  if (codes.some((c) => isLoinc(c.system) && index.antibodyScreens.has(c.code!.trim()))) {
    const positive = codingsOf(...(observation.interpretation ?? [])).some((c) => normaliseSystem(c.system) === V3_INTERPRETATION && POSITIVE.has(c.code!.trim()));
    return positive ? { kind: 'alert-finding', label: 'Red cell antibodies', alert: 'red-cell-antibodies' } : { kind: 'routine-lab', label: 'Red cell antibody screen' };
  }
  const analyte = codes.map((c) => (isSnomedOrDmd(c.system) ? index.snomed.get(c.code!.trim()) : isLoinc(c.system) ? index.loinc.get(c.code!.trim()) : undefined)).find((a) => a);
  if (!analyte) return undefined;
  const age = ageInYears(patient, now);
  const critical = (analyte.analyte === 'sodium' && age !== undefined && age < 16 ? index.ranges['sodium-under-16'] : undefined) ?? index.ranges[analyte.analyte];
  const routine: ObservationMeaning = { kind: 'routine-lab', label: analyte.label, analyte: analyte.analyte, ...(critical ? { critical } : {}) };
  const value = observation.valueQuantity?.value;
  if (!critical || typeof value !== 'number' || unitOf(observation.valueQuantity) !== critical.unit.toLowerCase()) return routine;
  if (critical.low !== undefined && value <= critical.low) return { ...routine, kind: 'critical-range', label: `${analyte.label} critically low` };
  if (critical.high !== undefined && value >= critical.high) return { ...routine, kind: 'critical-range', label: `${analyte.label} critically high` };
  return routine;
}

/** When an observation was taken: its effective time, else when it was issued. */
const takenAt = (o: Observation) => o.effectiveDateTime ?? o.effectivePeriod?.start ?? o.effectiveInstant ?? o.issued ?? '';

/**
 * The most recent result of each analyte (potassium, sodium, eGFR, HbA1c) among observations, by their
 * effective time (else issued); entered-in-error and cancelled results are not results.
 * @param observations - the patient's observations
 * @param patient - the patient's birth date: sodium's lower limit depends on age
 * @param now - the moment age is counted at (default: now)
 * @throws VocabularyNotLoadedError before `loadVocabulary()` has finished
 */
export function latestResults(observations: readonly Observation[], patient?: PatientFacts, now: Date = new Date()): Map<Analyte, { observation: Observation; meaning: ObservationMeaning }> {
  const latest = new Map<Analyte, { observation: Observation; meaning: ObservationMeaning }>();
  for (const observation of observations) {
    if (observation.status === 'entered-in-error' || observation.status === 'cancelled') continue;
    const meaning = observationMeaning(observation, patient, now);
    if (!meaning?.analyte) continue;
    const seen = latest.get(meaning.analyte);
    if (!seen || takenAt(observation) > takenAt(seen.observation)) latest.set(meaning.analyte, { observation, meaning });
  }
  return latest;
}
