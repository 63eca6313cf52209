/**
 * Unit tests only: every built-in reader (utils/page/readers/built-in/), as the content script would have
 * them were all assigned to one site.
 */
import type { BuiltInReaderScript } from '../utils/page/readers/define-reader';
import type { EprReader } from '../utils/page/readers/reader';

const files = import.meta.glob<BuiltInReaderScript>('../utils/page/readers/built-in/*.ts', { eager: true, import: 'default' });

/** The built-in readers, by the order of their files. */
export const builtInReaders: readonly EprReader[] = Object.values(files).map((script) => script.reader);

/** Each built-in reader's file name (its id). */
export const builtInReaderFiles: readonly string[] = Object.keys(files).map((f) => f.replace(/^.*\/([^/]+)\.ts$/, '$1'));
