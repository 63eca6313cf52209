import { describe, expect, it } from 'vitest';
import { findNhsNumberCandidates, parseBannerDate, squash } from './banner-text';

describe('banner text', () => {
  it('reads the date formats EPR banners use', () => {
    expect(parseBannerDate('12-Mar-1950')).toBe('1950-03-12');
    expect(parseBannerDate('2 Sep 2019 (7y)')).toBe('2019-09-02');
    expect(parseBannerDate('1950-03-12')).toBe('1950-03-12');
    expect(parseBannerDate('12/03/1950')).toBe('1950-03-12');
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
