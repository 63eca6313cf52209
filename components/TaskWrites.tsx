import { useEffect } from 'preact/hooks';
import type { TaskLine } from '@/utils/tasks/pending-tasks';
import { clockTime } from '@/utils/fhir/dates';
import { describeAction } from '@/utils/tasks/task-actions';
import type { TaskWrite, WriteDecision } from '@/utils/tasks/task-outbox';
import { announce } from './LiveAnnouncer';

/**
 * This patient's task writes that the shared record does not have yet: waiting (with why), in
 * conflict (with both versions side by side), or refused (with the server's reason). Nothing here
 * goes away without the server taking it or the clinician deciding. A conflict or a refusal is
 * announced once; the waiting count, which changes with every retry, is not.
 */
export function TaskWrites({ writes, tasks, onDecide }: { writes: TaskWrite[]; tasks: TaskLine[]; onDecide: (writeId: string, d: WriteDecision) => void }) {
  const what = (w: TaskWrite) =>
    w.change.kind === 'create' ? `New task: ${w.change.task.description} (for ${w.change.task.owner.display ?? w.change.task.owner.reference})` : describeAction(w.change.action);
  useEffect(() => {
    for (const w of writes) {
      if (w.state === 'conflict') announce('notice', `${w.writeId}|conflict`, `Someone else changed a task first: ${what(w)}. Choose whether to apply your change on top.`);
      if (w.state === 'refused') announce('notice', `${w.writeId}|refused`, `The shared record refused a change: ${what(w)}.`);
    }
  }, [writes]);
  if (!writes.length) return null;
  return (
    <section class="section task-writes" data-section="task-writes" aria-labelledby="task-writes-heading">
      <h2 id="task-writes-heading">Your changes not yet on the shared record ({writes.length})</h2>
      <ul>
        {writes.map((w) => {
          const mine = what(w);
          const theirs = tasks.find((t) => t.id === w.taskId);
          // Each decision names the change it decides (several may wait at once).
          const about = (words: string) => `${words}: ${mine}`;
          return (
            <li key={w.writeId} class={`task-write task-write--${w.state}`} data-write-id={w.writeId} data-write-state={w.state}>
              <span class="task-write__what">{mine}</span>
              <span class="task-write__when">Made {clockTime(w.madeAt)}</span>
              {w.state === 'waiting' && (
                <span class="task-write__state">
                  {w.attempts === 0 ? 'Sending…' : `Waiting to send (tried ${w.attempts} time${w.attempts === 1 ? '' : 's'}): ${w.lastError ?? ''}`}
                  {w.after ? ' After your earlier change to the same task.' : ''}
                </span>
              )}
              {w.state === 'conflict' && (
                <div class="task-write__conflict">
                  <p>
                    <strong>Someone else changed this task first.</strong> Nothing was overwritten.
                  </p>
                  <dl>
                    <dt>Your change</dt>
                    <dd>{mine}</dd>
                    <dt>Now on the shared record</dt>
                    <dd>{theirs ? `${theirs.status}${theirs.owner ? ` · ${theirs.owner}` : ''}${theirs.lastNote ? ` · last note: “${theirs.lastNote}”` : ''}` : 'No longer pending (completed, declined or cancelled).'}</dd>
                  </dl>
                  <button type="button" data-decision="apply-mine" aria-label={about('Apply my change on top')} onClick={() => onDecide(w.writeId, 'apply-mine')}>
                    Apply my change on top
                  </button>
                  <button type="button" data-decision="keep-theirs" aria-label={about('Keep theirs, drop mine')} onClick={() => onDecide(w.writeId, 'keep-theirs')}>
                    Keep theirs, drop mine
                  </button>
                </div>
              )}
              {w.state === 'refused' && (
                <div class="task-write__refused">
                  <p>The shared record refused this change: {w.lastError}</p>
                  <button type="button" data-decision="retry" aria-label={about('Try again')} onClick={() => onDecide(w.writeId, 'retry')}>
                    Try again
                  </button>
                  <button type="button" data-decision="discard" aria-label={about('Drop this change')} onClick={() => onDecide(w.writeId, 'discard')}>
                    Drop this change
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
