/**
 * The side panel: follows the active tab and shows its patient's record, or says why it shows none.
 * The page is a `main` landmark with the panel's content and a footer; one live log (LiveAnnouncer) tells
 * a screen reader user what changed, once.
 */
import { browser } from 'wxt/browser';
import { useEffect, useRef, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/messaging/protocol';
import { KIND_LABELS } from '@/utils/settings/notification-kinds';
import { notices as noticesItem } from '@/utils/shared/state';
import { featureOn, notConfiguredReason } from '@/utils/settings/settings';
import { noPatientTitle } from '@/utils/settings/panel-words';
import { useAuth, useFollowedTabId, useMyTasksCount, useSettings, useStoredItem, useTabContext } from './hooks';
import { CacheFaultNotice } from './CacheFaultNotice';
import { announce, LiveAnnouncer } from './LiveAnnouncer';
import { PanelMessage } from './PanelMessage';
import { PatientRecordView } from './PatientRecordView';

export function SidePanel() {
  return (
    <>
      <LiveAnnouncer />
      <PanelContent />
    </>
  );
}

function PanelContent() {
  const auth = useAuth();
  const settings = useSettings();
  if (!auth || !settings) return <main><PanelMessage state="loading" title="Starting…" /></main>;
  // A store build until the trust configures it: no page is read and no server asked.
  const unconfigured = notConfiguredReason(settings);
  if (unconfigured) return <main><PanelMessage state="not-configured" title="Alongside is not set up on this computer" detail={unconfigured} /></main>;
  // Signed out: no patient data at all, and one clear thing to do.
  if (auth.required && !auth.user) return <main><SignIn /></main>;
  return (
    <>
      <main>
        <CacheFaultNotice />
        <PanelBody />
      </main>
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
      <p>
        <button type="button" class="button--primary" data-action="sign-in" disabled={busy} onClick={() => void start()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </p>
      {problem && <p role="alert">{problem}</p>}
    </PanelMessage>
  );
}

/**
 * My tasks opens as a page of its own: it names many patients, so it never shares the panel with one.
 * The link counts the notices not yet seen; a new one is announced once, in words that name no patient
 * (its kind), since the panel beside one patient must not speak of another.
 */
function MyTasksLink() {
  const mine = useMyTasksCount();
  const notices = useStoredItem(noticesItem);
  const known = useRef<Set<string>>(undefined);
  useEffect(() => {
    if (!notices) return;
    // Those there when the panel opened were told about already (notification, badge): not announced.
    if (!known.current) known.current = new Set(notices.map((n) => n.id));
    for (const n of notices) {
      if (n.seen || known.current.has(n.id)) continue;
      known.current.add(n.id);
      announce('notice', n.id, `New notice: ${KIND_LABELS[n.kind]}. See My tasks.`);
    }
  }, [notices]);
  const unseen = (notices ?? []).filter((n) => !n.seen).length;
  return (
    <a href={browser.runtime.getURL('/tasks.html')} target="_blank" rel="noreferrer" data-link="my-tasks">
      My tasks{mine === undefined ? '' : ` (${mine})`}
      {unseen > 0 && `, ${unseen} new notice${unseen === 1 ? '' : 's'}`}
      <span class="visually-hidden"> (opens in a new tab)</span>
    </a>
  );
}

function PanelBody() {
  const tabId = useFollowedTabId();
  const ctx = useTabContext(tabId);

  if (ctx === null) return <PanelMessage state="loading" title="Checking this tab…" />;
  if (!ctx) return <PanelMessage state="no-patient" title="No patient in view" detail="Open a patient's record in your EPR." />;

  const { detection, resolution } = ctx;
  if (detection.kind === 'none' && detection.code === 'needs-reload' && tabId !== undefined) {
    // The page was open before Alongside could read it: one click reloads it, and it is read from then on.
    return (
      <PanelMessage state="no-patient" title={noPatientTitle(detection)} detail={detection.reason}>
        <p>
          <button type="button" class="button--primary" data-action="reload-tab" onClick={() => void browser.tabs.reload(tabId).catch(() => {})}>
            Reload this page<span class="visually-hidden"> in the EPR tab</span>
          </button>
        </p>
      </PanelMessage>
    );
  }
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
    case 'partly-checked':
      return (
        <PanelMessage
          state="mismatch"
          title="Identity not fully checked: record hidden"
          detail={`Your organisation requires both the name and the date of birth on the page to match the shared record, and here the ${resolution.missing}. Check the patient's identity in the EPR.`}
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

function identifierWords(p: { nhsNumber?: string; identifier: { value: string } }): string {
  return p.nhsNumber ? `NHS No. ${p.nhsNumber}` : `EPR id ${p.identifier.value}`;
}
