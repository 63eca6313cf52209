// @vitest-environment happy-dom
/**
 * The letter page: a letter's narrative drawn as text, never as markup, and only while the tab it was
 * opened from still shows that patient (the same context, found, the page's name and date of birth
 * agreeing with the record). Against the page's real storage: the tab's context in storage.session,
 * the record sealed in IndexedDB with this session's keys.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { putTabContext } from '@/utils/context/tab-contexts';
import { patientKey, type StoredLetter } from '@/utils/record/types';
import { prepareRecord } from '@/utils/record/sync';
import { getDb } from '@/utils/storage/db';
import { RecordStore } from '@/utils/storage/record-store';
import { ensureSessionSecrets } from '@/utils/storage/session-crypto';
import { LetterPage } from './LetterPage';

const base = 'https://fhir.test/R4';
const key = patientKey(base, 'pa');
/** Each payload, were it ever live, would add to `__ran` or leave an element with its marker. */
const PAYLOADS = ['<img src=x onerror="window.__ran=1" data-m="p0">', '<script data-m="p1">window.__ran=1</script>', '<svg data-m="p2" onload="window.__ran=1"></svg>', '<a data-m="p3" href="javascript:window.__ran=1">x</a>'];

const letter: StoredLetter = {
  id: 'DocumentReference/ds1', version: '1', documentType: 'Discharge summary', authorOrganisation: 'Northshire General', date: '2026-11-20', title: `Discharge ${PAYLOADS[0]}`,
  identifiers: [], replaces: [], medicineChanges: [{ medicine: PAYLOADS[1]!, change: 'added', document: 'DocumentReference/ds1' }],
  reading: {
    kind: 'fhir-document', replaces: [], medicinesRead: 'read', read: 'read', problems: [], medicineChanges: [],
    sections: [{ key: 'plan-and-requested-actions', title: `Plan ${PAYLOADS[2]}`, paragraphs: [`GP please ${PAYLOADS[3]}`, PAYLOADS.join(' ')] }] as never,
    actions: [{ text: `Check potassium ${PAYLOADS[0]}`, status: 'Requested', sectionKey: 'plan-and-requested-actions', sectionTitle: 'Plan', heading: 'Actions for healthcare professionals', index: 0 }] as never,
    otherRequests: [{ kind: 'patient-or-carer', text: `Rest ${PAYLOADS[1]}`, sectionKey: 'plan-and-requested-actions', sectionTitle: 'Plan', heading: 'Actions for patient' }] as never,
  },
};

const context = (contextId: string, over: { patientKey?: string; displayName?: string } = {}) =>
  putTabContext({
    tabId: 7, contextId, updatedAt: Date.now(),
    detection: { kind: 'patient', patient: { readerId: 't', source: 't', confidence: 'high', identifier: { system: 's', value: '1' }, displayName: over.displayName ?? 'HALE, Edward', birthDate: '1948-05-02' } } as never,
    resolution: { status: 'found', patientId: 'pa', patientKey: over.patientKey ?? key, checked: { name: true, birthDate: true } },
  });

let root: HTMLElement;
const settle = async (until: () => boolean) => {
  for (let i = 0; i < 200 && !until(); i++) await act(() => new Promise((r) => setTimeout(r, 10)));
};

beforeEach(async () => {
  fakeBrowser.reset();
  (window as unknown as { __ran?: number }).__ran = 0;
  const store = new RecordStore(getDb(), await ensureSessionSecrets());
  await store.clear();
  await store.put(
    prepareRecord(
      { patientKey: key, serverBase: base, patientId: 'pa', fetchedAt: Date.now(), incomplete: [], resources: [], letters: [letter], patient: { resourceType: 'Patient', id: 'pa', name: [{ family: 'Hale', given: ['Edward'] }], birthDate: '1948-05-02' } },
      new Date(),
    ),
  );
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const open = async (contextId: string) => {
  history.replaceState(null, '', `/letter.html?tab=7&context=${contextId}&letter=${encodeURIComponent(letter.id)}&section=plan-and-requested-actions&action=0`);
  await act(() => render(<LetterPage />, root));
};

describe('the letter page', () => {
  it('draws the letter’s narrative and what it asks as text: no payload in it is live or runs', async () => {
    await context('ctx-a');
    await open('ctx-a');
    await settle(() => !!root.querySelector('.letter'));
    expect(root.querySelector('.letter__section')?.textContent).toContain(PAYLOADS[3]);
    for (const p of PAYLOADS) expect(root.textContent).toContain(p);
    expect(root.querySelectorAll('[data-m]')).toHaveLength(0);
    expect(root.querySelectorAll('img, script, svg, iframe, a[href^="javascript"]')).toHaveLength(0);
    expect([...root.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on')))).toEqual([]);
    expect((window as unknown as { __ran?: number }).__ran).toBe(0);
  });

  it('shows nothing of the letter once the tab shows another patient, or was opened from an older context', async () => {
    await context('ctx-a');
    await open('ctx-a');
    await settle(() => !!root.querySelector('.letter'));
    expect(root.textContent).toContain('Check potassium');
    // The clinician opens someone else in the EPR: a new context for the tab.
    await context('ctx-b', { patientKey: patientKey(base, 'pb'), displayName: 'SMITH, Jane' });
    await settle(() => !root.querySelector('.letter'));
    expect(root.querySelector('.letter')).toBeNull();
    expect(root.textContent).not.toContain('Check potassium');
    expect(root.textContent).toContain('This letter is hidden');
    // Opened with a context that is not the tab's (an old link): hidden from the start.
    render(null, root);
    await open('ctx-a');
    await settle(() => !!root.textContent?.includes('hidden'));
    expect(root.textContent).not.toContain('Check potassium');
  });

  it('shows nothing when the page’s name no longer agrees with the record, even in the same context', async () => {
    await context('ctx-a', { displayName: 'SMITH, Jane' });
    await open('ctx-a');
    await settle(() => !!root.textContent?.includes('cannot be shown'));
    expect(root.querySelector('.letter')).toBeNull();
    expect(root.textContent).not.toContain('Check potassium');
  });
});
