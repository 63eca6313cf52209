/**
 * The code lists are data files shipped in the extension package (public/vocabulary/*.json, written by
 * tools/code-lists/refresh.mjs), not code: they stay out of every bundle, so the background service
 * worker starts without parsing them. `loadVocabulary()` reads them once, on first need, and checks every
 * list the functions use before any of them becomes visible: a failure loads nothing and says why.
 *
 * Until then every function that needs a list throws `VocabularyNotLoadedError` (fail closed: a missing
 * list must never read as "no match", which would hide a high-risk medicine or a safeguarding flag).
 * Chrome MV3 service workers cannot use dynamic `import()`, hence `fetch(runtime.getURL())`.
 */
import { browser } from 'wxt/browser';

/**
 * Every vocabulary file and the lists each must hold: declared once, here. Adding a list means adding
 * it to tools/code-lists/lists.json (or checking it by hand), to its file, and to this table.
 */
export const VOCABULARY_FILES = {
  anticoagulants: ['DOAC_DMD', 'WARFARIN_DMD', 'LMWH_DMD', 'WARFARIN_VTM_SNOMED'],
  insulins: ['INSULIN_DMD'],
  'mental-health': ['LITHIUM_SNOMED', 'CLOZAPINE_SNOMED'],
  methotrexate: ['METHOTREXATE_ORAL_DMD'],
  'neurology-immunology': [
    'ANTICONVULSANT_SNOMED', 'CALCINEURIN_AND_TRANSPLANT_SNOMED', 'MYCOPHENOLATE_DMD', 'VALPROATE_DMD', 'AZATHIOPRINE_DMD', 'MERCAPTOPURINE_DMD',
    'LEFLUNOMIDE_DMD',
  ],
  opioids: [
    'OPIOID_TRANSDERMAL_DMD', 'OPIOID_PARENTERAL_DMD', 'OPIOID_HIGH_DOSE_LONG_ACTING_DMD', 'OPIOID_OTHER_LONG_ACTING_DMD', 'OPIOID_ORAL_DMD',
    'OPIOID_BUCCAL_NASAL_SUBLINGUAL_DMD', 'OPIOID_RECTAL_DMD', 'OPIOID_INHALED_DMD',
  ],
  steroids: ['HYDROCORTISONE_ORAL_SNOMED', 'PREDNISOLONE_ORAL_DMD', 'DEXAMETHASONE_ORAL_SNOMED', 'FLUDROCORTISONE_SNOMED'],
  sulfonylureas: ['SULFONYLUREA_SNOMED', 'SULFONYLUREA_METFORMIN_SNOMED'],
  conditions: [
    'EPILEPSY_SNOMED', 'HEART_FAILURE_SNOMED', 'DEMENTIA_SNOMED', 'TYPE_1_DIABETES_SNOMED', 'PREGNANCY_SNOMED', 'DIALYSIS_SNOMED', 'RENAL_TRANSPLANT_SNOMED',
    'CKD_STAGE_4_SNOMED', 'AUTISM_SNOMED', 'LEARNING_DISABILITY_SNOMED', 'DOWN_SYNDROME_SNOMED', 'CKD_STAGE_5_SNOMED', 'IS_A_CARER_SNOMED',
    'ADRENAL_INSUFFICIENCY_ALERT_SNOMED', 'BLEEDING_DISORDER_ALERT_SNOMED', 'PARKINSONS_ALERT_SNOMED',
  ],
  allergies: [
    'PENICILLINS_DMD', 'CEPHALOSPORINS_DMD', 'CARBAPENEMS_DMD', 'MONOBACTAMS_DMD', 'SULFONAMIDE_ANTIBACTERIALS_DMD', 'NSAIDS_ORAL_DMD', 'ACE_INHIBITORS_DMD',
    'OPIOIDS_ORAL_BY_INGREDIENT', 'OPIOIDS_TRANSDERMAL_BY_NAME', 'OPIOIDS_PARENTERAL_BY_NAME', 'OPIOIDS_BUCCAL_NASAL_BY_NAME',
    'ALLERGY_CH_CONDITIONS', 'ALLERGY_CH_SUBSTANCES', 'ALLERGY_GM_ADVERSE_REACTIONS', 'ALLERGY_GM_ACE',
    'GENERIC_ALLERGY_UKCORE_SNOMED', 'GENERIC_ALLERGY_GPCONNECT_SNOMED', 'GENERIC_ALLERGY_CCDA_SNOMED', 'GENERIC_ALLERGY_BE_SNOMED', 'GENERIC_ALLERGY_GM_SNOMED',
  ],
  safeguarding: [
    'SAFEGUARDING_RCGP_SNOMED', 'SAFEGUARDING_CHILD_SNOMED', 'SAFEGUARDING_DOMESTIC_ABUSE_SNOMED', 'CPIS_FLAG_SNOMED', 'CPIS_FLAG_CATEGORY', 'INTERWEAVE_MARAC',
    'INTERWEAVE_VULNERABLE_ADULT', 'SAFEGUARDING_ADULT_SNOMED', 'DID_NOT_ATTEND_SNOMED',
  ],
  observations: [
    'ALERT_MRSA_SNOMED', 'ALERT_VRE_SNOMED', 'ALERT_CPE_SNOMED', 'ALERT_CPE_YDH_SNOMED', 'ALERT_CDIFF_SNOMED', 'RED_CELL_ANTIBODY_SCREEN_LOINC',
    'TRANSFUSION_REQUIREMENTS_V2', 'POTASSIUM_SNOMED', 'POTASSIUM_LOINC', 'SODIUM_SNOMED', 'SODIUM_GM_SNOMED', 'SODIUM_LOINC', 'EGFR_SNOMED', 'EGFR_LOINC',
    'HBA1C_SNOMED', 'HBA1C_LOINC', 'CRITICAL_RANGES',
  ],
  organisations: ['ODS_TRUSTS'],
  'semantic-tags': ['SEMANTIC_TAGS'],
  'routine-reviews': ['MEDICATION_REVIEW_SNOMED', 'MEDICATION_REVIEW_REFSET_SNOMED', 'ASTHMA_REVIEW_SNOMED', 'COPD_REVIEW_SNOMED'],
} as const satisfies Record<string, readonly string[]>;

export type VocabularyFile = keyof typeof VOCABULARY_FILES;
export type ListName = (typeof VOCABULARY_FILES)[VocabularyFile][number];

/** A critical range, in the units it is written in. */
export interface CriticalRange {
  low?: number;
  high?: number;
  unit: string;
}

/** One list as a vocabulary file holds it (tools/code-lists/README.md describes each shape). */
export interface VocabularyList {
  /** The source id in sources.ts. */
  source: string;
  about: string;
  /** SNOMED CT / dm+d identifiers. */
  codes?: readonly string[];
  /** SNOMED CT / dm+d identifiers by group (an ingredient, a class, a kind). */
  groups?: Readonly<Record<string, readonly string[]>>;
  /** Lower-case names (generic, brand, agent) and the group each names. */
  names?: Readonly<Record<string, string>>;
  /** Codes of another system (LOINC, ODS, HL7 tables, semantic tags) and their published terms. */
  values?: Readonly<Record<string, string>>;
  /** The published term of each code, where a list keeps them. */
  terms?: Readonly<Record<string, string>>;
  /** Critical ranges by analyte. */
  ranges?: Readonly<Record<string, CriticalRange>>;
}

/** Reads one vocabulary file's parsed JSON. */
export type ReadVocabularyFile = (file: VocabularyFile) => Promise<unknown>;

/** The code lists were needed before `loadVocabulary()` finished. */
export class VocabularyNotLoadedError extends Error {
  constructor() {
    super('The clinical code lists are not loaded: await loadVocabulary() before recognising codes (utils/vocabulary/load.ts).');
    this.name = 'VocabularyNotLoadedError';
  }
}

/** A vocabulary file could not be read or is not as expected: nothing was loaded. */
export class VocabularyLoadError extends Error {
  constructor(readonly file: VocabularyFile | undefined, reason: string, options?: { cause?: unknown }) {
    super(`The clinical code lists could not be loaded${file ? ` (vocabulary/${file}.json)` : ''}: ${reason}. Nothing was loaded.`, options);
    this.name = 'VocabularyLoadError';
  }
}

/** Reads a file from the extension package (never web-accessible: only the extension's own pages and worker can). */
export const readFromExtension: ReadVocabularyFile = async (file) => {
  const response = await fetch(browser.runtime.getURL(`/vocabulary/${file}.json`));
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
};

const SNOMED_ID = /^\d{6,18}$/;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringMap = (v: unknown) => isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
const isIdArray = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string' && SNOMED_ID.test(x));

/** The reason a list is not usable, or undefined when it is. */
function problemWith(list: unknown): string | undefined {
  if (!isRecord(list)) return 'is missing';
  if (typeof list.source !== 'string' || typeof list.about !== 'string') return 'names no source';
  if (list.codes !== undefined && !isIdArray(list.codes)) return 'has a code that is not a SNOMED CT identifier';
  if (list.groups !== undefined && !(isRecord(list.groups) && Object.values(list.groups).every(isIdArray))) return 'has a group code that is not a SNOMED CT identifier';
  for (const key of ['names', 'values', 'terms'] as const) if (list[key] !== undefined && !isStringMap(list[key])) return `has ${key} that are not text`;
  if (list.ranges !== undefined && !(isRecord(list.ranges) && Object.values(list.ranges).every((r) => isRecord(r) && typeof r.unit === 'string'))) return 'has a range without a unit';
  const size = (list.codes as unknown[] | undefined)?.length ?? 0;
  const grouped = Object.values((list.groups as Record<string, unknown[]> | undefined) ?? {}).reduce((n, g) => n + g.length, 0);
  const other = Object.keys((list.values as object | undefined) ?? {}).length + Object.keys((list.ranges as object | undefined) ?? {}).length;
  return size + grouped + other > 0 ? undefined : 'is empty';
}

interface Loaded {
  lists: ReadonlyMap<ListName, VocabularyList>;
  sets: Map<string, ReadonlySet<string>>;
  derived: Map<string, unknown>;
}

let loaded: Loaded | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads every code list, once: later calls return the same promise, or at once when loaded. Until it
 * resolves, the functions that need the lists throw. A failure loads nothing, rejects with a
 * `VocabularyLoadError` naming the file and the reason, and lets a later call try again.
 * @param read - how to read a file: from the extension package (default), or from disk in Node
 *   (testing/vocabulary-from-disk.ts)
 */
export function loadVocabulary(read: ReadVocabularyFile = readFromExtension): Promise<void> {
  if (loaded) return Promise.resolve();
  loading ??= (async () => {
    const files = Object.keys(VOCABULARY_FILES) as VocabularyFile[];
    const contents = await Promise.all(
      files.map(async (file) => {
        try {
          return await read(file);
        } catch (error) {
          throw new VocabularyLoadError(file, `it could not be read (${error instanceof Error ? error.message : String(error)})`, { cause: error });
        }
      }),
    );
    const lists = new Map<ListName, VocabularyList>();
    files.forEach((file, i) => {
      const content = contents[i];
      if (!isRecord(content) || !isRecord(content.lists)) throw new VocabularyLoadError(file, 'it holds no lists');
      for (const name of VOCABULARY_FILES[file] as readonly ListName[]) {
        const list = content.lists[name];
        const problem = problemWith(list);
        if (problem) throw new VocabularyLoadError(file, `list ${name} ${problem}`);
        lists.set(name, list as VocabularyList);
      }
    });
    loaded = { lists, sets: new Map(), derived: new Map() };
  })().catch((error: unknown) => {
    loading = undefined;
    throw error instanceof VocabularyLoadError ? error : new VocabularyLoadError(undefined, String(error), { cause: error });
  });
  return loading;
}

/** Whether the code lists are loaded. */
export function isVocabularyLoaded(): boolean {
  return loaded !== undefined;
}

function need(): Loaded {
  if (!loaded) throw new VocabularyNotLoadedError();
  return loaded;
}

/** Throws `VocabularyNotLoadedError` unless the code lists are loaded: the first line of every function that reads them. */
export function assertVocabularyLoaded(): void {
  need();
}

/**
 * One loaded list. Throws `VocabularyNotLoadedError` before `loadVocabulary()` has finished.
 *
 * @param name - the list's name
 */
export function vocabularyList(name: ListName): VocabularyList {
  // Every name of the table was checked at load, so a loaded list is always there.
  return need().lists.get(name)!;
}

/**
 * Every SNOMED CT / dm+d code of the named lists (their codes and all their groups), as one set, built
 * once per load. Throws `VocabularyNotLoadedError` before `loadVocabulary()` has finished.
 *
 * @param names - the lists' names
 */
export function codeSet(...names: readonly ListName[]): ReadonlySet<string> {
  const { sets } = need();
  const key = names.join(' ');
  let set = sets.get(key);
  if (!set) {
    set = new Set(names.flatMap((n) => { const l = vocabularyList(n); return [...(l.codes ?? []), ...Object.values(l.groups ?? {}).flat()]; }));
    sets.set(key, set);
  }
  return set;
}

/**
 * A structure built from the loaded lists (an index, a pattern), built once per load under `key`.
 * Throws `VocabularyNotLoadedError` before `loadVocabulary()` has finished.
 *
 * @param key - names what is built: the same key answers with the same structure until the next load
 * @param build - makes the structure from the loaded lists
 */
export function derived<T>(key: string, build: () => T): T {
  const { derived: cache } = need();
  if (!cache.has(key)) cache.set(key, build());
  return cache.get(key) as T;
}
