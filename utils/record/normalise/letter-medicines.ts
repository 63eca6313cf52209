/**
 * Medicine changes from letters, applied to the record's medicines (issue 22): a medicine a letter says
 * was stopped or put on hold, on or after every date the record's sources give for it, is not shown as
 * current from those older sources. It stays on the record, marked with what the letter says and where
 * from ("stopped at discharge: Discharge summary, Northshire General, 04-Dec-2026"), never silently
 * removed: the clinician sees both, and the letter is one click away.
 */
import type { MedicineItem } from '@/utils/fhir/normalised-record';
import { date } from '@/utils/fhir/dates';
import type { LetterMedicineChange, StoredLetter } from '@/utils/record/types';

const WORDS = { stopped: 'stopped', 'on-hold': 'put on hold' } as const;

/** "ramipril 2.5mg capsules" → its words, lower case, spaces single. */
const nameKey = (name: string) => name.toLowerCase().replace(/\s+/g, ' ').trim();
/** The first word of a medicine's name, as the substance ("ramipril"); too short a word says nothing. */
const substance = (name: string) => {
  const first = /^[a-z][a-z-]{3,}/.exec(nameKey(name))?.[0];
  return first;
};

/**
 * The record's medicines with what the letters that count (not replaced) stopped or put on hold since.
 * A change matches a medicine by the same name, or by the same substance where no letter also starts or
 * changes that substance (a dose change written as "stopped 2.5 mg, started 5 mg" leaves it current).
 * @param medicines - the normalised record's medicines
 * @param letters - the letters kept with the record
 * @returns the medicines, those stopped or on hold since marked `unknown` with the letter's words
 */
export function withLetterMedicineChanges(medicines: MedicineItem[], letters: readonly StoredLetter[] | undefined): MedicineItem[] {
  const counted = (letters ?? []).filter((l) => !l.replacedBy);
  const changes: LetterMedicineChange[] = counted.flatMap((l) => l.medicineChanges.map((c) => ({ ...c, documentType: c.documentType ?? l.documentType, date: c.date ?? l.date })));
  const halts = changes.filter((c): c is LetterMedicineChange & { change: keyof typeof WORDS } => c.change === 'stopped' || c.change === 'on-hold');
  if (halts.length === 0) return medicines;
  const continued = new Set(changes.filter((c) => c.change === 'added' || c.change === 'amended').map((c) => substance(c.medicine)));
  return medicines.map((m) => {
    if (m.currency !== 'current' && m.currency !== 'unconfirmed') return m;
    const halt = halts
      .filter((c) => nameKey(c.medicine) === nameKey(m.name) || (substance(c.medicine) !== undefined && substance(c.medicine) === substance(m.name) && !continued.has(substance(m.name))))
      // Only a change on or after what every source says: a later prescription speaks for itself.
      .filter((c) => !!c.date && m.origins.every((o) => !o.date || o.date.slice(0, 10) <= c.date!.slice(0, 10)))
      .sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0];
    if (!halt) return m;
    const from = [halt.documentType ?? 'a letter', halt.organisation, date(halt.date)].filter(Boolean).join(', ');
    return { ...m, currency: 'unknown', statusText: `${WORDS[halt.change]} since: ${from}` };
  });
}
