/**
 * The side panel: follows the active tab and shows its patient's record, or says why it shows none.
 */
import { browser } from 'wxt/browser';
import { useFollowedTabId, useMyTasksCount, useTabContext } from './hooks';
import { PanelMessage } from './PanelMessage';
import { PatientRecordView } from './PatientRecordView';

export function SidePanel() {
  return (
    <>
      <PanelBody />
      <MyTasksLink />
    </>
  );
}

/** My tasks opens as a page of its own: it names many patients, so it never shares the panel with one. */
function MyTasksLink() {
  const mine = useMyTasksCount();
  return (
    <footer class="panel-footer">
      <a href={browser.runtime.getURL('/tasks.html')} target="_blank" rel="noreferrer" data-link="my-tasks">
        My tasks{mine === undefined ? '' : ` (${mine})`}
      </a>
    </footer>
  );
}

function PanelBody() {
  const tabId = useFollowedTabId();
  const ctx = useTabContext(tabId);

  if (ctx === null) return <PanelMessage state="loading" title="Checking this tab…" />;
  if (!ctx) return <PanelMessage state="no-patient" title="No patient in view" detail="Open a patient's record in your EPR." />;

  const { detection, resolution } = ctx;
  if (detection.kind === 'none') return <PanelMessage state="no-patient" title="No patient in view" detail={detection.reason} />;
  if (detection.kind === 'ambiguous') {
    return <PanelMessage state="ambiguous" title="Patient not certain: nothing shown" detail={detection.reason} />;
  }
  const who = detection.patient.displayName ?? 'this patient';
  switch (resolution.status) {
    case 'idle':
    case 'resolving':
      return <PanelMessage state="loading" title={`Finding ${who} in the shared record…`} detail={`Read from: ${detection.patient.source}.`} />;
    case 'not-found':
      return (
        <PanelMessage
          state="not-found"
          title="Not found in the shared record"
          detail={`The shared record has no patient matching ${who} (${identifierWords(detection.patient)}).`}
        />
      );
    case 'ambiguous':
      return <PanelMessage state="ambiguous" title="Patient not certain: nothing shown" detail={resolution.message} />;
    case 'failed':
      return resolution.offline ? (
        <PanelMessage state="offline" title="Cannot reach the shared record" detail={`${resolution.message} Nothing is cached for ${who}.`} />
      ) : (
        <PanelMessage state="error" title="The shared record could not be searched" detail={resolution.message} />
      );
    case 'found':
      return <PatientRecordView key={ctx.contextId} ctx={ctx} patientKey={resolution.patientKey} />;
  }
}

function identifierWords(p: { nhsNumber?: string; identifier: { value: string } }): string {
  return p.nhsNumber ? `NHS No. ${p.nhsNumber}` : `EPR id ${p.identifier.value}`;
}
