/**
 * Reading what a transfer-of-care letter asks of the next clinician: the entry point.
 *
 * ```ts
 * const reading = readLetter({ format: 'fhir', content: bundleXml });
 * // reading.actions[0] → { text: 'GP please continue secondary preventative medication.', status: 'Requested',
 * //   heading: 'Actions for healthcare professionals', sectionKey: 'plan-and-requested-actions', … }
 * // reading.medicineChanges[0] → { change: 'added', medicine: 'Clopidogrel 75mg tablets (Almus Pharmaceuticals Ltd)', … }
 * ```
 *
 * Pure: no DOM and no browser API, so it runs in the MV3 service worker and in Node. It never throws:
 * what cannot be read comes back as `read: 'not-read'` (or `partly-read`) with the problem in words.
 * Safety first: a request is only ever taken from under a heading that says for whom it is, in the
 * letter's own words; anything else is reported for the clinician to read in the letter.
 */
import { parseFhirText } from './parse-document';
import { readFhirLetter } from './fhir-letter';
import { asObject } from './fhir-values';
import { UnreadableLetterError, unreadLetter } from './reading';
import { readHtmlLetter, readPdfTextLetter, readPlainTextLetter } from './text-letters';
import type { LetterInput, LetterKind, LetterReading } from './types';

export { letterFormatFor } from './formats';

export type * from './types';

/** Letters larger than this (UTF-8 bytes of their text) are refused unread: open them instead. */
export const MAX_LETTER_BYTES = 2 * 1024 * 1024;

/**
 * Letters asking more than this many things are refused: no letter does, and a reading is cached whole.
 */
export const MAX_REQUESTS = 500;

export const TOO_LARGE = `This letter is too large to read here (over ${MAX_LETTER_BYTES / 1024 / 1024} MB): open it.`;
export const TOO_MANY_REQUESTS = `This letter asks more than ${MAX_REQUESTS} things, too many to list here: open it.`;
export const NOT_READABLE = 'This letter could not be read here: open it.';

/**
 * Reads a letter: its metadata, sections as text, the actions it asks of healthcare professionals, its
 * other requests, and its medicine changes.
 * @param input - the letter and its format (see {@link letterFormatFor} for a DocumentReference's type)
 * @returns the reading; never throws
 */
export function readLetter(input: LetterInput): LetterReading {
  const kind = kindOf(input);
  try {
    if (isOverCap(input)) return unreadLetter(kind, TOO_LARGE);
    const reading = readByFormat(input);
    if (reading.actions.length + reading.otherRequests.length > MAX_REQUESTS) return unreadLetter(reading.kind, TOO_MANY_REQUESTS);
    return reading;
  } catch (error) {
    if (error instanceof UnreadableLetterError) return unreadLetter(kind, `This letter ${error.message}: it could not be read here, open it.`);
    return unreadLetter(kind, NOT_READABLE);
  }
}

function readByFormat(input: LetterInput): LetterReading {
  switch (input.format) {
    case 'fhir': {
      const resource = typeof input.content === 'string' ? parseFhirText(input.content) : asObject(input.content);
      return resource ? readFhirLetter(resource) : unreadLetter(kindOf(input), NOT_READABLE);
    }
    case 'text':
      return readPlainTextLetter(input.content);
    case 'html':
      return readHtmlLetter(input.content);
    case 'pdf-text':
      return readPdfTextLetter(input.lines);
  }
}

function kindOf(input: LetterInput): LetterKind {
  switch (input.format) {
    case 'fhir':
      return typeof input.content === 'object' && (input.content as { resourceType?: unknown }).resourceType === 'Composition'
        ? 'composition'
        : 'fhir-document';
    case 'text':
      return 'text';
    case 'html':
      return 'html';
    case 'pdf-text':
      return 'pdf-text';
  }
}

/** Whether the input is over the cap in UTF-8 bytes, counted exactly only when it could be. */
function isOverCap(input: LetterInput): boolean {
  const text = input.format === 'pdf-text' ? input.lines.join('\n') : typeof input.content === 'string' ? input.content : JSON.stringify(input.content);
  // One to three bytes a UTF-16 unit: only a text between a third of the cap and the cap needs counting.
  if (text.length > MAX_LETTER_BYTES) return true;
  if (text.length * 3 <= MAX_LETTER_BYTES) return false;
  return new TextEncoder().encode(text).length > MAX_LETTER_BYTES;
}
