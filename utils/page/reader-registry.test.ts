/**
 * The readers a page holds: a reader added to a page already open (a trust assigning it) tells the
 * content script once, and a reader loaded twice is held once. (In the built extension:
 * e2e/content-script-origins.e2e.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { onReaderRegistered, registeredReaders, registerReader } from './reader-registry';
import type { EprReader } from '@/utils/page/readers/reader';

const reader = (id: string): EprReader => ({ id, label: id, matches: () => true, detect: () => ({ kind: 'none', reason: 'test' }) });

afterEach(() => {
  delete (globalThis as Record<string, unknown>).__alongsideReaders;
  delete (globalThis as Record<string, unknown>).__alongsideReaderListeners;
});

describe('the page’s readers', () => {
  it('tells the content script of a reader added after it started, and holds a reader loaded twice once', () => {
    registerReader(reader('openmrs'));
    let told = 0;
    const stop = onReaderRegistered(() => told++);
    registerReader(reader('nhs-cui-banner'));
    registerReader(reader('nhs-cui-banner'));
    expect(registeredReaders().map((r) => r.id)).toEqual(['openmrs', 'nhs-cui-banner']);
    expect(told).toBe(1);
    stop();
    registerReader(reader('openemr'));
    expect(told).toBe(1);
  });

  it('a listener that throws keeps no other from hearing', () => {
    let heard = false;
    onReaderRegistered(() => {
      throw new Error('boom');
    });
    onReaderRegistered(() => (heard = true));
    registerReader(reader('openmrs'));
    expect(heard).toBe(true);
  });
});
