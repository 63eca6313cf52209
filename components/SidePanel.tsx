/**
 * The side panel: follows the active tab and shows its patient's record, or says why it shows none.
 */
import { browser } from 'wxt/browser';
import { useState } from 'preact/hooks';
import { sendMessage } from '@/utils/messaging/protocol';
import type { Detection } from '@/utils/context/types';
import { featureOn, notConfiguredReason } from '@/utils/policy/settings';
import { useAuth, useFollowedTabId, useMyTasksCount, useSettings, useTabContext } from './hooks';
import { PanelMessage } from './PanelMessage';
import { PatientRecordView } from './PatientRecordView';

export function SidePanel() {
  const auth = useAuth();
  const settings = useSettings();
  if (!auth || !settings) return <PanelMessage state="loading" title="Starting…" />;
  // A store build until the trust configures it: no page is read and no server asked.
  const unconfigured = notConfiguredReason(settings);
  if (unconfigured) return <PanelMessage state="not-configured" title="Alongside is not set up on this computer" detail={unconfigured} />;
  // Signed out: no patient data at all, and one clear thing to do.
  if (auth.required && !auth.user) return <SignIn />;
  return (
    <>
      <PanelBody />
      <footer class="panel-footer">
        {featureOn(settings, 'my-tasks') && <MyTasksLink />}
        {auth.user && (
          <span class="panel-footer__user" data-testid="signed-in-as">
            Signed in as {auth.user}{' '}
            <button type="button" data-action="sign-out" onClick={() => void sendMessage('signOut', undefined).catch(() => {})}>
              Sign out
            </button>
          </span>
        )}
      </footer>
    </>
  );
}

function SignIn() {
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    const answer = await sendMessage('signIn', undefined).catch((err: unknown) => ({ problem: String(err) }));
    setBusy(false);
    setProblem('problem' in answer ? answer.problem : undefined);
  };
  return (
    <PanelMessage state="sign-in" title="Sign in to see patients" detail="Your organisation asks you to sign in to the shared care record before Alongside shows any patient.">
      <button type="button" data-action="sign-in" disabled={busy} onClick={() => void start()}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      {problem && <p role="alert">{problem}</p>}
    </PanelMessage>
  );
}

/** My tasks opens as a page of its own: it names many patients, so it never shares the panel with one. */
function MyTasksLink() {
  const mine = useMyTasksCount();
  return (
    <a href={browser.runtime.getURL('/tasks.html')} target="_blank" rel="noreferrer" data-link="my-tasks">
      My tasks{mine === undefined ? '' : ` (${mine})`}
    </a>
  );
}

function PanelBody() {
  const tabId = useFollowedTabId();
  const ctx = useTabContext(tabId);

  if (ctx === null) return <PanelMessage state="loading" title="Checking this tab…" />;
  if (!ctx) return <PanelMessage state="no-patient" title="No patient in view" detail="Open a patient's record in your EPR." />;

  const { detection, resolution } = ctx;
  if (detection.kind === 'none') return <PanelMessage state="no-patient" title={noPatientTitle(detection)} detail={detection.reason} />;
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
    case 'mismatch':
      return (
        <PanelMessage
          state="mismatch"
          title="Identity mismatch: record hidden"
          detail={`The EPR shows ${resolution.eprSays}, but the shared record for this identifier is ${resolution.recordSays}. Check the patient's identity before relying on either.`}
        />
      );
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

/** What the panel says, in a clinician's words, when there is no one patient to show. */
function noPatientTitle(d: Extract<Detection, { kind: 'none' }>): string {
  switch (d.code) {
    case 'list':
      return 'Several patients on this page';
    case 'check-digit':
      return 'This NHS number fails its check';
    case 'no-identifier':
      return 'A patient banner without an identifier';
    case 'identity-unreadable':
      return 'Name and date of birth not readable: nothing shown';
    case 'loading':
      return 'Waiting for the EPR page…';
    case 'unreadable':
      return 'Alongside could not read this page';
    case 'not-configured':
      return 'Alongside is not set up for this page';
    case 'left':
    case 'no-banner':
    case 'not-patient-page':
    case undefined:
      return 'No patient in view';
  }
}

function identifierWords(p: { nhsNumber?: string; identifier: { value: string } }): string {
  return p.nhsNumber ? `NHS No. ${p.nhsNumber}` : `EPR id ${p.identifier.value}`;
}
