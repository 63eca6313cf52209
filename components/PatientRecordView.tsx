/**
 * One patient's record, for one context. Rendered only when the cached record is the one the context
 * resolved to: the record and the context are checked against each other before anything is drawn.
 */
import { useEffect } from 'preact/hooks';
import { checkIdentity } from '@/utils/context/identity-check';
import type { TabContext } from '@/utils/context/tab-contexts';
import { rankHighlights, type ClinicalRole, type HighlightConfig } from '@/utils/highlights/rank';
import { pendingTasks } from '@/utils/tasks/pending-tasks';
import { patientBanner } from '@/utils/highlights/patient-banner';
import { sendMessage } from '@/utils/messaging/protocol';
import { useCachedRecord, useLastViewed, useSettings } from './hooks';
import { RankedHighlights } from './RankedHighlights';
import { PanelMessage } from './PanelMessage';
import { PatientBanner } from './PatientBanner';
import { RecordFreshness } from './RecordFreshness';
import { TaskList } from './TaskList';

export function PatientRecordView(props: { ctx: TabContext; patientKey: string }) {
  const { ctx, patientKey } = props;
  const { record, sync } = useCachedRecord(patientKey);
  const lastViewedAt = useLastViewed(patientKey);
  const settings = useSettings();
  const shownPatientId = record?.patientKey === patientKey ? record.patientId : undefined;
  // Audited once per context, when the record is actually drawn (not while hidden by a mismatch).
  const identityOk = record && ctx.detection.kind === 'patient' ? checkIdentity(ctx.detection.patient, record.patient).ok : false;
  useEffect(() => {
    if (shownPatientId && identityOk) void sendMessage('recordViewed', ctx.contextId).catch(() => {});
  }, [ctx.contextId, shownPatientId, identityOk]);

  if (!record || record.patientKey !== patientKey) {
    if (sync?.status === 'offline') {
      return <PanelMessage state="offline" title="Cannot reach the shared record" detail={`${sync.message ?? ''} Nothing is cached for this patient.`} />;
    }
    if (sync?.status === 'error') return <PanelMessage state="error" title="The shared record could not be read" detail={sync.message} />;
    return <PanelMessage state="loading" title="Loading the shared record…" />;
  }

  // The EPR's name and date of birth must agree with the record before anything of it is shown.
  if (ctx.detection.kind === 'patient') {
    const identity = checkIdentity(ctx.detection.patient, record.patient);
    if (!identity.ok) {
      return (
        <PanelMessage
          state="mismatch"
          title="Identity mismatch: record hidden"
          detail={`The EPR shows ${identity.eprSays}, but the shared record for this identifier is ${identity.recordSays}. Check the patient's identity before relying on either.`}
        />
      );
    }
  }

  const now = new Date();
  const ranked = rankHighlights(record.resources, {
    now,
    lastViewedAt,
    role: (settings?.clinicalRole ?? 'default') as ClinicalRole,
    config: settings?.highlightRules as HighlightConfig | undefined,
  });
  const refresh = () => void sendMessage('refreshPatient', ctx.contextId).catch(() => {});
  return (
    <article class="patient-record" data-context-id={ctx.contextId} data-patient-key={record.patientKey} data-patient-id={record.patientId}>
      <PatientBanner banner={patientBanner(record.patient, now)} />
      <RecordFreshness fetchedAt={record.fetchedAt} sync={sync} incomplete={record.incomplete} onRefresh={refresh} />
      <RankedHighlights result={ranked} />
      <TaskList tasks={pendingTasks(record.resources, now)} now={now} />
    </article>
  );
}
