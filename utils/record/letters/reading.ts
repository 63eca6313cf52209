/** Building a LetterReading: the empty reading every reader starts from and the one a failure returns. */
import type { LetterKind, LetterReading } from './types';

/**
 * Why a whole letter cannot be read: its message completes "This letter …" (e.g. "is not well-formed
 * XML"). Thrown by the parsers, turned into a not-read reading by readLetter.
 */
export class UnreadableLetterError extends Error {}

/** Said of a FHIR letter whose patient has no NHS number in it: the caller cannot match it to the patient. */
export const NO_NHS_NUMBER = "The letter does not give its patient's NHS number: check it is about this patient before acting on it.";

/**
 * A reading of nothing yet: both parts read, nothing found.
 *
 * @param kind - the kind of letter being read
 */
export function emptyReading(kind: LetterKind): LetterReading {
  return {
    kind,
    replaces: [],
    sections: [],
    actions: [],
    otherRequests: [],
    medicineChanges: [],
    read: 'read',
    medicinesRead: 'read',
    problems: [],
  };
}

/**
 * A letter nothing could be read from: the caller shows the problem and the way to the letter itself.
 * @param kind - which reader was asked
 * @param problem - what went wrong, in words for the clinician
 */
export function unreadLetter(kind: LetterKind, problem: string): LetterReading {
  return { ...emptyReading(kind), read: 'not-read', medicinesRead: 'not-read', problems: [problem] };
}

/**
 * Numbers a list's items in order (their `index`).
 * @param items - the items without positions
 */
export function numbered<T>(items: readonly T[]): (T & { index: number })[] {
  return items.map((item, index) => ({ ...item, index }));
}

/**
 * Appends items to a list. Not `push(...items)`: spreading a list as arguments overflows the stack
 * past some hundred thousand items, which a crafted letter under the size cap can hold.
 * @param target - the list appended to
 * @param items - the items to append
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
