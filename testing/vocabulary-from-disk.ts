/**
 * Reads the vocabulary files from public/vocabulary/ on disk, for Node (unit tests, benchmarks), run from
 * the project root as the npm scripts are: the extension reads the same files from its package. Never bundled.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ReadVocabularyFile } from '../utils/vocabulary/load';

export const readVocabularyFromDisk: ReadVocabularyFile = async (file) =>
  JSON.parse(await readFile(resolve(process.cwd(), 'public', 'vocabulary', `${file}.json`), 'utf8'));
