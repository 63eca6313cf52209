/**
 * The letter reader in-process, for tests and the bench: what the reader page does
 * (utils/record/sources/letter-reader-service.ts), with PDF.js's legacy build (the one for Node).
 * Counts what it was asked. Tests only; never bundled.
 */
import { readLetter } from '../../utils/record/letters/read-letter';
import { readPdfLetter, type PdfJsLike } from '../../utils/record/letters/pdf-text';
import type { LetterJob, LetterReader } from '../../utils/record/sources/letter-jobs';

let pdfjs: Promise<PdfJsLike> | undefined;

/** PDF.js for Node (its legacy build), loaded once. */
export function nodePdfJs(): Promise<PdfJsLike> {
  return (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs').then((m) => m as unknown as PdfJsLike));
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
