import { describe, expect, it } from 'vitest';
import type { MedicineItem } from '@/utils/fhir/normalised-record';
import type { StoredLetter } from '@/utils/record/types';
import { withLetterMedicineChanges } from './letter-medicines';

const medicine = (name: string, dates: string[], currency: MedicineItem['currency'] = 'current'): MedicineItem =>
  ({ id: `MedicationStatement/${name}`, name, currency, origin: { id: 'x', source: 'GP record', date: dates[0] }, origins: dates.map((d, i) => ({ id: `m${i}`, source: 'GP record', date: d })) }) as MedicineItem;
const letter = (changes: StoredLetter['medicineChanges'], extra: Partial<StoredLetter> = {}): StoredLetter => ({
  id: 'DocumentReference/ds', version: '1', documentType: 'Discharge summary', authorOrganisation: 'Northshire General', date: '2026-12-04', identifiers: [], replaces: [], medicineChanges: changes, ...extra,
});
const stopped = (medicine: string, date = '2026-12-04') => ({ medicine, change: 'stopped' as const, date, organisation: 'Northshire General', document: 'DocumentReference/ds' });

describe('medicine changes from letters, on the record’s medicines', () => {
  it('a medicine stopped at discharge is not current from an older source: it says so, and where from', () => {
    const [ibuprofen, metformin] = withLetterMedicineChanges([medicine('Ibuprofen 400mg tablets', ['2026-06-01']), medicine('Metformin 500mg tablets', ['2026-06-01'])], [letter([stopped('Ibuprofen 400mg tablets')])]);
    expect(ibuprofen).toMatchObject({ currency: 'unknown', statusText: 'stopped since: Discharge summary, Northshire General, 04-Dec-2026' });
    expect(metformin!.currency).toBe('current');
  });

  it('matches by substance too, but not where a letter starts or changes the same substance (a dose change)', () => {
    expect(withLetterMedicineChanges([medicine('Ibuprofen 200mg', ['2026-06-01'])], [letter([stopped('IBUPROFEN 400mg tablets')])])[0]!.currency).toBe('unknown');
    const doseChange = letter([stopped('Ramipril 2.5mg capsules'), { medicine: 'Ramipril 5mg capsules', change: 'added', document: 'DocumentReference/ds' }]);
    expect(withLetterMedicineChanges([medicine('Ramipril 5mg capsules', ['2026-06-01'])], [doseChange])[0]!.currency).toBe('current');
  });

  it('leaves current a medicine prescribed after the letter, and counts nothing of a replaced letter', () => {
    expect(withLetterMedicineChanges([medicine('Ibuprofen 400mg tablets', ['2026-06-01', '2026-12-06'])], [letter([stopped('Ibuprofen 400mg tablets')])])[0]!.currency).toBe('current');
    expect(withLetterMedicineChanges([medicine('Ibuprofen 400mg tablets', ['2026-06-01'])], [letter([stopped('Ibuprofen 400mg tablets')], { replacedBy: 'DocumentReference/ds2' })])[0]!.currency).toBe('current');
  });
});
