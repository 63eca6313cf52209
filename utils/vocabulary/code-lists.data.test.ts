/**
 * Every code in the committed lists (public/vocabulary/*.json) is a well-formed SNOMED CT concept
 * identifier: digits only, a valid Verhoeff check digit and a concept partition (so a code mangled in
 * copying, as spreadsheets do to 17-digit ids, fails here), unique within its list; every list cites a
 * source that sources.ts names; and every file holds the lists utils/vocabulary/load.ts expects of it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VOCABULARY_FILES, type VocabularyList } from './load';
import { SOURCES } from './sources';

// Verhoeff tables (dihedral group D5 and its permutation powers), as SNOMED CT's identifier check uses.
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6], [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1], [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const P: number[][] = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4]];
for (let i = 2; i < 8; i++) P.push(P[1]!.map((_, j) => P[i - 1]![P[1]![j]!]!));

/** Whether a string is a SNOMED CT concept id: digits, Verhoeff check digit valid, partition 00 or 10. */
function isSnomedConceptId(id: string): boolean {
  if (!/^\d{6,18}$/.test(id)) return false;
  let c = 0;
  [...id].reverse().forEach((digit, i) => { c = D[c]![P[i % 8]![Number(digit)]!]!; });
  return c === 0 && ['00', '10'].includes(id.slice(-3, -1));
}

/** Whether a string is a LOINC code: digits, a hyphen and a valid mod-10 (Luhn) check digit. */
function isLoincCode(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (!m) return false;
  const sum = [...m[1]!].reverse().reduce((n, d, i) => { const x = Number(d) * (i % 2 === 0 ? 2 : 1); return n + (x > 9 ? x - 9 : x); }, 0);
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}

describe('the check itself', () => {
  it('accepts real ids and rejects a spreadsheet-rounded one', () => {
    expect(['404684003', '138875005', '46635009', '13504711000001102', '1382601000000107'].every(isSnomedConceptId)).toBe(true);
    expect(isSnomedConceptId('12816911000001100')).toBe(false); // 12816911000001103 rounded to 15 significant digits
    expect(isSnomedConceptId('46635008')).toBe(false);
  });
  it('accepts real LOINC codes and rejects a wrong check digit', () => {
    expect(['2823-3', '6298-4', '33914-3', '4548-4', '890-4', '101678-1'].every(isLoincCode)).toBe(true);
    expect(isLoincCode('6298-5')).toBe(false);
    expect(isLoincCode('6298')).toBe(false);
  });
});

const DIR = resolve(process.cwd(), 'public', 'vocabulary');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.json')).map((f) => ({ file: f.replace(/\.json$/, ''), data: JSON.parse(readFileSync(resolve(DIR, f), 'utf8')) as { about: string; lists: Record<string, VocabularyList> } }));
const LISTS = FILES.flatMap(({ data }) => Object.entries(data.lists));
/** Every SNOMED CT / dm+d code a list holds: its codes and the codes of every group. */
const codesOf = (list: VocabularyList) => [...(list.codes ?? []), ...Object.values(list.groups ?? {}).flat()];

describe('every committed list', () => {
  it('there are lists', () => expect(LISTS.length).toBeGreaterThan(25));
  for (const [name, list] of LISTS) {
    const codes = codesOf(list);
    it(`${name}: ${codes.length} unique, valid SNOMED CT concept ids`, () => {
      expect(codes.length + Object.keys(list.values ?? {}).length + Object.keys(list.ranges ?? {}).length).toBeGreaterThan(0);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.filter((c) => !isSnomedConceptId(c))).toEqual([]);
      for (const code of Object.keys(list.terms ?? {})) expect(codes).toContain(code);
      for (const group of Object.values(list.names ?? {})) expect(Object.keys(list.groups ?? {})).toContain(group);
    });
    if (name.endsWith('_LOINC')) {
      it(`${name}: valid LOINC codes`, () => expect(Object.keys(list.values ?? {}).filter((c) => !isLoincCode(c))).toEqual([]));
    }
    it(`${name} cites a source sources.ts names, and says what it is`, () => {
      expect(SOURCES[list.source as keyof typeof SOURCES], list.source).toBeDefined();
      expect(list.about.length).toBeGreaterThan(10);
    });
  }
});

describe('the files the background loads', () => {
  it('are exactly the files in public/vocabulary/, each with every list it is expected to hold', () => {
    expect(FILES.map((f) => f.file).sort()).toEqual(Object.keys(VOCABULARY_FILES).sort());
    for (const [file, names] of Object.entries(VOCABULARY_FILES)) {
      const data = FILES.find((f) => f.file === file)?.data;
      expect(Object.keys(data?.lists ?? {}).sort(), file).toEqual([...names].sort());
    }
  });
});

describe('the SNOMED CT codes written in the functions themselves', () => {
  // Small tables kept in code (no list to load): each code must be as well-formed as a list's.
  const source = (file: string) => readFileSync(resolve(process.cwd(), 'utils', 'vocabulary', file), 'utf8');
  const quoted = (text: string) => [...text.matchAll(/'(\d{6,18})'/g)].map((m) => m[1]!);
  for (const file of ['flag-meaning.ts', 'concept-sets.ts']) {
    it(`${file}: every SNOMED CT code is a valid concept id`, () => {
      const codes = quoted(source(file));
      expect(codes.length).toBeGreaterThan(3);
      expect(codes.filter((c) => !isSnomedConceptId(c))).toEqual([]);
    });
  }
});

describe('sources', () => {
  for (const s of Object.values(SOURCES)) {
    it(`${s.id} names a list, a version and a licence`, () => {
      expect(s.name && s.url && s.version && s.licence).toBeTruthy();
    });
  }
});
