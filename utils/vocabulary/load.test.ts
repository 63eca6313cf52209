/**
 * Loading the code lists: once, all or nothing, and every function that needs them fails closed until
 * then. Each test starts from fresh modules, not the copy the test setup loaded.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readVocabularyFromDisk } from '../../testing/vocabulary-from-disk';
import type { ReadVocabularyFile, VocabularyFile } from './load';
import { DMD } from './code-systems';
// Loaded with the file as well, so each test's fresh copy re-runs them from Vitest's transform cache: the
// first transform is not the test's time (under a busy CPU it outran the test's timeout).
import './load';
import './medicine-classes';
import './significant-conditions';
import './allergy-classes';
import './safeguarding';
import './observation-meaning';
import './organisations';
import './semantic-tags';
import './routine-reviews';

const fresh = async () => {
  vi.resetModules();
  const load = await import('./load');
  const { classifyMedicine } = await import('./medicine-classes');
  const { significantCondition } = await import('./significant-conditions');
  const allergy = await import('./allergy-classes');
  const { safeguardingMeaning } = await import('./safeguarding');
  const { observationMeaning } = await import('./observation-meaning');
  const { odsName, odsTrustOfSite } = await import('./organisations');
  const { withoutSemanticTag } = await import('./semantic-tags');
  const { isRoutineReview } = await import('./routine-reviews');
  return { ...load, ...allergy, classifyMedicine, significantCondition, safeguardingMeaning, observationMeaning, odsName, odsTrustOfSite, withoutSemanticTag, isRoutineReview };
};

const warfarin = { coding: [{ system: DMD, code: '18509011000001102', display: 'Warfarin 1mg tablets' }] };
const epilepsy = { coding: [{ system: 'http://snomed.info/sct', code: '84757009', display: 'Epilepsy' }] };

/** The files on disk, with one changed. */
const readWith = (file: VocabularyFile, change: (data: { lists: Record<string, unknown> }) => unknown): ReadVocabularyFile => async (f) => {
  const data = (await readVocabularyFromDisk(f)) as { lists: Record<string, unknown> };
  return f === file ? change(data) : data;
};

beforeEach(() => fakeBrowser.reset());
afterEach(() => vi.unstubAllGlobals());

describe('before loading', () => {
  it('the functions that read a list throw rather than answer "no match"', async () => {
    const v = await fresh();
    expect(v.isVocabularyLoaded()).toBe(false);
    expect(() => v.classifyMedicine(warfarin)).toThrow(v.VocabularyNotLoadedError);
    expect(() => v.significantCondition(epilepsy)).toThrow(v.VocabularyNotLoadedError);
    expect(() => v.codeSet('DOAC_DMD')).toThrow(/await loadVocabulary\(\)/);
  });
  it('so do the allergy, safeguarding, observation, organisation, semantic tag and review functions, even with nothing to look up', async () => {
    const v = await fresh();
    const calls = [
      () => v.allergyClasses(undefined), () => v.medicineMembership(undefined), () => v.contradiction(undefined, undefined), () => v.isGenericAllergyCode(undefined),
      () => v.safeguardingMeaning(undefined), () => v.observationMeaning({}), () => v.odsName('RR8'), () => v.odsTrustOfSite('RXN99'), () => v.withoutSemanticTag('Asthma (disorder)'),
      () => v.isRoutineReview(undefined),
    ];
    for (const call of calls) expect(call).toThrow(v.VocabularyNotLoadedError);
  });
});

describe('loadVocabulary', () => {
  it('loads every file once, however often and however concurrently it is called', async () => {
    const v = await fresh();
    const read = vi.fn(readVocabularyFromDisk);
    await Promise.all([v.loadVocabulary(read), v.loadVocabulary(read)]);
    await v.loadVocabulary(read);
    expect(read).toHaveBeenCalledTimes(Object.keys(v.VOCABULARY_FILES).length);
    expect(v.classifyMedicine(warfarin)).toMatchObject({ classId: 'anticoagulant', by: 'code' });
    expect(v.significantCondition(epilepsy)).toMatchObject({ id: 'epilepsy', by: 'code' });
  });

  it('in the extension, fetches each file from the package', async () => {
    const v = await fresh();
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      const file = url.match(/\/vocabulary\/([\w-]+)\.json$/)?.[1] as VocabularyFile;
      return new Response(JSON.stringify(await readVocabularyFromDisk(file)));
    });
    await v.loadVocabulary();
    expect(asked.sort()).toEqual(Object.keys(v.VOCABULARY_FILES).map((f) => fakeBrowser.runtime.getURL(`/vocabulary/${f}.json`)).sort());
    expect(v.classifyMedicine(warfarin)?.classId).toBe('anticoagulant');
  });

  it('a file that cannot be read loads nothing, names the file, and a later call tries again', async () => {
    const v = await fresh();
    vi.stubGlobal('fetch', async () => new Response('', { status: 404 }));
    await expect(v.loadVocabulary()).rejects.toThrow(/could not be loaded \(vocabulary\/[\w-]+\.json\): it could not be read \(HTTP 404\)\. Nothing was loaded\./);
    expect(v.isVocabularyLoaded()).toBe(false);
    expect(() => v.classifyMedicine(warfarin)).toThrow(v.VocabularyNotLoadedError);
    await v.loadVocabulary(readVocabularyFromDisk);
    expect(v.classifyMedicine(warfarin)?.classId).toBe('anticoagulant');
  });

  it('a file missing a list loads nothing, not the other files', async () => {
    const v = await fresh();
    const read = readWith('conditions', (d) => ({ ...d, lists: { ...d.lists, EPILEPSY_SNOMED: undefined } }));
    await expect(v.loadVocabulary(read)).rejects.toThrow(new v.VocabularyLoadError('conditions', 'list EPILEPSY_SNOMED is missing'));
    expect(() => v.classifyMedicine(warfarin)).toThrow(v.VocabularyNotLoadedError);
  });

  it('a list holding something that is not a SNOMED CT identifier loads nothing', async () => {
    const v = await fresh();
    const read = readWith('anticoagulants', (d) => ({ ...d, lists: { ...d.lists, DOAC_DMD: { source: 'doac', about: 'x', codes: ['1.2850449E16'] } } }));
    await expect(v.loadVocabulary(read)).rejects.toThrow(/list DOAC_DMD has a code that is not a SNOMED CT identifier/);
    expect(v.isVocabularyLoaded()).toBe(false);
  });

  it('an empty list, or a file that is not a vocabulary file, loads nothing', async () => {
    const empty = await fresh();
    await expect(empty.loadVocabulary(readWith('insulins', (d) => ({ ...d, lists: { INSULIN_DMD: { source: 'insulin', about: 'x', codes: [] } } })))).rejects.toThrow(/INSULIN_DMD is empty/);
    const wrong = await fresh();
    await expect(wrong.loadVocabulary(readWith('insulins', () => ['not', 'a', 'file']))).rejects.toThrow(/insulins\.json\): it holds no lists/);
  });
});
