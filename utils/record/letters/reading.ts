/** Building a LetterReading: the empty reading every reader starts from and the one a failure returns. */
import type { LetterKind, LetterReading } from './types';

/** A reading of nothing yet: both parts read, nothing found. */
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
