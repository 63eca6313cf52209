/**
 * NHS number validation (Modulus 11), as defined by the NHS Data Dictionary:
 * https://www.datadictionary.nhs.uk/attributes/nhs_number.html
 *
 * Kept free of browser APIs: the content script, the background and the sandbox's
 * fixture builder all use it.
 */

/** The UK Core identifier system for NHS numbers. */
export const NHS_NUMBER_SYSTEM = 'https://fhir.nhs.uk/Id/nhs-number';

/**
 * The Modulus 11 check digit for the first nine digits of an NHS number.
 *
 * @param nineDigits - the first nine digits, as a string of digits
 * @returns the check digit 0-9, or `undefined` when no valid check digit exists (remainder gives 10)
 */
export function nhsCheckDigit(nineDigits: string): number | undefined {
  if (!/^\d{9}$/.test(nineDigits)) return undefined;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nineDigits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

/**
 * Strips the spaces and hyphens an EPR shows an NHS number with ("943 476 5919", "943-476-5919").
 *
 * @param text - the number as the EPR or the clinician wrote it
 */
export function normaliseNhsNumber(text: string): string {
  return text.replace(/[\s-]/g, '');
}

/**
 * True when `text` (spaces and hyphens allowed) is a 10-digit NHS number whose check digit is right.
 * Numbers made of one repeated digit pass Modulus 11 but are never issued, so they are refused.
 *
 * @param text - the number as the EPR or the clinician wrote it
 */
export function isValidNhsNumber(text: string): boolean {
  const digits = normaliseNhsNumber(text);
  if (!/^\d{10}$/.test(digits)) return false;
  if (/^(\d)\1{9}$/.test(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/**
 * Formats an NHS number the way the NHS CUI shows it: "943 476 5919".
 *
 * @param digits - the number; spaces and hyphens already in it are dropped first
 */
export function formatNhsNumber(digits: string): string {
  const d = normaliseNhsNumber(digits);
  return `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`;
}
