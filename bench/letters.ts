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
