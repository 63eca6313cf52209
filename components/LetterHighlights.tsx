/**
 * The highlights of a patient who has letters: the ranked highlights with the letters' medicine changes
 * placed with the medicines, and, straight after the must-see lines, what the letters ask of you (must
 * see, newest first, three lines and then "N more from M letters"), what is new since you last looked,
 * and the letters that could not be read. Each action is the letter's own words, drawn as text, with the
 * letter's type, author organisation and date, a link that opens the letter at its section (the letter
 * page, entrypoints/letter), and "Make it a task". Loaded only for a patient with letters (the side
 * panel has a size budget).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Resource } from '@medplum/fhirtypes';
import type { StoredLetter } from '@/utils/record/types';
import type { RankResult } from '@/utils/highlights/rank';
import { LETTER_ACTIONS_SHOWN, letterHighlights, withMedicineChanges, type LetterActionLine } from '@/utils/highlights/letter-rules';
import type { OwnerReference, TaskWriteAnswer } from '@/utils/tasks/task-actions';
import type { TaskWrite } from '@/utils/tasks/task-outbox';
import { sendMessage } from '@/utils/messaging/protocol';
import { announce } from './LiveAnnouncer';
import { OwnerSelect } from './OwnerSelect';
import { RankedHighlights } from './RankedHighlights';

export interface LetterHighlightsProps {
  result: RankResult;
  children?: ComponentChildren;
  letters: StoredLetter[];
  /** The record's resources (its Tasks) and the outbox's writes: an action already a task shows as that task. */
  resources: readonly Resource[];
  writes: readonly TaskWrite[];
  /** Who a task can be for; the clinician's own teams first among them, the first chosen by default. */
  owners: OwnerReference[];
  teams: OwnerReference[];
  now: Date;
  lastViewedAt?: number;
  windowDays?: number;
  /** The context the record was drawn for: the letter page and the task write name it. */
  contextId: string;
  tabId: number;
  /** Off when the trust turns off new tasks. */
  canMakeTasks: boolean;
}

export function LetterHighlights(props: LetterHighlightsProps) {
  const tasks = [
    ...props.resources.filter((r) => r.resourceType === 'Task'),
    ...props.writes.flatMap((w) => (w.change.kind === 'create' ? [w.change.task] : [])),
  ];
  const view = letterHighlights(props.letters, { now: props.now, windowDays: props.windowDays, lastViewedAt: props.lastViewedAt, tasks });
  return (
    <RankedHighlights result={withMedicineChanges(props.result, view.medicineLines)}>
      <LetterActions {...props} view={view} />
      {props.children}
    </RankedHighlights>
  );
}

function letterPage(props: LetterHighlightsProps, letterId: string, sectionKey?: string, actionIndex?: number): string {
  const q = new URLSearchParams({ tab: String(props.tabId), context: props.contextId, letter: letterId });
  if (sectionKey) q.set('section', sectionKey);
  if (actionIndex !== undefined) q.set('action', String(actionIndex));
  return `/letter.html?${q}`;
}

function LetterActions(props: LetterHighlightsProps & { view: ReturnType<typeof letterHighlights> }) {
  const { view } = props;
  const [all, setAll] = useState(false);
  if (!view.actions.length && !view.newSince.length && !view.notRead.length && !view.asTasks) return null;
  const shown = all ? view.actions : view.actions.slice(0, LETTER_ACTIONS_SHOWN);
  const more = view.actions.length - LETTER_ACTIONS_SHOWN;
  return (
    <section class="section highlights letter-actions" data-section="letter-actions" aria-labelledby="letter-actions-heading">
      <h2 id="letter-actions-heading">What letters ask of you</h2>
      {view.newSince.map((n) => (
        <p key={n.letterId} class="notice notice--new" data-testid="letter-new-since">
          New since you last looked: {n.text}
        </p>
      ))}
      {shown.length > 0 && (
        <ul>
          {shown.map((a) => (
            <LetterActionItem key={`${a.letterId}|${a.actionIndex}`} action={a} {...props} />
          ))}
        </ul>
      )}
      {more > 0 && (
        <button type="button" class="more" data-action="more-letter-actions" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? 'Show the newest three only' : `${more} more from ${view.moreFromLetters} letter${view.moreFromLetters === 1 ? '' : 's'}`}
        </button>
      )}
      {view.asTasks > 0 && (
        <p class="hint" data-testid="letter-actions-as-tasks">
          {view.asTasks === 1 ? '1 action from these letters is a task now' : `${view.asTasks} actions from these letters are tasks now`}: see the tasks below.
        </p>
      )}
      {view.notRead.map((n) => (
        <p key={n.letterId} class="notice notice--warning" data-testid="letter-not-read" data-letter-id={n.letterId}>
          {n.text}{' '}
          <a href={letterPage(props, n.letterId)} target="_blank" rel="noopener">
            Open the letter<span class="visually-hidden"> ({n.text})</span>
          </a>
        </p>
      ))}
    </section>
  );
}

function LetterActionItem(props: LetterHighlightsProps & { action: LetterActionLine }) {
  const { action } = props;
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState(props.teams[0]?.reference ?? '');
  const [message, setMessage] = useState<{ text: string; n: number }>();
  const select = useRef<HTMLSelectElement | HTMLTextAreaElement>(null);
  useEffect(() => {
    if (open) select.current?.focus();
  }, [open]);
  useEffect(() => {
    if (message) announce('action', `letter-task|${action.letterId}|${action.actionIndex}|${message.n}`, message.text);
  }, [message?.n]);
  // The clinician's teams and those in the patient's care, and the organisation that wrote the letter.
  const letter = props.letters.find((l) => l.id === action.letterId);
  const author = letter?.authorReference ? [{ reference: letter.authorReference, display: letter.authorOrganisation ?? letter.authorReference }] : [];
  const choices = [...props.owners, ...author.filter((a) => !props.owners.some((o) => o.reference === a.reference))];
  const make = async (e: Event) => {
    e.preventDefault();
    const chosen = choices.find((o) => o.reference === owner);
    const answer: TaskWriteAnswer | undefined = chosen
      ? await sendMessage('createTaskFromLetter', { contextId: props.contextId, letterId: action.letterId, actionIndex: action.actionIndex, owner: chosen }).catch(() => ({ problem: 'Alongside could not take the task; try again.' }))
      : { problem: 'Choose who the task is for.' };
    setMessage({ text: answer && 'problem' in answer ? answer.problem : 'Saved, sending to the shared record.', n: (message?.n ?? 0) + 1 });
  };
  return (
    <li class="highlight highlight--must-see letter-action" data-rule="letter-actions" data-letter-id={action.letterId} data-action-index={action.actionIndex}>
      <span class="highlight__rule" title="What a letter asks of the next clinician, in its own words.">
        <strong class="tag tag--green">Letter asks</strong>
        {action.isNew && <strong class="tag tag--blue highlight__new">New since you last looked</strong>}
        {action.status && <strong class="tag tag--white">{action.status}</strong>}
      </span>
      <span class="highlight__text letter-action__text">{action.text}</span>
      <span class="highlight__detail letter-action__detail">{action.detail}</span>
      <span class="task__buttons">
        <a href={letterPage(props, action.letterId, action.sectionKey, action.actionIndex)} target="_blank" rel="noopener" data-link="letter">
          Open the letter<span class="visually-hidden">: {action.text}</span>
        </a>
        {props.canMakeTasks && (
          <button type="button" data-action="make-task" aria-expanded={open} aria-label={`Make it a task: ${action.text}`} onClick={() => setOpen(!open)}>
            Make it a task
          </button>
        )}
      </span>
      {open && (
        <form class="new-task" onSubmit={(e) => void make(e)}>
          <label>
            For
            <OwnerSelect owners={choices} value={owner} onChange={setOwner} required selectRef={select} />
          </label>
          <button type="submit" data-confirm="make-task" aria-label={`Create the task: ${action.text}`}>
            Create the task
          </button>
        </form>
      )}
      {message && <p class="task__message">{message.text}</p>}
    </li>
  );
}
