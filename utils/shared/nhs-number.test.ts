import { describe, expect, it } from 'vitest';
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit } from './nhs-number';

describe('NHS number Modulus 11', () => {
  it('accepts numbers whose check digit is right', () => {
    // 943 476 5919 is the NHS Data Dictionary's worked example.
    expect(isValidNhsNumber('9434765919')).toBe(true);
    expect(isValidNhsNumber('943 476 5919')).toBe(true);
    expect(isValidNhsNumber('943-476-5919')).toBe(true);
  });

  it('refuses a wrong check digit, a transposition, the wrong length and non-digits', () => {
    expect(isValidNhsNumber('9434765918')).toBe(false);
    expect(isValidNhsNumber('9434765991')).toBe(false);
    expect(isValidNhsNumber('943476591')).toBe(false);
    expect(isValidNhsNumber('94347659190')).toBe(false);
    expect(isValidNhsNumber('94347659a9')).toBe(false);
    expect(isValidNhsNumber('')).toBe(false);
  });

  it('refuses numbers whose check digit would be 10, and repeated digits', () => {
    // Find a nine-digit stem with no valid check digit, rather than trusting a hard-coded one.
    let stem = 999000000;
    while (nhsCheckDigit(String(stem)) !== undefined) stem++;
    for (let d = 0; d <= 9; d++) expect(isValidNhsNumber(`${stem}${d}`)).toBe(false);
    expect(isValidNhsNumber('0000000000')).toBe(false);
    expect(isValidNhsNumber('1111111111')).toBe(false);
  });

  it('computes the check digit as the Data Dictionary defines it', () => {
    expect(nhsCheckDigit('943476591')).toBe(9);
    expect(nhsCheckDigit('12345')).toBeUndefined();
  });

  it('formats as the CUI shows it', () => {
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });
});
