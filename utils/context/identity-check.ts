/**
 * The identity check: the name and date of birth the EPR shows must agree with the shared record's
 * Patient. An identifier typed wrongly into one system, a stale mapping, or a page showing one patient's
 * number beside another's name would otherwise put the wrong patient's record beside the page.
 *
 * It fails closed: nothing to compare is not a pass. A name that reads as no words on either side, a
 * date of birth the record lacks, or a page that shows neither name nor date of birth (unless the trust's
 * rule says its EPR shows neither) all mean the record is not shown.
 */
import type { HumanName, Patient } from '@medplum/fhirtypes';
import type { DetectedPatient } from './types';

export type IdentityCheck =
  | { ok: true; /** False only where the trust's rule says the EPR shows neither name nor date of birth. */ crossChecked: boolean }
  | { ok: false; mismatches: ('name' | 'birthDate')[]; eprSays: string; recordSays: string };

/** Letters that do not decompose into a base letter and a mark, spelt as English spells them. */
const SPELT: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŧ: 't', ħ: 'h' };

/**
 * The words of a name, compared Unicode-aware: lower case, accents and apostrophes dropped ("O’Brien" is
 * "obrien", "Søren" is "soren", "Zoë" is "zoe"), any script kept as it is, so "Иванов" never equals "Smith".
 * Titles are removed from the EPR's side only where they stand as titles (see `shownWords`): a surname
 * such as Master or Dame is never dropped.
 */
export function nameWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[øæœßłđðþıŧħ]/g, (c) => SPELT[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`ʼ]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

const TITLE = '(?:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|lady|lord|rev|revd|master|fr|sr)\\.?';
/** A title in parentheses ("FAKEHAM, Ada (Mrs)", the CUI's form), anywhere. */
const TITLE_IN_BRACKETS = new RegExp(`\\(\\s*${TITLE}\\s*\\)`, 'giu');
/** A title leading the name ("Mrs Ada Fakeham"); never a leading word followed by a comma ("MASTER, John" is a surname). */
const LEADING_TITLE = new RegExp(`^\\s*${TITLE}\\s+(?![^\\s,]*,)`, 'iu');

/** The words the EPR shows, without titles where they stand as titles. */
function shownWords(text: string): Set<string> {
  return new Set(nameWords(text.replace(TITLE_IN_BRACKETS, ' ').replace(LEADING_TITLE, '')));
}

/** The record's names that can be in use: not `old`, not ended. */
function currentNames(patient: Patient): HumanName[] {
  const today = new Date().toISOString().slice(0, 10);
  return (patient.name ?? []).filter((n) => n.use !== 'old' && !(n.period?.end && n.period.end < today));
}

/** Whether the shown words contain this name: every family word, and one given name when it has any. */
function nameShown(shown: Set<string>, name: HumanName): boolean {
  const family = nameWords(name.family ?? '');
  const given = (name.given ?? []).flatMap(nameWords);
  if (family.length === 0 && given.length === 0) return false;
  if (family.length === 0) return given.every((w) => shown.has(w));
  return family.every((w) => shown.has(w)) && (given.length === 0 || given.some((w) => shown.has(w)));
}

/**
 * Compares what the EPR shows with the record.
 *
 * @param seen - the name and date of birth as read from the page
 * @param patient - the shared record's Patient for the identifier the page showed
 */
export function checkIdentity(seen: Pick<DetectedPatient, 'displayName' | 'birthDate' | 'identityNotShown'>, patient: Patient): IdentityCheck {
  const shownName = seen.displayName?.trim() ? seen.displayName : undefined;
  if (!shownName && !seen.birthDate) {
    if (seen.identityNotShown) return { ok: true, crossChecked: false };
    return mismatch(['name', 'birthDate'], seen, patient);
  }
  const mismatches: ('name' | 'birthDate')[] = [];
  if (shownName) {
    const shown = shownWords(shownName);
    if (shown.size === 0 || !currentNames(patient).some((n) => nameShown(shown, n))) mismatches.push('name');
  }
  if (seen.birthDate && seen.birthDate !== patient.birthDate) mismatches.push('birthDate');
  return mismatches.length === 0 ? { ok: true, crossChecked: true } : mismatch(mismatches, seen, patient);
}

function mismatch(mismatches: ('name' | 'birthDate')[], seen: Pick<DetectedPatient, 'displayName' | 'birthDate'>, patient: Patient): IdentityCheck {
  const name = currentNames(patient)[0] ?? patient.name?.[0];
  const recordName = name ? [...(name.given ?? []), name.family].filter(Boolean).join(' ') || 'no name' : 'no name';
  return {
    ok: false,
    mismatches,
    eprSays: [seen.displayName?.trim() || 'no name', seen.birthDate ? `born ${seen.birthDate}` : 'no date of birth'].join(', '),
    recordSays: [recordName, patient.birthDate ? `born ${patient.birthDate}` : 'no date of birth'].join(', '),
  };
}
