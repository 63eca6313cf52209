import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNhsNumberCandidates, parseBannerDate, squash } from './banner-text';
import { BANNER_DATE_FORMATS } from '@/utils/shared/epr-rule';

describe('banner text', () => {
  it('reads the date formats EPR banners use', () => {
    expect(parseBannerDate('12-Mar-1950')).toBe('1950-03-12');
    expect(parseBannerDate('2 Sep 2019 (7y)')).toBe('2019-09-02');
    expect(parseBannerDate('1950-03-12')).toBe('1950-03-12');
    expect(parseBannerDate('12/03/1950')).toBe('1950-03-12');
  });

  it('reads every format docs/epr-rules.md lists, the UK ones included (17-Apr-1938, 17 Apr 1938, 17 April 1938, 17/04/1938, 1938-04-17)', () => {
    for (const t of ['17-Apr-1938', '17 Apr 1938', '17 April 1938', '17/04/1938', '1938-04-17', '17-APR-1938', '17 Sept 1938'.replace('Sept', 'Apr'), '17 apr. 1938']) expect(parseBannerDate(t), t).toBe('1938-04-17');
    expect(parseBannerDate('17 Sept 1938')).toBe('1938-09-17');
    expect(parseBannerDate('7/4/1938')).toBe('1938-04-07');
    const listed = BANNER_DATE_FORMATS.flatMap((f) => f.examples);
    for (const example of listed) expect(parseBannerDate(example), example).toMatch(/^1938-04-(17|07)$/);
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../docs/epr-rules.md'), 'utf8');
    for (const example of listed) expect(docs, `docs/epr-rules.md lists ${example}`).toContain(example);
  });

  it('refuses a month that is only like one, and digits running on', () => {
    expect(parseBannerDate('17 Aprxyz 1938')).toBeUndefined();
    expect(parseBannerDate('17 Ap 1938')).toBeUndefined();
    expect(parseBannerDate('17/04/19380')).toBeUndefined();
  });

  it('refuses dates that do not exist', () => {
    expect(parseBannerDate('31-Feb-1950')).toBeUndefined();
    expect(parseBannerDate('Not Known')).toBeUndefined();
    expect(parseBannerDate('12-Foo-1950')).toBeUndefined();
  });

  it('finds NHS-number-shaped digits however they are spaced, and not inside longer numbers', () => {
    expect(findNhsNumberCandidates('NHS No. 943 476 5919 · tel 01234567890123')).toEqual(['9434765919']);
    expect(findNhsNumberCandidates('943-476-5919 and 9991234561')).toEqual(['9434765919', '9991234561']);
  });

  it('squashes white space', () => {
    expect(squash('  a \n\t b ')).toBe('a b');
    expect(squash(null)).toBe('');
  });
});
