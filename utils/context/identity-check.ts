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
import type { DetectedPatient } from '@/utils/shared/detection';

export type IdentityCheck =
  | {
      ok: true;
      /** Which halves had something to compare; a half the page did not show is not a pass, and is said. */
      checked: { name: boolean; birthDate: boolean; missing?: string };
    }
  | { ok: false; mismatches: ('name' | 'birthDate')[]; eprSays: string; recordSays: string };

/** Letters that do not decompose into a base letter and a mark, spelt as English spells them. */
const SPELT: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ŧ: 't', ħ: 'h' };

/**
 * The words of a name, compared Unicode-aware: lower case, accents and apostrophes dropped ("O’Brien" is
 * "obrien", "Søren" is "soren", "Zoë" is "zoe"), any script kept as it is, so "Иванов" never equals "Smith".
 * Titles are removed from the EPR's side only where they stand as titles (see `shownWords`): a surname
 * such as Master or Dame is never dropped.
 *
 * @param text - a name as written, by the EPR or the record
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

/** Whether a name has ended: `old`, or a period that ended before today. */
function ended(name: HumanName, today: string): boolean {
  return name.use === 'old' || !!(name.period?.end && name.period.end < today);
}

/** The record's names that can be in use: not `old`, not ended. */
function currentNames(patient: Patient): HumanName[] {
  const today = new Date().toISOString().slice(0, 10);
  return (patient.name ?? []).filter((n) => !ended(n, today));
}

/**
 * The names the page may show for this patient: the current ones, and a previous name under a current
 * family name (a forename changed, a known-as name recorded as old). A previous family name never counts.
 */
function namesToMatch(patient: Patient): HumanName[] {
  const current = currentNames(patient);
  const families = new Set(current.map((n) => nameWords(n.family ?? '').join(' ')));
  const today = new Date().toISOString().slice(0, 10);
  const previous = (patient.name ?? []).filter((n) => ended(n, today) && families.has(nameWords(n.family ?? '').join(' ')));
  return [...current, ...previous];
}

/**
 * Whether the shown words contain this name: every family word, and the first given name (every word of
 * it). A shared middle name never suffices: twins and namesakes often share one ("Isla Rose" and
 * "Amelia Rose" Hargreaves, born the same day).
 */
function nameShown(shown: Set<string>, name: HumanName): boolean {
  const family = nameWords(name.family ?? '');
  const firstGiven = nameWords(name.given?.[0] ?? '');
  if (family.length === 0 && firstGiven.length === 0) return false;
  if (family.length === 0) return (name.given ?? []).flatMap(nameWords).every((w) => shown.has(w));
  return family.every((w) => shown.has(w)) && firstGiven.every((w) => shown.has(w));
}

/**
 * Compares what the EPR shows with the record.
 *
 * @param seen - the name and date of birth as read from the page
 * @param patient - the shared record's Patient for the identifier the page showed
 */
export function checkIdentity(seen: Pick<DetectedPatient, 'displayName' | 'birthDate' | 'identityNotShown' | 'birthDateProblem'>, patient: Patient): IdentityCheck {
  const shownName = seen.displayName?.trim() ? seen.displayName : undefined;
  if (!shownName && !seen.birthDate) {
    if (seen.identityNotShown) return { ok: true, checked: { name: false, birthDate: false, missing: 'this EPR shows neither name nor date of birth' } };
    return mismatch(['name', 'birthDate'], seen, patient);
  }
  const mismatches: ('name' | 'birthDate')[] = [];
  if (shownName) {
    const shown = shownWords(shownName);
    if (shown.size === 0 || !namesToMatch(patient).some((n) => nameShown(shown, n))) mismatches.push('name');
  }
  if (seen.birthDate && seen.birthDate !== patient.birthDate) mismatches.push('birthDate');
  if (mismatches.length) return mismatch(mismatches, seen, patient);
  const missing = !shownName ? 'name not read' : !seen.birthDate ? `date of birth ${seen.birthDateProblem ?? 'not read'}` : undefined;
  return { ok: true, checked: { name: !!shownName, birthDate: !!seen.birthDate, ...(missing ? { missing } : {}) } };
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
