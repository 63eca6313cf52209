/**
 * What the background asks the letter reader (entrypoints/letter-reader: an offscreen document in
 * Chrome and Edge, a hidden frame of the background page in Firefox), and what it answers. The reader
 * and its parsers (fast-xml-parser, htmlparser2, PDF.js) live there, out of the background's bundle.
 * Types and one constant only: importing this file brings no code into a bundle.
 */
import type { LetterReading } from '@/utils/record/letters/types';

/** One letter to read, in the form the record holds it. */
export type LetterJob =
  /** A FHIR document Bundle or Composition: XML or JSON text, or JSON already parsed. */
  | { format: 'fhir'; content: string | object }
  | { format: 'text' | 'html'; content: string }
  /** A PDF's bytes, base64 (as FHIR attachments carry them); its text layer is read with PDF.js. */
  | { format: 'pdf'; base64: string };

/** The message type the reader answers (every other message is not for it). */
export const READ_LETTERS = 'alongside:read-letters';

export interface ReadLettersRequest {
  type: typeof READ_LETTERS;
  jobs: LetterJob[];
}

/** One reading per job, in order; or why none could be read. */
export type ReadLettersAnswer = { readings: LetterReading[] } | { problem: string };

/** Reads letters somewhere (the reader page; in tests, in-process). Rejects when it cannot read at all. */
export interface LetterReader {
  read(jobs: readonly LetterJob[]): Promise<LetterReading[]>;
}
