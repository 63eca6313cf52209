/**
 * My tasks: the pending tasks owned by the clinician or their teams, across patients, and the recent
 * notices. A page of its own, never the side panel: the panel beside a patient shows that patient
 * only, and this list names many. A notice arriving while the page is open is announced once.
 */
import { useEffect, useRef } from 'preact/hooks';
import { clockTime, date } from '@/utils/fhir/dates';
import { sendMessage } from '@/utils/messaging/protocol';
import { KIND_LABELS } from '@/utils/settings/notification-kinds';
import { myTasks, notices as noticesItem } from '@/utils/shared/state';
import { useStoredItem } from './hooks';
import { announce, LiveAnnouncer } from './LiveAnnouncer';
import { NotificationKindList, useMutedKinds } from './NotificationKinds';

export function MyTasksPage() {
  const mine = useStoredItem(myTasks);
  const notices = useStoredItem(noticesItem);
  const [muted, toggle] = useMutedKinds();
  const known = useRef<Set<string>>(undefined);
  useEffect(() => {
    if (!notices) return;
    // The notices listed as the page opened are read with the page; only those arriving later are announced.
    if (!known.current) known.current = new Set(notices.map((n) => n.id));
    for (const n of notices) {
      if (known.current.has(n.id)) continue;
      known.current.add(n.id);
      announce('notice', n.id, `New notice at ${clockTime(n.at)}: ${KIND_LABELS[n.kind]}.`);
    }
  }, [notices]);

  return (
    <>
      <LiveAnnouncer />
      <main class="my-tasks">
        <h1>My tasks</h1>
        <p>
          Pending tasks for you and your teams, across patients. {mine ? `Checked ${clockTime(mine.fetchedAt, true)}.` : 'Not checked yet.'}{' '}
          <button type="button" data-action="check-now" onClick={() => void sendMessage('pollNow', undefined).catch(() => {})}>
            Check now<span class="visually-hidden"> for tasks and notices</span>
          </button>
        </p>
        <section class="section" aria-labelledby="notices-heading">
          <h2 id="notices-heading">Notices</h2>
          {!notices?.length ? (
            <p>None this session.</p>
          ) : (
            <ul data-section="notices">
              {notices.map((n) => (
                <li key={n.id} id={n.id} data-notice-kind={n.kind} class={n.seen ? 'notice-line' : 'notice-line notice--new'}>
                  {!n.seen && <strong class="tag tag--blue">New</strong>}
                  {clockTime(n.at)} {KIND_LABELS[n.kind]}{' '}
                  <button type="button" onClick={() => void sendMessage('openNotice', n.id).catch(() => {})}>
                    Show<span class="visually-hidden"> the patient: {KIND_LABELS[n.kind]}, {clockTime(n.at)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="section" aria-labelledby="my-tasks-heading">
          <h2 id="my-tasks-heading">Pending tasks for you and your teams</h2>
          {mine && mine.lines.length === 0 && <p>No pending tasks.</p>}
          <ul data-section="my-tasks">
            {(mine?.lines ?? []).map((t) => (
              <li key={t.id} class={t.overdue ? 'task task--overdue' : 'task'} data-task-id={t.id}>
                {t.overdue && <strong class="tag tag--red">Overdue</strong>}
                <span class="task__patient">{t.patientName ?? 'Patient not named by the server'}</span>
                <span class="task__text">{t.text}</span>
                <span class="task__meta">
                  {t.status}
                  {t.owner ? ` · ${t.owner}` : ''}
                  {t.due ? ` · due ${date(t.due)}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section class="section" aria-labelledby="notify-heading">
          <h2 id="notify-heading">Notify me when</h2>
          {muted && <NotificationKindList muted={muted} onToggle={(k, on) => void toggle(k, on)} section="notification-kinds" />}
        </section>
      </main>
    </>
  );
}
