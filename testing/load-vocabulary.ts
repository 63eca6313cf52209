/**
 * Unit-test setup (vitest.config.ts setupFiles): loads the code lists from disk before each test file,
 * as the background does from its package before it first normalises a record. The loader's own tests
 * (load.test.ts) start from an unloaded module.
 */
import { loadVocabulary } from '../utils/vocabulary/load';
import { readVocabularyFromDisk } from './vocabulary-from-disk';

await loadVocabulary(readVocabularyFromDisk);
