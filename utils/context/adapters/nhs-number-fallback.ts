/**
 * Fallback for EPRs no other adapter knows: one valid NHS number in a banner-like element.
 *
 * Runs only where no specific adapter matches the page. Banner-like: `role="banner"`, a `header`, or
 * an element whose class, id or label says banner or patient header. Numbers in tables and lists (a
 * worklist) are not read. Two different valid NHS numbers in banners mean no patient.
 */
import { findNhsNumberCandidates, squash } from '../banner-text';
import { isValidNhsNumber, NHS_NUMBER_SYSTEM } from '../nhs-number';
import type { Detection, EprAdapter } from '../types';

const BANNER_LIKE = [
  '[role="banner"]',
  'header',
  '[class*="banner" i]',
  '[id*="banner" i]',
  '[aria-label*="banner" i]',
  '[class*="patient-header" i]',
  '[id*="patient-header" i]',
].join(',');

export const nhsNumberFallback: EprAdapter = {
  id: 'nhs-number-fallback',
  label: 'NHS number in a patient banner',
  watchSelector: BANNER_LIKE,
  fallback: true,
  matches: () => true,
  detect(doc): Detection {
    const numbers = new Set<string>();
    for (const el of doc.querySelectorAll(BANNER_LIKE)) {
      if (el.closest('table, ul, ol')) continue;
      for (const n of findNhsNumberCandidates(squash(el.textContent))) if (isValidNhsNumber(n)) numbers.add(n);
    }
    if (numbers.size === 0) return { kind: 'none', reason: 'No NHS number in a patient banner on this page.' };
    if (numbers.size > 1) return { kind: 'ambiguous', reason: 'The banners on this page show more than one NHS number.' };
    const [nhsNumber] = [...numbers] as [string];
    return {
      kind: 'patient',
      patient: {
        adapterId: 'nhs-number-fallback',
        source: 'NHS number in a banner (general reader, no EPR-specific adapter)',
        confidence: 'medium',
        identifier: { system: NHS_NUMBER_SYSTEM, value: nhsNumber },
        nhsNumber,
      },
    };
  },
};
