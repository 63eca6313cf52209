/**
 * The letter reader in-process, for tests and the bench: what the reader page does
 * (utils/record/sources/letter-reader-service.ts), with PDF.js's legacy build (the one for Node).
 * Counts what it was asked. Tests only; never bundled.
 */
import * as legacyPdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readLetter } from '../../utils/record/letters/read-letter';
import { readPdfLetter, type PdfJsLike } from '../../utils/record/letters/pdf-text';
import type { LetterJob, LetterReader } from '../../utils/record/sources/letter-jobs';

/**
 * PDF.js for Node (its legacy build). Imported statically: loaded inside a test, under a busy CPU, it
 * timed the test out.
 */
export function nodePdfJs(): Promise<PdfJsLike> {
  return Promise.resolve(legacyPdfJs as unknown as PdfJsLike);
}

/** A reader that reads in this process, and remembers every job it was given. */
export function inProcessLetterReader(): LetterReader & { jobs: LetterJob[] } {
  const jobs: LetterJob[] = [];
  return {
    jobs,
    async read(batch) {
      jobs.push(...batch);
      const out = [];
      for (const job of batch) out.push(job.format === 'pdf' ? await readPdfLetter(await nodePdfJs(), Uint8Array.from(Buffer.from(job.base64, 'base64'))) : readLetter(job));
      return out;
    },
  };
}
