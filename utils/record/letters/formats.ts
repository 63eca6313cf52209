/**
 * Which reader reads a letter, from its MIME type: a file of its own, with no parser in it, so the
 * background can choose how to read an attachment without carrying the readers (they run elsewhere:
 * the offscreen reader page, entrypoints/letter-reader).
 */
import type { LetterFormat } from './types';

/**
 * The format to read a letter in, from its MIME type (a DocumentReference attachment's contentType);
 * `pdf-text` means: extract the PDF's text lines first. Undefined for a type no reader here reads.
 * @param contentType - e.g. `application/fhir+xml; fhirVersion=3.0`, `text/html; charset=utf-8`
 */
export function letterFormatFor(contentType: string): LetterFormat | undefined {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (['application/fhir+xml', 'application/fhir+json', 'application/xml+fhir', 'application/json+fhir', 'application/xml', 'text/xml', 'application/json'].includes(type)) {
    return 'fhir';
  }
  if (type === 'text/plain') return 'text';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'application/pdf') return 'pdf-text';
  return undefined;
}
