/**
 * One patient's record, for one context. Rendered only when the cached record is the one the context
 * resolved to: the record and the context are checked against each other before anything is drawn.
 */
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { checkIdentity } from '@/utils/context/identity-check';
import type { TabContext } from '@/utils/context/tab-contexts';
import { rankHighlights, type ClinicalRole, type HighlightConfig } from '@/utils/highlights/rank';
import { DIED_CANCEL } from '@/utils/highlights/rules/default-rules';
import { pendingTasks } from '@/utils/tasks/pending-tasks';
import { patientBanner } from '@/utils/highlights/patient-banner';
import { sendMessage } from '@/utils/messaging/protocol';
import { ownerChoices } from '@/utils/tasks/owner-choices';
import { featureOn } from '@/utils/settings/settings';
import type { NewTask, TaskAction } from '@/utils/tasks/task-actions';
import type { TaskLine } from '@/utils/tasks/pending-tasks';
import { useCacheFault, useCachedRecord, useSettings, useTaskWrites } from './hooks';
import type { CacheFault } from '@/utils/storage/cache-fault';
import { lazyComponent } from './lazy';
import { NewTaskForm } from './NewTaskForm';
import { announce } from './LiveAnnouncer';
import { RankedHighlights } from './RankedHighlights';
import { PanelMessage } from './PanelMessage';
import { bannerAnnouncement, PatientBanner } from './PatientBanner';
import { RecordFreshness } from './RecordFreshness';
import { TaskList } from './TaskList';

/** The outbox's writes (a conflict, a refusal), loaded only when this patient has any. */
const TaskWrites = lazyComponent(() => import('./TaskWrites').then((m) => m.TaskWrites));
/** What the patient's letters ask (issue 22), loaded only for a patient with letters: the highlights alone until then. */
const LetterHighlights = lazyComponent(() => import('./LetterHighlights').then((m) => m.LetterHighlights), RankedHighlights as never);

/** The task list shows every pending task, overdue first: the highlights leave them out (each fact once). */
const SHOWN_IN_TASK_LIST = ['overdue-tasks', 'pending-tasks'];

/**
 * Said whenever a half of the identity check had nothing to compare: a record is never shown as fully
 * checked when it was not (a wrong date of birth would not have hidden it, had the page not shown one).
 */
function PartlyChecked({ checked }: { checked: { name: boolean; birthDate: boolean; missing?: string } }) {
  if (checked.name && checked.birthDate) return null;
  if (!checked.name && !checked.birthDate) {
    return (
      <p class="notice notice--warning" data-testid="identity-not-cross-checked">
        Identity not cross-checked on this EPR: its pages show no name or date of birth. Check this is your patient.
      </p>
    );
  }
  const unread = checked.name ? 'date of birth' : 'name';
  return (
    <p class="notice notice--warning" data-testid="identity-not-cross-checked" data-partly-checked={unread}>
      Not cross-checked: {checked.missing ?? `${unread} not read`}. A wrong {unread} on this page would not hide this record: check this is your patient.
    </p>
  );
}

export function PatientRecordView(props: { ctx: TabContext; patientKey: string }) {
  // IndexedDB failed, or was made again: the record is read afresh (the old connection was closed under
  // the panel, and its live query ended with it).
  const fault = useCacheFault();
  return <RecordShown key={fault ? `${fault.since}|${fault.recovery}` : 'ok'} {...props} fault={fault} />;
}

function RecordShown(props: { ctx: TabContext; patientKey: string; fault: CacheFault | undefined }) {
  const { ctx, patientKey, fault } = props;
  const cached = useCachedRecord(patientKey);
  // IndexedDB failed: the record the background fetched and holds in memory is shown instead ("live").
  const liveCopy = fault && fault.recovery !== 'recovered' ? fault.live[patientKey] : undefined;
  const { sync, lastViewedAt } = cached;
  const record = liveCopy ?? cached.record;
  const settings = useSettings();
  const writes = useTaskWrites(record?.patientKey === patientKey ? record.serverBase : undefined, record?.patientKey === patientKey ? record.patientId : undefined);
  const shownPatientId = record?.patientKey === patientKey ? record.patientId : undefined;
  // The background checked the page's name and date of birth against the record before it marked the
  // context found; checked again here against the copy actually drawn (it may have been refreshed).
  const identity = record && ctx.detection.kind === 'patient' ? checkIdentity(ctx.detection.patient, record.patient) : undefined;
  const identityOk = identity?.ok === true;
  // Audited once per context, when the record is actually drawn (never while hidden by a mismatch).
  useEffect(() => {
    if (shownPatientId && identityOk) void sendMessage('recordViewed', ctx.contextId).catch(() => {});
  }, [ctx.contextId, shownPatientId, identityOk]);
  const now = new Date();
  const banner = record?.normalised && identityOk ? patientBanner(record.normalised.patient, now) : undefined;
  // Said once per patient drawn: a refresh or a new context for the same patient says nothing. (Not the
  // hook: while this view shows a message instead, the message speaks for it.)
  useLayoutEffect(() => {
    if (banner) announce('view', `patient|${patientKey}`, bannerAnnouncement(banner));
  }, [banner !== undefined, patientKey]);

  if (!record || record.patientKey !== patientKey) {
    if (sync?.status === 'offline') {
      return <PanelMessage state="offline" title="Cannot reach the shared record" detail={`${sync.message ?? ''} Nothing is cached for this patient.`} />;
    }
    if (sync?.status === 'error') return <PanelMessage state="error" title="The shared record could not be read" detail={sync.message} />;
    return <PanelMessage state="loading" title="Loading the shared record…" />;
  }

  // The EPR's name and date of birth must agree with the record before anything of it is shown.
  if (identity?.ok && settings?.requireBothIdentityChecks && !(identity.checked.name && identity.checked.birthDate)) {
    return (
      <PanelMessage
        state="mismatch"
        title="Identity not fully checked: record hidden"
        detail={`Your organisation requires both the name and the date of birth on the page to match the shared record, and here the ${identity.checked.missing ?? 'name or date of birth was not read'}. Check the patient's identity in the EPR.`}
      />
    );
  }
  if (!identity?.ok) {
    return (
      <PanelMessage
        state="mismatch"
        title="Identity mismatch: record hidden"
        detail={identity ? `The EPR shows ${identity.eprSays}, but the shared record for this identifier is ${identity.recordSays}. Check the patient's identity before relying on either.` : 'Alongside cannot check this record against the page.'}
      />
    );
  }

  // Cached by an older version: the background fetches and normalises it again before it is drawn.
  if (!record.normalised) return <PanelMessage state="loading" title="Reading the shared record…" />;

  const ranked = rankHighlights(record.normalised, record.resources, {
    now,
    lastViewedAt,
    role: (settings?.clinicalRole ?? 'default') as ClinicalRole,
    config: settings?.highlightRules as HighlightConfig | undefined,
    shownElsewhere: SHOWN_IN_TASK_LIST,
  });
  const refresh = () => void sendMessage('refreshPatient', ctx.contextId).catch(() => {});
  const tasks = pendingTasks(record.resources, now);
  const teams = (settings?.teamReferences ?? []).map((reference) => ({ reference }));
  const owners = ownerChoices(record.resources, teams);
  // Every write names the context it was made in; the background takes the patient from that context.
  const problemOf = (answer: { problem: string } | { writeId: string } | undefined) => (answer && 'problem' in answer ? answer.problem : undefined);
  const onAction = async (task: TaskLine, action: TaskAction) =>
    problemOf(await sendMessage('taskAction', { contextId: ctx.contextId, taskId: task.id, baseVersion: task.version ?? '', action }).catch(() => ({ problem: 'Alongside could not take the change; try again.' })));
  const onCreate = async (task: NewTask) => problemOf(await sendMessage('createTask', { contextId: ctx.contextId, task }).catch(() => ({ problem: 'Alongside could not take the task; try again.' })));
  const Highlights = (record.letters?.length ? LetterHighlights.Component : RankedHighlights) as typeof RankedHighlights;
  const onDecide = (writeId: string, decision: Parameters<typeof sendMessage<'decideTaskWrite'>>[1]['decision']) => void sendMessage('decideTaskWrite', { writeId, decision }).catch(() => {});
  return (
    <article class="patient-record" aria-labelledby="patient-name" data-context-id={ctx.contextId} data-patient-key={record.patientKey} data-patient-id={record.patientId}>
      <PatientBanner banner={banner!} />
      <PartlyChecked checked={identity.checked} />
      <RecordFreshness patientKey={patientKey} fetchedAt={record.fetchedAt} sync={sync} record={record.normalised} incomplete={record.incomplete} onRefresh={refresh} />
      <Highlights
        result={ranked}
        {...(record.letters?.length && { letters: record.letters, resources: record.resources, writes, owners, teams, now, lastViewedAt, windowDays: settings?.letterActionsWindowDays, contextId: ctx.contextId, tabId: ctx.tabId, canMakeTasks: featureOn(settings, 'new-tasks') })}
      >
        {writes.length > 0 && <TaskWrites.Component writes={writes} tasks={tasks} onDecide={onDecide} />}
        <TaskList tasks={tasks} now={now} writes={writes} owners={owners} onAction={featureOn(settings, 'task-actions') ? onAction : undefined} mark={record.normalised.patient.deceased ? DIED_CANCEL : undefined} />
        {featureOn(settings, 'new-tasks') && (
          <div class="section">
            <NewTaskForm owners={owners} onCreate={onCreate} />
          </div>
        )}
      </Highlights>
    </article>
  );
}
