/**
 * Searching a browser profile folder for patient details left on disk (phi-on-disk, the attack tests):
 * every file, read as bytes, for every value given. Hits in what Alongside writes (its IndexedDB, its
 * extension storage, its service worker) are Alongside's; hits elsewhere are the browser's own files
 * about the pages visited (the host EPR's footprint, controlled by browser policy).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RosterPatient } from '../sandbox/roster';

/** Every way the panel or the EPR writes a patient's identifying details. */
export function identifyingValues(p: Pick<RosterPatient, 'nhsNumber' | 'family' | 'given' | 'birthDate'>): string[] {
  const [y, , d] = p.birthDate.split('-');
  const month = new Date(`${p.birthDate}T00:00:00Z`).toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return [p.nhsNumber, `${p.nhsNumber.slice(0, 3)} ${p.nhsNumber.slice(3, 6)} ${p.nhsNumber.slice(6)}`, p.family, p.family.toUpperCase(), p.given, p.birthDate, `${d}-${month}-${y}`];
}

export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(full);
    return e.isFile() ? [full] : [];
  });
}

export interface ProfileScan {
  /** `file: values` for each of Alongside's files holding any value. */
  alongsideHits: string[];
  /** The values found in Alongside's files. */
  valuesFound: Set<string>;
  /** The browser's own files holding values, with how many. */
  browserHits: Map<string, number>;
  /** Whether the extension's own folders were there to search. */
  searchedAlongside: boolean;
}

/** Searches every file of `profile` for `values` (those of 4 characters or more). */
export function scanProfile(profile: string, extensionId: string, values: readonly string[]): ProfileScan {
  const wanted = [...new Set(values)].filter((v) => v.length >= 4);
  const scan: ProfileScan = { alongsideHits: [], valuesFound: new Set(), browserHits: new Map(), searchedAlongside: false };
  for (const file of filesUnder(profile)) {
    const rel = path.relative(profile, file);
    if (rel.includes(`chrome-extension_${extensionId}`)) scan.searchedAlongside = true;
    if (statSync(file).size > 50_000_000) continue;
    const text = readFileSync(file).toString('latin1');
    const found = wanted.filter((v) => text.includes(v));
    if (found.length === 0) continue;
    if (rel.includes(extensionId)) {
      scan.alongsideHits.push(`${rel}: ${found.join(', ')}`);
      for (const v of found) scan.valuesFound.add(v);
    } else scan.browserHits.set(rel, found.length);
  }
  return scan;
}
