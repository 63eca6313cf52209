import type { TaskLine } from '@/utils/tasks/pending-tasks';
import { clockTime } from '@/utils/highlights/rules/rule';
import { describeAction } from '@/utils/tasks/task-actions';
import type { TaskWrite, WriteDecision } from '@/utils/tasks/task-outbox';

/**
 * This patient's task writes that the shared record does not have yet: waiting (with why), in
 * conflict (with both versions side by side), or refused (with the server's reason). Nothing here
 * goes away without the server taking it or the clinician deciding.
 */
export function TaskWrites({ writes, tasks, onDecide }: { writes: TaskWrite[]; tasks: TaskLine[]; onDecide: (writeId: string, d: WriteDecision) => void }) {
  if (!writes.length) return null;
  return (
    <section class="task-writes" data-section="task-writes" aria-live="polite">
      <h2>Your changes not yet on the shared record ({writes.length})</h2>
      <ul>
        {writes.map((w) => {
          const what = w.change.kind === 'create' ? `New task: ${w.change.task.description} (for ${w.change.task.owner.display ?? w.change.task.owner.reference})` : describeAction(w.change.action);
          const theirs = tasks.find((t) => t.id === w.taskId);
          return (
            <li key={w.writeId} class={`task-write task-write--${w.state}`} data-write-id={w.writeId} data-write-state={w.state}>
              <span class="task-write__what">{what}</span>
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
                    <dd>{what}</dd>
                    <dt>Now on the shared record</dt>
                    <dd>{theirs ? `${theirs.status}${theirs.owner ? ` · ${theirs.owner}` : ''}${theirs.lastNote ? ` · last note: “${theirs.lastNote}”` : ''}` : 'No longer pending (completed, declined or cancelled).'}</dd>
                  </dl>
                  <button type="button" data-decision="apply-mine" onClick={() => onDecide(w.writeId, 'apply-mine')}>
                    Apply my change on top
                  </button>
                  <button type="button" data-decision="keep-theirs" onClick={() => onDecide(w.writeId, 'keep-theirs')}>
                    Keep theirs, drop mine
                  </button>
                </div>
              )}
              {w.state === 'refused' && (
                <div class="task-write__refused">
                  <p>The shared record refused this change: {w.lastError}</p>
                  <button type="button" data-decision="retry" onClick={() => onDecide(w.writeId, 'retry')}>
                    Try again
                  </button>
                  <button type="button" data-decision="discard" onClick={() => onDecide(w.writeId, 'discard')}>
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
