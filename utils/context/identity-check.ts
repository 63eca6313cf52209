/**
 * The identity check: the name and date of birth the EPR shows, where it shows them, must agree with
 * the shared record's Patient. An identifier typed wrongly into one system, or a stale mapping, would
 * otherwise put the wrong patient's record beside the page.
 */
import type { Patient } from '@medplum/fhirtypes';
import { officialName } from '../fhir/text';
import type { DetectedPatient } from './types';

export type IdentityCheck =
  | { ok: true }
  | { ok: false; mismatches: ('name' | 'birthDate')[]; eprSays: string; recordSays: string };

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev', 'master']);

/** Words of a name, lower case, without titles or punctuation ("FAKEHAM, Ada (Mrs)" → fakeham, ada). */
function nameWords(text: string): Set<string> {
  return new Set(
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z']+/)
      .filter((w) => w.length > 0 && !TITLES.has(w)),
  );
}

/**
 * Compares what the EPR shows with the record. Only what the EPR shows is compared: a banner without a
 * date of birth is not a mismatch.
 */
export function checkIdentity(seen: Pick<DetectedPatient, 'displayName' | 'birthDate'>, patient: Patient): IdentityCheck {
  const mismatches: ('name' | 'birthDate')[] = [];
  const name = officialName(patient.name);
  const family = name?.family ?? '';
  const given = name?.given ?? [];

  if (seen.displayName && (family || given.length)) {
    const shown = nameWords(seen.displayName);
    const familyOk = [...nameWords(family)].every((w) => shown.has(w));
    const givenWords = given.flatMap((g) => [...nameWords(g)]);
    const givenOk = givenWords.length === 0 || givenWords.some((w) => shown.has(w));
    if (!familyOk || !givenOk) mismatches.push('name');
  }
  if (seen.birthDate && patient.birthDate && seen.birthDate !== patient.birthDate) mismatches.push('birthDate');

  if (mismatches.length === 0) return { ok: true };
  const recordName = [given.join(' '), family].filter(Boolean).join(' ') || 'no name';
  return {
    ok: false,
    mismatches,
    eprSays: [seen.displayName, seen.birthDate && `born ${seen.birthDate}`].filter(Boolean).join(', '),
    recordSays: [recordName, patient.birthDate && `born ${patient.birthDate}`].filter(Boolean).join(', '),
  };
}
