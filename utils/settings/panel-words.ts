/**
 * The side panel's title for a page showing no one patient, in a clinician's words: shared by the panel
 * and the rule trial, which says what the panel would have shown.
 */
import type { Detection } from '@/utils/shared/detection';

/**
 * The panel's title when there is no one patient to show.
 *
 * @param d - what the page reported
 */
export function noPatientTitle(d: Extract<Detection, { kind: 'none' }>): string {
  switch (d.code) {
    case 'list':
      return 'Several patients on this page';
    case 'check-digit':
      return 'This NHS number fails its check';
    case 'no-identifier':
      return 'A patient banner without an identifier';
    case 'identity-unreadable':
      return 'Name and date of birth not readable: nothing shown';
    case 'loading':
      return 'Waiting for the EPR page…';
    case 'unreadable':
      return 'Alongside could not read this page';
    case 'not-configured':
      return 'Alongside is not set up for this page';
    case 'needs-reload':
      return 'Reload this page so Alongside can read it';
    case 'left':
    case 'no-banner':
    case 'not-patient-page':
    case undefined:
      return 'No patient in view';
  }
}
