/**
 * Which section of a letter is which, by meaning: the SNOMED CT section code first (the PRSB headings the
 * NHS ITK3 Transfer of Care documents use), then the UK Core heading code
 * (https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings, whose codes are the keys here),
 * then the section's title. Codes from the ITK3 eDischarge, Emergency Care and Outpatient Letter heading
 * tables (nhsconnect ITK3-FHIR-eDischarge, ITK-FHIR-Emergency-Care-eDischarge, ITK-FHIR-Outpatient-Letter)
 * and from the published example documents.
 */
import { asText, codings, type JsonObject } from './fhir-values';
import { normaliseHeading } from './headings';
import type { SectionKey } from './types';

const SNOMED_CT = 'http://snomed.info/sct';
const UK_CORE_HEADINGS = 'https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings';

interface SectionHeading {
  /** The UK Core heading code, or the PRSB heading's name in its form where UK Core has none. */
  key: SectionKey;
  /** SNOMED CT concept ids for the heading. */
  snomed: readonly string[];
  /** Further UK Core codes that mean the same heading. */
  ukCoreAlso?: readonly string[];
  /** Titles (compared without case, spacing or a trailing colon). */
  titles: readonly string[];
}

export const PLAN_AND_REQUESTED_ACTIONS = 'plan-and-requested-actions';
export const INFORMATION_AND_ADVICE_GIVEN = 'information-and-advice-given';
export const MEDICATIONS_AND_MEDICAL_DEVICES = 'medications-and-medical-devices';
/** UK Core headings for requests of professionals, read as actions whole. */
export const REQUESTED_INVESTIGATIONS_AND_PROCEDURES = ['investigations-requested', 'procedures-requested', 'investigations-and-procedures-requested'];

const SECTION_HEADINGS: readonly SectionHeading[] = [
  { key: PLAN_AND_REQUESTED_ACTIONS, snomed: ['887201000000105'], titles: ['Plan and requested actions'] },
  { key: INFORMATION_AND_ADVICE_GIVEN, snomed: ['1052951000000105'], ukCoreAlso: ['information-given'], titles: ['Information and advice given'] },
  { key: MEDICATIONS_AND_MEDICAL_DEVICES, snomed: ['933361000000108'], titles: ['Medications and medical devices'] },
  { key: 'investigations-requested', snomed: [], titles: ['Investigations requested'] },
  { key: 'procedures-requested', snomed: [], titles: ['Procedures requested'] },
  { key: 'investigations-and-procedures-requested', snomed: [], titles: ['Investigations and procedures requested'] },
  { key: 'admission-details', snomed: ['886781000000108'], titles: ['Admission details'] },
  { key: 'allergies-and-adverse-reaction', snomed: ['886921000000105'], titles: ['Allergies and adverse reactions', 'Allergies and adverse reaction'] },
  { key: 'assessment-scales', snomed: ['887141000000103'], titles: ['Assessment scales'] },
  { key: 'attendance-details', snomed: ['1077881000000105'], titles: ['Attendance details'] },
  { key: 'clinical-narrative', snomed: ['1077901000000108'], titles: ['Clinical narrative'] },
  { key: 'clinical-summary', snomed: ['887181000000106'], titles: ['Clinical summary'] },
  { key: 'contact-for-further-information', snomed: ['1077931000000102'], titles: ['Contact for further information'] },
  { key: 'diagnoses', snomed: ['887161000000102'], titles: ['Diagnoses'] },
  { key: 'discharge-details', snomed: ['886811000000106'], titles: ['Discharge details'] },
  { key: 'distribution-list', snomed: ['887261000000109'], titles: ['Distribution list'] },
  { key: 'examination-findings', snomed: ['715851000000102'], titles: ['Examination findings', 'Examination finding'] },
  { key: 'family-history', snomed: ['887111000000104'], titles: ['Family history'] },
  { key: 'general-practitioner-practice', snomed: ['886711000000101'], titles: ['GP practice', 'General practitioner practice'] },
  { key: 'history', snomed: ['717121000000105'], titles: ['History'] },
  { key: 'individual-requirements', snomed: ['1078911000000106'], titles: ['Individual requirements'] },
  { key: 'investigation-results', snomed: ['1082101000000102'], titles: ['Investigation results'] },
  { key: 'legal-information', snomed: ['886961000000102'], titles: ['Legal information'] },
  { key: 'participation-in-research', snomed: ['886751000000102'], titles: ['Participation in research'] },
  {
    key: 'patient-and-carer-concerns-expectations-and-wishes',
    snomed: ['1052941000000107'],
    titles: ['Patient and carer concerns, expectations and wishes'],
  },
  { key: 'patient-demographics', snomed: ['886731000000109'], titles: ['Patient demographics'] },
  { key: 'person-completing-record', snomed: ['887231000000104'], titles: ['Person completing record'] },
  { key: 'presenting-complaints-or-issues', snomed: ['886891000000102'], titles: ['Presenting complaints or issues'] },
  { key: 'problems-and-issues', snomed: ['887151000000100'], titles: ['Problems and issues'] },
  { key: 'procedures', snomed: ['887171000000109'], titles: ['Procedures'] },
  { key: 'referrer-details', snomed: ['1052891000000108'], titles: ['Referrer details'] },
  { key: 'review-of-systems', snomed: ['887121000000105'], titles: ['Review of systems', 'Clinical review of systems'] },
  { key: 'safety-alerts', snomed: ['886931000000107'], titles: ['Safety alerts'] },
  { key: 'senior-reviewing-clinician', snomed: ['1078901000000109'], titles: ['Senior reviewing clinician'] },
  { key: 'social-context', snomed: ['887051000000101'], titles: ['Social context'] },
];

const BY_SNOMED = new Map(SECTION_HEADINGS.flatMap((h) => h.snomed.map((code) => [code, h] as const)));
const BY_UK_CORE = new Map(SECTION_HEADINGS.flatMap((h) => [h.key, ...(h.ukCoreAlso ?? [])].map((code) => [code, h] as const)));
const BY_TITLE = new Map(SECTION_HEADINGS.flatMap((h) => h.titles.map((t) => [normaliseHeading(t), h] as const)));

/** Every section title a rule here knows (normalised): headings that end a text letter's request. */
export const KNOWN_SECTION_TITLES: ReadonlySet<string> = new Set(BY_TITLE.keys());

/** What a Composition section is, by meaning. */
export interface SectionIdentity {
  key: SectionKey;
  title: string;
  /** The code that identified it, else the section's first code. */
  code?: string;
}

/**
 * Identifies a Composition section: SNOMED CT code, then UK Core heading code, then title; `unknown`
 * when no rule knows it.
 * @param section - a Composition.section (STU3 or R4)
 */
export function identifySection(section: JsonObject): SectionIdentity {
  const codes = codings(section.code);
  const title = asText(section.title);
  const bySnomed = codes.find((c) => c.system === SNOMED_CT && c.code && BY_SNOMED.has(c.code));
  if (bySnomed) return identity(BY_SNOMED.get(bySnomed.code!)!, title, bySnomed.code);
  const byUkCore = codes.find((c) => c.system === UK_CORE_HEADINGS && c.code && BY_UK_CORE.has(c.code));
  if (byUkCore) return identity(BY_UK_CORE.get(byUkCore.code!)!, title, byUkCore.code);
  const byTitle = title ? BY_TITLE.get(normaliseHeading(title)) : undefined;
  if (byTitle) return identity(byTitle, title, codes[0]?.code);
  const unknown: SectionIdentity = { key: 'unknown', title: title ?? codes.find((c) => c.display)?.display ?? '' };
  if (codes[0]?.code) unknown.code = codes[0].code;
  return unknown;
}

/**
 * The section a text letter's heading opens, by its title.
 * @param heading - the heading as written
 */
export function sectionKeyForTitle(heading: string): SectionKey | undefined {
  return BY_TITLE.get(normaliseHeading(heading))?.key;
}

function identity(heading: SectionHeading, title: string | undefined, code: string | undefined): SectionIdentity {
  const found: SectionIdentity = { key: heading.key, title: title ?? heading.titles[0]! };
  if (code) found.code = code;
  return found;
}
