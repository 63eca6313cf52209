/**
 * The letter reader page's one job: read the letters the background sends (letter-jobs.ts), and answer
 * it. The reader and its parsers run here, never in the background's bundle; PDF.js is loaded only
 * when a PDF letter comes, and its parsing runs in PDF.js's own worker. Only the extension's background
 * is answered (no tab, this extension): a page or a content script is never.
 */
import { browser } from 'wxt/browser';
import { readLetter } from '@/utils/record/letters/read-letter';
import { readPdfLetter, type PdfJsLike } from '@/utils/record/letters/pdf-text';
import type { LetterReading } from '@/utils/record/letters/types';
import { READ_LETTERS, type LetterJob, type ReadLettersAnswer, type ReadLettersRequest } from './letter-jobs';

let pdfjs: Promise<PdfJsLike> | undefined;

/**
 * PDF.js as Mozilla builds it (pdfjs-dist, copied into the package by wxt.config.ts), loaded on the first
 * PDF letter; its parsing runs in its own worker, a file of the extension's own.
 */
function loadPdfJs(): Promise<PdfJsLike> {
  return (pdfjs ??= (import(/* @vite-ignore */ browser.runtime.getURL('/pdfjs/pdf.min.mjs')) as Promise<{ GlobalWorkerOptions: { workerSrc: string } } & PdfJsLike>).then((lib) => {
    lib.GlobalWorkerOptions.workerSrc = browser.runtime.getURL('/pdfjs/pdf.worker.min.mjs');
    return lib;
  }));
}

async function readJob(job: LetterJob): Promise<LetterReading> {
  if (job.format !== 'pdf') return readLetter(job);
  return readPdfLetter(await loadPdfJs(), Uint8Array.from(atob(job.base64), (c) => c.charCodeAt(0)));
}

function isRequest(message: unknown): message is ReadLettersRequest {
  return typeof message === 'object' && message !== null && (message as ReadLettersRequest).type === READ_LETTERS && Array.isArray((message as ReadLettersRequest).jobs);
}

/** Answers the background's requests to read letters, one reading per letter, in order. */
export function serveLetterReading(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: { id?: string; tab?: unknown }, sendResponse: (answer: ReadLettersAnswer) => void) => {
    if (!isRequest(message) || sender.id !== browser.runtime.id || sender.tab) return undefined;
    void (async () => {
      const readings: LetterReading[] = [];
      for (const job of message.jobs) readings.push(await readJob(job));
      return readings;
    })().then(
      (readings) => sendResponse({ readings }),
      () => sendResponse({ problem: 'The letters could not be read.' }),
    );
    return true;
  });
}
