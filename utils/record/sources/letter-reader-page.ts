/**
 * Where the background has letters read: the letter reader page (entrypoints/letter-reader), which
 * carries the reader and its parsers so the background does not (its bundle and its start stay small).
 * The standard MV3 ways: in Chrome and Edge an offscreen document (chrome.offscreen, reasons DOM_PARSER
 * and WORKERS: the page parses documents and runs PDF.js's worker); in Firefox, whose MV3 background is
 * an event page with a DOM, the same page in a hidden frame of the background page. Either way it is
 * asked by a runtime message and answers the background alone; it is closed once idle.
 */
/// <reference types="chrome" />
import { browser } from 'wxt/browser';
import type { LetterReading } from '@/utils/record/letters/types';
import { READ_LETTERS, type LetterJob, type LetterReader, type ReadLettersAnswer, type ReadLettersRequest } from './letter-jobs';

const READER_PAGE = 'letter-reader.html';
/** Reading a record's letters takes far less than this (a 5-page PDF: well under a second). */
const READ_TIMEOUT_MS = 30_000;
/** The page is closed after this long unused (a clinic's patients often come one after another). */
const IDLE_CLOSE_MS = 60_000;

const chromeApi = (globalThis as { chrome?: typeof chrome }).chrome;

let opening: Promise<void> | undefined;
let closeTimer: ReturnType<typeof setTimeout> | undefined;
let reading = 0;

async function openReaderPage(): Promise<void> {
  const url = browser.runtime.getURL(`/${READER_PAGE}`);
  const offscreen = chromeApi?.offscreen;
  if (offscreen?.createDocument) {
    const open = await chromeApi!.runtime.getContexts({ contextTypes: [chromeApi!.runtime.ContextType.OFFSCREEN_DOCUMENT], documentUrls: [url] });
    if (open.length) return;
    await offscreen.createDocument({
      url: READER_PAGE,
      reasons: [offscreen.Reason.DOM_PARSER, offscreen.Reason.WORKERS],
      justification: 'Reads the patient’s letters (FHIR documents, HTML, PDF text) for what they ask of the clinician.',
    });
    return;
  }
  if (typeof document === 'undefined') throw new Error('There is nowhere to read letters in this browser.');
  if (document.querySelector('iframe[data-letter-reader]')) return;
  const frame = document.createElement('iframe');
  frame.dataset.letterReader = '';
  frame.hidden = true;
  await new Promise<void>((resolve, reject) => {
    frame.addEventListener('load', () => resolve(), { once: true });
    frame.addEventListener('error', () => reject(new Error('The letter reader did not load.')), { once: true });
    frame.src = url;
    (document.body ?? document.documentElement).append(frame);
  });
}

async function closeReaderPage(): Promise<void> {
  if (reading > 0) return;
  if (chromeApi?.offscreen?.closeDocument) await chromeApi.offscreen.closeDocument().catch(() => {});
  else if (typeof document !== 'undefined') document.querySelector('iframe[data-letter-reader]')?.remove();
}

/** Asks the page, a few times while it starts listening (a page just created may not have yet). */
async function ask(request: ReadLettersRequest): Promise<ReadLettersAnswer> {
  for (let attempt = 0; ; attempt++) {
    try {
      const answer = (await browser.runtime.sendMessage(request)) as ReadLettersAnswer | undefined;
      if (answer) return answer;
      throw new Error('The letter reader did not answer.');
    } catch (err) {
      if (attempt >= 4) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    }
  }
}

/** The letter reader page, opened when first needed and closed once idle. */
export const pageLetterReader: LetterReader = {
  async read(jobs: readonly LetterJob[]): Promise<LetterReading[]> {
    clearTimeout(closeTimer);
    reading++;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await (opening ??= openReaderPage().finally(() => (opening = undefined)));
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('The letter reader took too long.')), READ_TIMEOUT_MS)));
      const answer = await Promise.race([ask({ type: READ_LETTERS, jobs: [...jobs] }), timeout]);
      if ('problem' in answer) throw new Error(answer.problem);
      return answer.readings;
    } finally {
      clearTimeout(timer);
      reading--;
      closeTimer = setTimeout(() => void closeReaderPage(), IDLE_CLOSE_MS);
    }
  },
};
