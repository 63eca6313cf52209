/**
 * Every code in the committed lists is a well-formed SNOMED CT concept identifier: digits only, a valid
 * Verhoeff check digit and a concept partition (so a code mangled in copying, as spreadsheets do to
 * 17-digit ids, fails here), unique within its list; and every list cites a source.
 */
import { describe, expect, it } from 'vitest';
import * as anticoagulants from './data/anticoagulants';
import * as conditions from './data/conditions';
import * as insulins from './data/insulins';
import * as mentalHealth from './data/mental-health';
import * as methotrexate from './data/methotrexate';
import * as neurologyImmunology from './data/neurology-immunology';
import * as opioids from './data/opioids';
import * as steroids from './data/steroids';
import * as sulfonylureas from './data/sulfonylureas';
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

describe('the check itself', () => {
  it('accepts real ids and rejects a spreadsheet-rounded one', () => {
    expect(['404684003', '138875005', '46635009', '13504711000001102', '1382601000000107'].every(isSnomedConceptId)).toBe(true);
    expect(isSnomedConceptId('12816911000001100')).toBe(false); // 12816911000001103 rounded to 15 significant digits
    expect(isSnomedConceptId('46635008')).toBe(false);
  });
});

const LISTS = Object.entries({ ...anticoagulants, ...conditions, ...insulins, ...mentalHealth, ...methotrexate, ...neurologyImmunology, ...opioids, ...steroids, ...sulfonylureas });

describe('every committed list', () => {
  it('there are lists', () => expect(LISTS.length).toBeGreaterThan(25));
  for (const [name, codes] of LISTS) {
    it(`${name}: ${codes.length} unique, valid SNOMED CT concept ids`, () => {
      expect(codes.length).toBeGreaterThan(0);
      expect(new Set(codes).size).toBe(codes.length);
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
