/**
 * The letter rules (docs/highlight-rules.md, "Letters"): from the letters kept with the record, what the
 * clinician sees first. What letters ask of professionals is must-see, newest letter first, each line
 * the letter's own words with its type, author organisation and date; a letter replaced by a later one
 * counts for nothing, and one older than the trust's window (`letterActionsWindowDays`) is history. An
 * action already a task (on the record, or waiting to be sent) is shown as that task, not again here.
 * Medicine changes from the last 30 days go with the medicines. Pure: the panel draws what this returns.
 */
import type { StoredLetter } from '@/utils/record/types';
import type { MedicineChangeKind } from '@/utils/record/letters/types';
import { date, parseDate } from '@/utils/fhir/dates';
import { isSameLetterTask } from '@/utils/tasks/letter-tasks';
import type { RankedLine, RankResult } from './rank';

/** Action lines on the first screen; the rest one click away ("N more from M letters"). */
export const LETTER_ACTIONS_SHOWN = 3;
/** Medicine changes this recent sit with the medicines. */
export const MEDICINE_CHANGE_DAYS = 30;
export const DEFAULT_LETTER_WINDOW_DAYS = 90;

const DAY = 86_400_000;

/** One action a letter asks of professionals, as the panel draws it. */
export interface LetterActionLine {
  letterId: string;
  /** Its position among the letter's actions (the task made from it names it so). */
  actionIndex: number;
  /** The letter's words, verbatim. */
  text: string;
  /** Its status line's value, where the letter gives one and it is not "Requested". */
  status?: string;
  /** "Discharge summary · Northshire General Hospital NHS Trust · 04-Dec-2025". */
  detail: string;
  /** The section it was read in, for the letter viewer to open at. */
  sectionKey: string;
  /** Arrived since the clinician last looked at this patient. */
  isNew: boolean;
}

/** A letter that could not be read, or only in part: said, with the way to it. */
export interface LetterNote {
  letterId: string;
  text: string;
}

export interface LetterHighlights {
  /** Every action that counts, newest letter first (the panel shows the first {@link LETTER_ACTIONS_SHOWN}). */
  actions: LetterActionLine[];
  /** From how many letters the actions past the first screen come. */
  moreFromLetters: number;
  /** "discharge summary from Northshire General Hospital NHS Trust, 2 actions", one per letter new since. */
  newSince: LetterNote[];
  /** Letters in the window that could not be read (or only partly): "open it". */
  notRead: LetterNote[];
  /** Actions of the letters in the window that are tasks now (shown as those tasks). */
  asTasks: number;
  /** Medicine changes of the last {@link MEDICINE_CHANGE_DAYS} days, as highlight lines. */
  medicineLines: RankedLine[];
}

/** A task, or a new task waiting to be sent, as far as matching an action to it needs. */
export interface TaskLike {
  focus?: { reference?: string };
  description?: string;
}

const VERB: Record<MedicineChangeKind, string> = { added: 'Started', amended: 'Changed', 'on-hold': 'Put on hold', stopped: 'Stopped' };

const letterTime = (l: StoredLetter) => parseDate(l.date ?? l.updated ?? '')?.getTime();
const kind = (l: StoredLetter) => l.documentType ?? 'Letter';
const detailOf = (l: StoredLetter) => [kind(l), l.authorOrganisation, date(l.date) ?? 'date not given'].filter(Boolean).join(' · ');

/**
 * What the letters put on the first screen.
 * @param letters - the letters kept with the record
 * @param opts.now - the time to judge the window by
 * @param opts.windowDays - the trust's window: older letters' actions are history
 * @param opts.lastViewedAt - when the clinician last looked at this patient (ms), for "new since"
 * @param opts.tasks - the record's Tasks and the new tasks waiting to be sent: an action matched by one is that task
 */
export function letterHighlights(
  letters: readonly StoredLetter[],
  opts: { now: Date; windowDays?: number; lastViewedAt?: number; tasks: readonly TaskLike[] },
): LetterHighlights {
  const windowStart = opts.now.getTime() - (opts.windowDays ?? DEFAULT_LETTER_WINDOW_DAYS) * DAY;
  // Undated letters are kept (their age cannot be told): a request is not hidden for want of a date.
  const counting = letters
    .filter((l) => !l.replacedBy && (letterTime(l) ?? Infinity) >= windowStart)
    .sort((a, b) => (letterTime(b) ?? Infinity) - (letterTime(a) ?? Infinity));
  const isNew = (l: StoredLetter) => opts.lastViewedAt !== undefined && (parseDate(l.updated ?? '')?.getTime() ?? 0) > opts.lastViewedAt;
  const actions: LetterActionLine[] = [];
  const newSince: LetterNote[] = [];
  const notRead: LetterNote[] = [];
  let asTasks = 0;
  for (const l of counting) {
    const read = l.reading?.actions ?? [];
    if (isNew(l)) newSince.push({ letterId: l.id, text: `${kind(l).toLowerCase()}${l.authorOrganisation ? ` from ${l.authorOrganisation}` : ''}, ${read.length} action${read.length === 1 ? '' : 's'}` });
    if (!l.reading || l.reading.read !== 'read') {
      notRead.push({ letterId: l.id, text: `${detailOf(l)}: ${l.problem ?? (l.reading?.read === 'partly-read' ? 'partly read here' : 'not read here')}${l.problem ? '' : ': open it.'}` });
    }
    for (const [actionIndex, a] of read.entries()) {
      if (opts.tasks.some((t) => isSameLetterTask(t, l.id, a.text))) {
        asTasks++;
        continue;
      }
      actions.push({
        letterId: l.id,
        actionIndex,
        text: a.text,
        ...(a.status && !/^requested$/i.test(a.status) ? { status: a.status } : {}),
        detail: detailOf(l),
        sectionKey: a.sectionKey,
        isNew: isNew(l),
      });
    }
  }
  const moreFromLetters = new Set(actions.slice(LETTER_ACTIONS_SHOWN).map((a) => a.letterId)).size;
  return { actions, moreFromLetters, newSince, notRead, asTasks, medicineLines: medicineChangeLines(counting, opts.now, isNew) };
}

/** "Started Ramipril 2.5mg capsules at discharge, Northshire General Hospital NHS Trust, 04-Dec-2025." */
function medicineChangeLines(letters: readonly StoredLetter[], now: Date, isNew: (l: StoredLetter) => boolean): RankedLine[] {
  const since = now.getTime() - MEDICINE_CHANGE_DAYS * DAY;
  return letters.flatMap((l) =>
    l.medicineChanges
      .filter((m) => (parseDate(m.date ?? '')?.getTime() ?? letterTime(l) ?? Infinity) >= since)
      .map((m, i): RankedLine => {
        const when = /discharge/i.test(kind(l)) ? ' at discharge' : '';
        const text = `${VERB[m.change]} ${m.medicine}${m.details ? ` (${m.details})` : ''}${when}${m.organisation ? `, ${m.organisation}` : ''}${m.date ? `, ${date(m.date)}` : ''}.`;
        return {
          id: `${l.id}#medicine-${i}`,
          text,
          ruleId: 'letter-medicine-changes',
          rule: 'Medicine change in a letter',
          why: 'A letter records this change; the medicines above may not show it yet.',
          source: { type: kind(l), date: date(l.date), organisation: l.authorOrganisation, sources: ['Letter'] },
          mustSee: false,
          isNew: isNew(l),
        };
      }),
  );
}

/** The rules whose lines are the patient's medicines: letter medicine changes go after the last of them. */
const MEDICINE_RULES = new Set(['current-medicines', 'high-risk-medicines']);

/**
 * The ranked highlights with the letters' medicine changes placed with the medicines: after the last
 * medicine line that is not must-see, else first among the lines that are not must-see.
 * @param result - the ranked highlights
 * @param lines - the medicine change lines ({@link letterHighlights})
 */
export function withMedicineChanges(result: RankResult, lines: readonly RankedLine[]): RankResult {
  if (!lines.length) return result;
  const place = (list: RankedLine[]) => {
    let at = list.findLastIndex((l) => MEDICINE_RULES.has(l.ruleId) && !l.mustSee);
    if (at === -1) at = list.findIndex((l) => !l.mustSee) - 1;
    if (at < -1) at = list.length - 1;
    return [...list.slice(0, at + 1), ...lines, ...list.slice(at + 1)];
  };
  return { ...result, firstScreen: place(result.firstScreen), all: place(result.all) };
}
