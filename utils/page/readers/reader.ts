/**
 * What a reader is: one per EPR (utils/page/readers/), and one made of each trust's declared rule. Page
 * code only: the content script runs readers; nothing else does.
 */
import type { Detection, ReaderOptions } from '@/utils/shared/detection';

/**
 * One EPR reader: recognises an EPR's pages and reads the patient in view from them.
 * Readers only read the page; they never change it.
 */
export interface EprReader {
  /** Unique, and the same as the reader's file name. */
  id: string;
  /** The EPR's name as a clinician would say it. */
  label: string;
  /** Whether this reader understands the page at `url`. */
  matches(url: URL): boolean;
  /** A general reader, consulted only when no specific reader found a patient on the page. */
  fallback?: boolean;
  /** A trust's declared rule (data from outside): its running time is watched, and a slow one is switched off. */
  declared?: boolean;
  /**
   * CSS selector of the elements whose changes can change what this reader reads; omitted means any
   * change can. Lets the page watcher skip mutations elsewhere (address changes are always checked).
   */
  watchSelector?: string;
  /**
   * CSS selector of the same-origin iframe the patient page lives in, when it is not the top page:
   * the watcher then also watches that frame's document and its loads.
   */
  frameSelector?: string;
  /**
   * Reads the page. Must be fast (it runs at most once an animation frame) and must not write to the DOM.
   *
   * @param options - what the trust says of this EPR (see `ReaderOptions`)
   */
  detect(doc: Document, url: URL, options?: ReaderOptions): Detection;
}
