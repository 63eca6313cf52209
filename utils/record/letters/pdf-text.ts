/**
 * Reading a PDF letter: its text layer, line by line, with PDF.js (https://mozilla.github.io/pdf.js/),
 * then read as any text letter (readLetter's `pdf-text`). PDF.js is passed in rather than imported, so
 * the reader page loads its browser build only when a PDF letter comes, and Node (tests, the bench)
 * uses the legacy build. Nothing in the PDF runs: PDF.js runs no document script unless a viewer turns
 * scripting on (never here), and `isEvalSupported: false` keeps fonts from being compiled to code.
 */
import { readLetter } from './read-letter';
import { unreadLetter } from './reading';
import type { LetterReading } from './types';

/** The part of PDF.js read here (its `getDocument`), typed structurally so either build fits. */
export interface PdfJsLike {
  getDocument(source: { data: Uint8Array; isEvalSupported: boolean; disableFontFace: boolean; stopAtErrors: boolean; verbosity: number }): {
    promise: Promise<{ numPages: number; getPage(n: number): Promise<{ getTextContent(): Promise<{ items: readonly unknown[] }> }> }>;
    destroy(): Promise<void>;
  };
}

/** A PDF longer than this is not read here: its requests may be on any page, so none is claimed. */
export const MAX_PDF_PAGES = 50;

export const NO_TEXT_LAYER = 'This PDF has no text to read here (it may be a scanned image): open it.';
export const TOO_MANY_PAGES = `This PDF is longer than ${MAX_PDF_PAGES} pages, too long to read here: open it.`;
export const PDF_NOT_READABLE = 'This PDF could not be read here: open it.';

interface TextItem {
  str: string;
  transform: number[];
  width?: number;
  height?: number;
  hasEOL?: boolean;
}

const isTextItem = (item: unknown): item is TextItem =>
  typeof item === 'object' && item !== null && typeof (item as TextItem).str === 'string' && Array.isArray((item as TextItem).transform);

/**
 * The text lines of a PDF, page by page: items on one baseline are one line; a gap of more than about
 * two lines' height between lines becomes an empty line (a paragraph break, as in a text letter).
 * @param pdfjs - PDF.js (the browser or the legacy build)
 * @param data - the PDF's bytes (PDF.js may take them over: pass a copy you no longer need)
 * @returns the lines, or `too-long` past {@link MAX_PDF_PAGES} pages
 */
export async function pdfTextLines(pdfjs: PdfJsLike, data: Uint8Array): Promise<string[] | 'too-long'> {
  const task = pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, stopAtErrors: false, verbosity: 0 });
  try {
    const pdf = await task.promise;
    if (pdf.numPages > MAX_PDF_PAGES) return 'too-long';
    const lines: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const { items } = await (await pdf.getPage(n)).getTextContent();
      appendPageLines(lines, items.filter(isTextItem));
      lines.push('');
    }
    return lines;
  } finally {
    await task.destroy().catch(() => {});
  }
}

function appendPageLines(lines: string[], items: readonly TextItem[]): void {
  let line = '';
  let lastY: number | undefined;
  let lastEndX = 0;
  let lineHeight = 10;
  const end = () => {
    if (line.trim()) lines.push(line.trim());
    line = '';
  };
  for (const item of items) {
    const x = item.transform[4] ?? 0;
    const y = item.transform[5] ?? 0;
    const height = item.height && item.height > 0 ? item.height : lineHeight;
    if (lastY !== undefined && Math.abs(y - lastY) > height * 0.5) {
      end();
      if (Math.abs(y - lastY) > height * 2.2) lines.push('');
    }
    // Words set apart on the line without a space character between them.
    if (line && x > lastEndX + height * 0.15 && !/\s$/.test(line) && !/^\s/.test(item.str)) line += ' ';
    line += item.str;
    lastY = y;
    lastEndX = x + (item.width ?? 0);
    lineHeight = height;
    if (item.hasEOL) end();
  }
  end();
}

/**
 * Reads a PDF letter: its text layer by PDF.js, then the requests under the headings clinicians use. A
 * PDF with no text layer, or too long, is not read (0 actions claimed); never throws.
 * @param pdfjs - PDF.js (the browser or the legacy build)
 * @param data - the PDF's bytes
 */
export async function readPdfLetter(pdfjs: PdfJsLike, data: Uint8Array): Promise<LetterReading> {
  let lines: string[] | 'too-long';
  try {
    lines = await pdfTextLines(pdfjs, data);
  } catch {
    return unreadLetter('pdf-text', PDF_NOT_READABLE);
  }
  if (lines === 'too-long') return unreadLetter('pdf-text', TOO_MANY_PAGES);
  if (!lines.some((l) => /\w/.test(l))) return unreadLetter('pdf-text', NO_TEXT_LAYER);
  return readLetter({ format: 'pdf-text', lines });
}
