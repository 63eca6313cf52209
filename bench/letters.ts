/**
 * Reading transfer-of-care letters: the time to parse and read one document (readLetter, as the
 * background will call it), over every published example in ../shared/fixtures/transfer-of-care, each
 * read `runs` times after one warm-up round. Skipped (undefined, nothing reported) without ../shared.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { readLetter } from '../utils/record/letters/read-letter';

type Report = (name: string, value: number | string) => void;

const FIXTURES = path.resolve(import.meta.dirname, '../../shared/fixtures/transfer-of-care');

export interface LetterBench {
  /** Median ms to parse and read one document (`letter-extract-ms`). */
  medianMs: number;
  /** 95th percentile ms (`letter-extract-p95-ms`). */
  p95Ms: number;
  documents: number;
  runs: number;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};

/**
 * Times reading every example document.
 * @param report - prints a figure (`npm run bench` style); optional
 * @param runs - how many times each document is read (default 50)
 * @returns the figures, or undefined when ../shared is absent
 */
export async function benchLetters(report?: Report, runs = 50): Promise<LetterBench | undefined> {
  if (!existsSync(FIXTURES)) return undefined;
  const documents = readdirSync(FIXTURES)
    .filter((f) => /\.(xml|json)$/.test(f))
    .map((f) => readFileSync(path.join(FIXTURES, f), 'utf8'));
  if (documents.length === 0) return undefined;
  for (const content of documents) readLetter({ format: 'fhir', content }); // warm-up (JIT, parser set-up)
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    for (const content of documents) {
      const start = performance.now();
      readLetter({ format: 'fhir', content });
      times.push(performance.now() - start);
    }
    // Let the event loop breathe between rounds on a shared machine.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const result = { medianMs: Number(quantile(times, 0.5).toFixed(2)), p95Ms: Number(quantile(times, 0.95).toFixed(2)), documents: documents.length, runs };
  report?.('letter-extract-ms', result.medianMs);
  report?.('letter-extract-p95-ms', result.p95Ms);
  return result;
}

export interface PdfBench {
  /** Median ms to read a 5-page PDF letter's text layer and its requests (`pdf-extract-ms`). */
  medianMs: number;
  /** 95th percentile ms (`pdf-extract-p95-ms`). */
  p95Ms: number;
  pages: number;
  runs: number;
}

/** A clinic letter of `pages` A4 pages with a text layer, written with pdf-lib (as the sandbox's PDF letter is). */
async function fivePageLetter(pages: number): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts } = await import('pdf-lib');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([595, 842]);
    const lines = [
      `Cardiology outpatient letter, page ${p} of ${pages}`,
      ...Array.from({ length: 36 }, (_, i) => `History and findings, paragraph ${i + 1}: chest pain on exertion, settled with rest; ECG sinus rhythm.`),
      ...(p === pages ? ['', 'Actions for GP', '1. Increase bisoprolol to 5 mg once daily.', '2. Check renal function in two weeks.', '', 'Plan', '- Review in clinic in three months.'] : []),
    ];
    let y = 800;
    for (const line of lines) {
      if (line) page.drawText(line, { x: 40, y, size: 9, font });
      y -= line ? 12 : 18;
    }
  }
  return doc.save();
}

/**
 * Times reading a 5-page PDF letter (text layer with PDF.js's Node build, then its requests), as the
 * letter reader page does. Needs no shared fixtures.
 * @param report - prints a figure (`npm run bench` style); optional
 * @param runs - how many times the letter is read (default 20)
 */
export async function benchPdfLetters(report?: Report, runs = 20): Promise<PdfBench> {
  const { nodePdfJs } = await import('../testing/record/letter-reader');
  const { readPdfLetter } = await import('../utils/record/letters/pdf-text');
  const pages = 5;
  const bytes = await fivePageLetter(pages);
  const pdfjs = await nodePdfJs();
  const warm = await readPdfLetter(pdfjs, bytes.slice());
  if (warm.actions.length !== 3) throw new Error(`The bench's PDF letter read ${warm.actions.length} actions, not 3.`);
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const copy = bytes.slice(); // PDF.js may take the bytes over
    const start = performance.now();
    await readPdfLetter(pdfjs, copy);
    times.push(performance.now() - start);
  }
  const result = { medianMs: Number(quantile(times, 0.5).toFixed(1)), p95Ms: Number(quantile(times, 0.95).toFixed(1)), pages, runs };
  report?.('pdf-extract-ms', result.medianMs);
  report?.('pdf-extract-p95-ms', result.p95Ms);
  return result;
}
