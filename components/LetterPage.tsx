/**
 * One of the patient's letters, opened from the panel: its narrative drawn as text (never as HTML),
 * section by section, opened at the section an action came from; what it asks of professionals, what
 * it asks of the patient or carer, and its medicine changes, as read; and what could not be read.
 *
 * Tied to the context it was opened from, like everything drawn: it is shown only while the EPR tab
 * still shows that patient (its context unchanged and found, the page's name and date of birth
 * agreeing with the record), and only from the cached record of exactly that patient, opened with this
 * session's keys. A patient change, a wipe or a sign-out hides it.
 */
import { liveQuery } from 'dexie';
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { getDb } from '@/utils/storage/db';
import { RecordStore } from '@/utils/storage/record-store';
import { readSessionSecrets } from '@/utils/storage/session-crypto';
import { checkIdentity } from '@/utils/context/identity-check';
import { patientBanner } from '@/utils/highlights/patient-banner';
import { date } from '@/utils/fhir/dates';
import type { PatientRecord, StoredLetter } from '@/utils/record/types';
import type { OtherRequestKind } from '@/utils/record/letters/types';
import { PatientBanner } from './PatientBanner';
import { PanelMessage } from './PanelMessage';
import { useTabContext } from './hooks';

const OTHER_KINDS: Record<OtherRequestKind, string> = {
  'patient-or-carer': 'For the patient or carer',
  'agreed-with-patient': 'Agreed with the patient',
  'information-and-advice': 'Information and advice given',
};
const CHANGE_WORDS = { added: 'Started', amended: 'Changed', 'on-hold': 'On hold', stopped: 'Stopped' } as const;

/** The page's address says which tab and context it was opened from, and which letter and section. */
function params() {
  const q = new URLSearchParams(location.search);
  return { tabId: Number(q.get('tab')), contextId: q.get('context') ?? '', letterId: q.get('letter') ?? '', section: q.get('section') ?? undefined, action: q.get('action') };
}

/**
 * The cached record of exactly this patient, live (a wipe empties it); `null` until read for this key
 * (what was read for another key is never answered for this one, not even for one render).
 */
function useRecord(patientKey: string | undefined): PatientRecord | undefined | null {
  const [state, setState] = useState<{ key?: string; record: PatientRecord | undefined | null }>({ record: null });
  useEffect(() => {
    const set = (record: PatientRecord | undefined) => setState({ key: patientKey, record });
    if (!patientKey) return set(undefined);
    let sub: { unsubscribe(): void } | undefined;
    let cancelled = false;
    void readSessionSecrets().then(async (secrets) => {
      if (!secrets || cancelled) return set(undefined);
      const store = new RecordStore(getDb(), secrets);
      const rowKey = await store.rowKey(patientKey);
      if (cancelled) return;
      sub = liveQuery(() => getDb().records.get(rowKey)).subscribe({
        next: (row) => void (row ? store.open(row, patientKey) : Promise.resolve(undefined)).then((r) => !cancelled && set(r)),
        error: () => !cancelled && set(undefined),
      });
    });
    return () => {
      cancelled = true;
      sub?.unsubscribe();
    };
  }, [patientKey]);
  return state.key === patientKey ? state.record : null;
}

export function LetterPage() {
  const [{ tabId, contextId, letterId, section, action }] = useState(params);
  const ctx = useTabContext(tabId);
  const current = ctx && ctx.contextId === contextId && ctx.resolution.status === 'found' && ctx.detection.kind === 'patient' ? ctx : undefined;
  const record = useRecord(current?.resolution.status === 'found' ? current.resolution.patientKey : undefined);
  if (ctx === null || (current && record === null)) return <PanelMessage state="loading" title="Opening the letter…" />;
  if (!current) {
    return <PanelMessage state="no-patient" title="This letter is hidden" detail="The patient it belongs to is no longer the one in view in your EPR. Open the letter again from Alongside’s panel." />;
  }
  const identity = record && current.detection.kind === 'patient' ? checkIdentity(current.detection.patient, record.patient) : undefined;
  if (!record?.normalised || !identity?.ok) {
    return <PanelMessage state="error" title="This letter cannot be shown" detail="The patient’s record is no longer held here (it was cleared, or you signed out), or it does not match the patient in view. Open the letter again from Alongside’s panel." />;
  }
  const letter = record.letters?.find((l) => l.id === letterId);
  if (!letter) return <PanelMessage state="error" title="This letter is not in the patient’s record" detail="It may have been withdrawn. Open the patient’s letters again from Alongside’s panel." />;
  return (
    <main class="letter-page">
      <PatientBanner banner={patientBanner(record.normalised.patient, new Date())} />
      <Letter letter={letter} replacement={record.letters?.find((l) => l.id === letter.replacedBy)} section={section} action={action === null ? undefined : Number(action)} />
    </main>
  );
}

function Letter({ letter, replacement, section, action }: { letter: StoredLetter; replacement?: StoredLetter; section?: string; action?: number }) {
  const reading = letter.reading;
  const problems = [...(letter.problem ? [letter.problem] : []), ...(reading?.problems ?? [])];
  // Opened at the section the action came from.
  useLayoutEffect(() => {
    const target = section ? document.querySelector<HTMLElement>(`[data-section-key="${CSS.escape(section)}"] h2`) : null;
    target?.scrollIntoView({ block: 'start' });
    target?.focus();
  }, [section]);
  return (
    <article class="letter" aria-labelledby="letter-title">
      <h2 id="letter-title" class="letter__title">{letter.title ?? letter.documentType ?? 'Letter'}</h2>
      <p class="letter__meta" data-testid="letter-meta">
        {[letter.documentType, letter.authorOrganisation, date(letter.date)].filter(Boolean).join(' · ')}
      </p>
      {letter.replacedBy && (
        <p class="notice notice--warning" data-testid="letter-replaced">
          This letter has been replaced by a later one{replacement ? ` (${[replacement.documentType, date(replacement.date)].filter(Boolean).join(', ')})` : ''}: what it asks no longer counts.
        </p>
      )}
      {problems.map((p) => (
        <p key={p} class="notice notice--warning" data-testid="letter-problem">
          {p}
        </p>
      ))}
      {reading && reading.actions.length > 0 && (
        <section class="section" data-testid="letter-actions">
          <h2>What it asks of professionals</h2>
          <ul>
            {reading.actions.map((a, i) => (
              <li key={i} aria-current={i === action ? 'true' : undefined} class={i === action ? 'letter__chosen' : undefined}>
                <span class="highlight__text">{a.text}</span>
                <span class="highlight__detail">{[a.status && `Status: ${a.status}`, a.heading].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {reading && reading.otherRequests.length > 0 && (
        <section class="section" data-testid="letter-other-requests">
          <h2>Not for professionals</h2>
          <ul>
            {reading.otherRequests.map((r, i) => (
              <li key={i}>
                <span class="highlight__text">{r.text}</span>
                <span class="highlight__detail">{OTHER_KINDS[r.kind]}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {letter.medicineChanges.length > 0 && (
        <section class="section" data-testid="letter-medicine-changes">
          <h2>Medicine changes</h2>
          <ul>
            {letter.medicineChanges.map((m, i) => (
              <li key={i}>
                <span class="highlight__text">
                  {CHANGE_WORDS[m.change]}: {m.medicine}
                </span>
                <span class="highlight__detail">{[m.details, m.dose, m.reason, date(m.date)].filter(Boolean).join(' · ')}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {reading?.sections.map((s, i) => (
        <section key={i} class="section letter__section" data-section-key={s.key}>
          <h2 tabIndex={-1}>{s.title || 'Untitled section'}</h2>
          {s.paragraphs.map((p, j) => (
            <p key={j}>{p}</p>
          ))}
        </section>
      ))}
    </article>
  );
}
