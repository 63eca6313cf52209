/**
 * Tasks made from the actions letters ask of professionals: what such a task says, and which task (or
 * waiting write) an action already is. An action and its task are matched by the letter (`focus`) and
 * the action's words (`description`, whitespace aside), so an action shows once: as the task.
 */
import type { StoredLetter } from '@/utils/record/types';
import { date } from '@/utils/fhir/dates';
import type { NewTask, OwnerReference } from './task-actions';

const OWNER = /^(Practitioner|PractitionerRole|Organization|CareTeam|HealthcareService)\/[A-Za-z0-9\-.]{1,64}$/;
const squash = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

/**
 * The task for action `index` of a letter, for `owner`; or why there is none.
 * @param letter - the letter, as kept with the record
 * @param index - the action's position in the letter's actions
 * @param owner - who the task is for (the clinician's team, or an organisation chosen)
 */
export function letterActionTask(letter: StoredLetter, index: number, owner: OwnerReference): NewTask | { problem: string } | undefined {
  const action = letter.reading?.actions[index];
  if (!action) return undefined;
  if (letter.replacedBy) return { problem: 'That letter has been replaced by a later one; no task was made.' };
  if (!owner.reference || !OWNER.test(owner.reference)) return { problem: 'Choose who the task is for.' };
  const about = [letter.documentType ?? 'Letter', letter.authorOrganisation, letter.date && date(letter.date)].filter(Boolean).join(', ');
  return {
    description: action.text,
    owner,
    priority: 'routine',
    focus: { reference: letter.id, display: about },
    ...(letter.authorOrganisation || letter.authorReference
      ? { requester: { ...(letter.authorReference ? { reference: letter.authorReference } : {}), display: letter.authorOrganisation ?? letter.authorReference } }
      : {}),
  };
}

/**
 * Whether a task (or a new task waiting to be sent) is the one made from a letter's action: the same
 * letter in `focus`, the same words in `description`.
 * @param task - a Task, or a new task's spec
 * @param letterId - `DocumentReference/…` or `Composition/…`
 * @param text - the action's words
 */
export function isSameLetterTask(task: { focus?: { reference?: string }; description?: string }, letterId: string, text: string): boolean {
  return !!letterId && task.focus?.reference === letterId && squash(task.description) === squash(text);
}
