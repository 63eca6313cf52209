import { describe, expect, it } from 'vitest';
import type { LetterReading } from '@/utils/record/letters/types';
import type { StoredLetter } from '@/utils/record/types';
import { letterHighlights, withMedicineChanges } from './letter-rules';
import type { RankedLine, RankResult } from './rank';

const now = new Date('2026-12-07T12:00:00Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10);

function letter(id: string, days: number, actions: string[], extra: Partial<StoredLetter> = {}, reading: Partial<LetterReading> = {}): StoredLetter {
  return {
    id: `DocumentReference/${id}`,
    version: '1',
    documentType: 'Discharge summary',
    authorOrganisation: 'Northshire General',
    date: daysAgo(days),
    identifiers: [],
    replaces: [],
    medicineChanges: [],
    reading: {
      kind: 'fhir-document', replaces: [], sections: [], otherRequests: [], medicineChanges: [], read: 'read', medicinesRead: 'read', problems: [],
      actions: actions.map((text, index) => ({ text, status: 'Requested', sectionKey: 'plan-and-requested-actions', sectionTitle: 'Plan', heading: 'Actions for healthcare professionals', index })),
      ...reading,
    },
    ...extra,
  };
}

describe('letterHighlights', () => {
  it('lists actions newest letter first, each with the letter’s type, organisation and date; "N more from M letters" past three', () => {
    const view = letterHighlights([letter('old', 20, ['A1', 'A2']), letter('new', 2, ['B1']), letter('mid', 10, ['C1', 'C2'])], { now, tasks: [] });
    expect(view.actions.map((a) => a.text)).toEqual(['B1', 'C1', 'C2', 'A1', 'A2']);
    expect(view.actions[0]!.detail).toMatch(/^Discharge summary · Northshire General · \d{2}-[A-Z][a-z]{2}-2026$/);
    expect(view.moreFromLetters).toBe(1);
  });

  it('counts nothing of a replaced letter, and leaves letters older than the window as history', () => {
    const view = letterHighlights([letter('v1', 3, ['Stop aspirin.'], { replacedBy: 'DocumentReference/v2' }), letter('v2', 2, ['Continue aspirin.']), letter('ancient', 120, ['Old request.'])], { now, tasks: [] });
    expect(view.actions.map((a) => a.text)).toEqual(['Continue aspirin.']);
    expect(letterHighlights([letter('ancient', 120, ['Old request.'])], { now, tasks: [], windowDays: 365 }).actions.map((a) => a.text)).toEqual(['Old request.']);
  });

  it('shows an action already a task (same letter, same words, on the record or waiting) as that task, not again', () => {
    const tasks = [{ focus: { reference: 'DocumentReference/a' }, description: '  Check   potassium. ' }, { focus: { reference: 'DocumentReference/other' }, description: 'Review.' }];
    const view = letterHighlights([letter('a', 1, ['Check potassium.', 'Review.'])], { now, tasks });
    expect(view.actions.map((a) => a.text)).toEqual(['Review.']);
    expect(view.asTasks).toBe(1);
  });

  it('says what is new since the clinician last looked, and which letters could not be read', () => {
    const seen = now.getTime() - 3 * 86_400_000;
    const view = letterHighlights(
      [
        letter('new', 1, ['One.', 'Two.'], { updated: new Date(now.getTime() - 86_400_000).toISOString() }),
        letter('seen', 5, ['Three.'], { updated: daysAgo(5) }),
        letter('pdf', 2, [], { documentType: 'Outpatient letter', reading: undefined, problem: 'This PDF has no text to read here (it may be a scanned image): open it.' }),
      ],
      { now, tasks: [], lastViewedAt: seen },
    );
    expect(view.newSince.map((n) => n.text)).toEqual(['discharge summary from Northshire General, 2 actions']);
    expect(view.actions.filter((a) => a.isNew).map((a) => a.text)).toEqual(['One.', 'Two.']);
    expect(view.notRead).toEqual([{ letterId: 'DocumentReference/pdf', text: expect.stringMatching(/^Outpatient letter · Northshire General · .*: This PDF has no text to read here/) }]);
  });

  it('words the last 30 days’ medicine changes of letters that count, and places them after the medicines', () => {
    const changes = (id: string, days: number, extra: Partial<StoredLetter> = {}) =>
      letter(id, days, [], { ...extra, medicineChanges: [{ medicine: 'Ramipril 2.5mg capsules', change: 'added', date: daysAgo(days), organisation: 'Northshire General', document: `DocumentReference/${id}` }] });
    const view = letterHighlights([changes('recent', 3), changes('older', 45), changes('replaced', 2, { replacedBy: 'DocumentReference/recent' })], { now, tasks: [] });
    expect(view.medicineLines.map((l) => l.text)).toEqual([expect.stringMatching(/^Started Ramipril 2\.5mg capsules at discharge, Northshire General, \d{2}-[A-Z][a-z]{2}-2026\.$/)]);
    const line = (id: string, ruleId: string, mustSee = false) => ({ id, ruleId, mustSee }) as RankedLine;
    const ranked: RankResult = { firstScreen: [line('a', 'alerts', true), line('m1', 'current-medicines'), line('m2', 'current-medicines'), line('p', 'active-problems')], all: [], mustSeeNotShown: 0, results: [], windows: [] };
    expect(withMedicineChanges(ranked, view.medicineLines).firstScreen.map((l) => l.id)).toEqual(['a', 'm1', 'm2', view.medicineLines[0]!.id, 'p']);
    const noMedicines: RankResult = { firstScreen: [line('a', 'alerts', true), line('p', 'active-problems')], all: [], mustSeeNotShown: 0, results: [], windows: [] };
    expect(withMedicineChanges(noMedicines, view.medicineLines).firstScreen.map((l) => l.id)).toEqual(['a', view.medicineLines[0]!.id, 'p']);
  });
});
