/**
 * A built-in reader, declared once: its file (utils/page/readers/built-in/<id>.ts) is the reader and its
 * own script. wxt.config.ts makes each file an unlisted script (`reader-<id>.js`), registered by the
 * background to run before the content script only on the EPR origins the trust assigned the reader to
 * (utils/background/content-scripts.ts); as it runs it leaves the reader for the content script
 * (utils/page/reader-registry.ts). The id is the file's name: a test holds the ids a trust may assign
 * (utils/shared/reader-ids.ts) to the files.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import type { BuiltInReaderId } from '@/utils/shared/reader-ids';
import { registerReader } from '@/utils/page/reader-registry';
import type { EprReader } from './reader';

/** A built-in reader's script, carrying the reader itself (`.reader`) for tests and tools. */
export type BuiltInReaderScript = ReturnType<typeof defineUnlistedScript> & { reader: EprReader & { id: BuiltInReaderId } };

/**
 * Declares a built-in reader: the default export of its file.
 *
 * @param reader - the reader; its `id` is its file's name
 */
export function defineReader(reader: EprReader & { id: BuiltInReaderId }): BuiltInReaderScript {
  return Object.assign(defineUnlistedScript(() => registerReader(reader)), { reader });
}
