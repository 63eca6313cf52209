/**
 * The background's patient-context service: turns page reports into tab contexts, finds each
 * detected patient in the shared record, and keeps their cached record fresh.
 *
 * The rules it enforces:
 * - the newest report wins: each report is stamped as it is received, and applied only if it came after
 *   what the tab shows now and is not older than what its own page already reported (`seq`); the check
 *   and the write are one synchronous step (tab-contexts.ts), so no report can be applied in between;
 * - every context has a fresh `contextId`; work started for a context checks that the context is still
 *   current before it writes anything, so a late answer for a patient the clinician has left is
 *   dropped, whatever order answers arrive in.
 */
import type { Patient } from '@medplum/fhirtypes';
import { patientKey } from '@/utils/record/types';
import type { RecordStore } from '@/utils/storage/record-store';
import { openRecordsByIdentifiers, syncPatientRecord } from '@/utils/record/sync';
import { FhirError, type FhirClient } from '@/utils/fhir/client';

import type { PageReport } from '@/utils/shared/page-protocol';
import { FHIR_PATIENT_ID_SYSTEM } from '@/utils/shared/local-identifiers';

import { checkIdentity } from './identity-check';
import { getKnownIdentifier, putKnownIdentifier } from './identifier-index';
import {
  currentTabContext, currentTabContexts, deleteTabContext, isLater, receiptNumber, stampOf, tabContextsReady, tabContextsWritten, writeTabContext,
  type Resolution, type Stamp, type TabContext,
} from './tab-contexts';
import { detectionKey, requireIdentityFields, type Detection, type DetectedPatient } from '@/utils/shared/detection';

function failure(err: unknown, fallback: string): Resolution {
  return { status: 'failed', offline: err instanceof FhirError && err.isOffline, message: err instanceof Error ? err.message : fallback };
}

/** A mapping from identifier to patient older than this is looked up again (patients merge, ids move). */
const IDENTIFIER_TTL_MS = 24 * 3_600_000;

export interface ContextServiceDeps {
  /** The cache, opened with this session's keys. */
  getStore(): Promise<RecordStore>;
  /** A FHIR client for the configured server. */
  getClient(): Promise<FhirClient>;
  /** How old a cached record may be before it is refreshed on open. */
  getStaleAfterMs(): Promise<number>;
  /** Whether the trust requires both halves of the identity check (name and date of birth) before a record is shown. */
  requiresBothIdentityHalves?(): Promise<boolean>;
  /** Called after a tab's context or its record changed (the background updates the badge). */
  onChanged?(tabId: number): void;
  now?: () => number;
  newId?: () => string;
}

export type ContextService = ReturnType<typeof createContextService>;

/**
 * Whether a report received at `receivedAt` may replace the tab's context `current`: it must have been
 * received after what the tab shows now, and must not be older than what its own page already said.
 *
 * @param report - the page's report: which page life sent it, and its number in that life
 * @param receivedAt - when the background took the report
 * @param current - the tab's context now (undefined: none yet)
 */
export function isNewerReport(report: Pick<PageReport, 'pageId' | 'seq'>, receivedAt: Stamp, current: TabContext | undefined): boolean {
  if (!current) return true;
  if (!isLater(receivedAt, current.receivedAt)) return false;
  return !(current.pageId === report.pageId && current.seq !== undefined && report.seq < current.seq);
}

/**
 * Makes the context service: it keeps each tab's patient in view, checks the patient's identity against the
 * record and resolves the record to show.
 *
 * @param deps - the cache, the FHIR client and the trust's settings it works with; `now` and `newId` for tests
 */
export function createContextService(deps: ContextServiceDeps) {
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const changed = (tabId: number) => deps.onChanged?.(tabId);

  function isCurrent(tabId: number, contextId: string): boolean {
    return currentTabContext(tabId)?.contextId === contextId;
  }

  /** Writes `resolution` only if `contextId` is still the tab's context (checked and written in one step). */
  function resolveIfCurrent(tabId: number, contextId: string, resolution: Resolution): boolean {
    const ctx = currentTabContext(tabId);
    if (ctx?.contextId !== contextId) return false;
    writeTabContext({ ...ctx, resolution, updatedAt: now() });
    changed(tabId);
    return true;
  }

  /**
   * Replaces the tab's context with a new one (a new contextId) showing `detection`, resolving unless
   * `resolution` says how it was already resolved. Synchronous: the caller has just checked the tab.
   */
  function setDetection(tabId: number, detection: Detection, receivedAt: Stamp, page?: { pageId: string; seq?: number; href: string }, resolution?: Resolution): TabContext {
    const ctx = writeTabContext({
      tabId,
      contextId: newId(),
      pageId: page?.pageId,
      seq: page?.seq,
      href: page?.href,
      detection,
      resolution: resolution ?? (detection.kind === 'patient' ? { status: 'resolving' } : { status: 'idle' }),
      receivedAt,
      updatedAt: now(),
    });
    changed(tabId);
    return ctx;
  }

  /** A stamp for something the background decides itself (a page closed, a wipe): later than every report received so far. */
  const ownStamp = () => stampOf(receiptNumber());

  /** Found (with which halves of the identity check were compared), mismatched, or hidden as partly checked. */
  async function judgement(seen: DetectedPatient, patient: Patient, key: string, patientId: string): Promise<Resolution> {
    const check = checkIdentity(seen, patient);
    if (!check.ok) return { status: 'mismatch', eprSays: check.eprSays, recordSays: check.recordSays, mismatches: check.mismatches };
    const both = check.checked.name && check.checked.birthDate;
    if (!both && (await deps.requiresBothIdentityHalves?.())) {
      return { status: 'partly-checked', missing: check.checked.missing ?? 'name or date of birth not read' };
    }
    return { status: 'found', patientKey: key, patientId, checked: check.checked };
  }

  /**
   * A patient seen before, judged from what is already known (the identifier's patient, and their cached
   * record) without asking the server: the context is then written found, or mismatched, in one go.
   * Undefined where anything is not known: the context is resolved the long way.
   */
  async function knownResolution(seen: DetectedPatient): Promise<Resolution | undefined> {
    const client = await deps.getClient();
    const { identifier } = seen;
    let patientId = identifier.system === FHIR_PATIENT_ID_SYSTEM ? identifier.value : undefined;
    if (!patientId) {
      const known = await getKnownIdentifier(`${client.baseUrl}|${identifier.system}|${identifier.value}`);
      if (known && now() - known.resolvedAt < IDENTIFIER_TTL_MS) patientId = known.patientId;
    }
    if (!patientId) return undefined;
    const key = patientKey(client.baseUrl, patientId);
    const record = await (await deps.getStore()).get(key);
    return record ? judgement(seen, record.patient, key, patientId) : undefined;
  }

  /**
   * Finds the context's patient in the shared record and refreshes their record. The page's name and
   * date of birth are checked against the record's Patient before the context is marked found: a record
   * naming someone else is never shown, watched, counted or audited, and is not kept when fetched.
   *
   * @param foundAlready - the context was written found from the cache (`knownResolution`): only the refresh is left
   */
  async function resolveAndSync(tabId: number, contextId: string, force: boolean, foundAlready = false): Promise<void> {
    const ctx = currentTabContext(tabId);
    if (ctx?.contextId !== contextId || ctx.detection.kind !== 'patient') return;
    const seen = ctx.detection.patient;
    const { identifier } = seen;
    const client = await deps.getClient();
    const idKey = `${client.baseUrl}|${identifier.system}|${identifier.value}`;

    let patientId: string | undefined;
    let looked: Patient | undefined;
    // An EPR running on the shared record names the Patient by its id: nothing to look up.
    if (identifier.system === FHIR_PATIENT_ID_SYSTEM) patientId = identifier.value;
    const known = patientId ? undefined : await getKnownIdentifier(idKey);
    if (known && now() - known.resolvedAt < IDENTIFIER_TTL_MS) patientId = known.patientId;
    const store = await deps.getStore();
    const accept = (patient: Patient) => checkIdentity(seen, patient).ok;
    /** The record came with the lookup, and was kept: nothing more to fetch now. */
    let fetchedWithLookup = false;
    if (!patientId) {
      try {
        // One request where the server can: the lookup and the record together (a record naming someone
        // other than the page shows is not kept).
        const [opened] = await openRecordsByIdentifiers(store, client, [identifier], { now, accept, stillWanted: () => isCurrent(tabId, contextId) });
        if (!opened || opened.kind === 'not-found') {
          resolveIfCurrent(tabId, contextId, { status: 'not-found' });
          return;
        }
        if (opened.kind === 'ambiguous') {
          resolveIfCurrent(tabId, contextId, {
            status: 'ambiguous',
            message: `The shared record holds ${opened.count} patients with this identifier, so none is shown.`,
          });
          return;
        }
        patientId = opened.patient.id!;
        looked = opened.patient;
        fetchedWithLookup = opened.stored;
        await putKnownIdentifier(idKey, { patientId, resolvedAt: now() });
      } catch (err) {
        // Offline with an older mapping: still show that patient's cached record, marked offline.
        if (known && err instanceof FhirError && err.isOffline) {
          patientId = known.patientId;
        } else {
          resolveIfCurrent(tabId, contextId, failure(err, 'The shared record could not be searched.'));
          return;
        }
      }
    }

    const key = patientKey(client.baseUrl, patientId);
    /** Marks the context found or mismatched by the page's name and date of birth against `patient`; true when found. */
    const judge = async (patient: Patient): Promise<boolean> => {
      const resolution = await judgement(seen, patient, key, patientId!);
      return resolveIfCurrent(tabId, contextId, resolution) && resolution.status === 'found';
    };
    // What is known of the Patient now: the lookup's answer, else the cached record's.
    const patientNow = foundAlready ? undefined : (looked ?? (await store.get(key))?.patient);
    const judged = foundAlready || patientNow !== undefined;
    if (patientNow && !(await judge(patientNow))) return;
    if (fetchedWithLookup) {
      changed(tabId);
      return;
    }
    let fetched: Patient | undefined;
    const outcome = await syncPatientRecord(store, client, patientId, {
      staleAfterMs: await deps.getStaleAfterMs(),
      force,
      now,
      stillWanted: () => isCurrent(tabId, contextId),
      accept: (patient) => {
        fetched = patient;
        return accept(patient);
      },
    });
    if (outcome === 'rejected' && fetched) {
      await judge(fetched);
    } else if (!judged) {
      const record = await store.get(key);
      if (record) {
        await judge(record.patient);
      } else if (outcome !== 'dropped') {
        const state = await store.syncState(key);
        resolveIfCurrent(tabId, contextId, { status: 'failed', offline: state?.status === 'offline', message: state?.message ?? 'The shared record could not be read.' });
      }
    }
    changed(tabId);
  }

  /** The tab shows no patient from now on, for `reason`, if the context is still `pageId`'s (any, when undefined). */
  function clearIfFrom(tabId: number, pageId: string | undefined, reason: string, code?: 'left'): void {
    const current = currentTabContext(tabId);
    if (!current || (pageId !== undefined && current.pageId !== pageId)) return;
    if (current.detection.kind === 'none' && current.detection.reason === reason) return;
    setDetection(tabId, { kind: 'none', reason, ...(code ? { code } : {}) }, ownStamp(), current.pageId ? { pageId: current.pageId, seq: current.seq, href: current.href ?? '' } : undefined);
  }

  return {
    /**
     * A content script reported what its page shows. Stamped as received (synchronously, before anything
     * is awaited), and applied only if it is the newest for its tab and page.
     *
     * @param receivedAt - the receipt number the caller took as the report arrived; taken here when omitted
     */
    async handleReport(tabId: number, raw: PageReport, receipt = receiptNumber()): Promise<void> {
      await tabContextsReady();
      const receivedAt = stampOf(receipt);
      // Checked again here, whatever the page's script said: nothing to compare means no patient.
      const report = { ...raw, detection: requireIdentityFields(raw.detection) };
      const { detection } = report;
      const known = detection.kind === 'patient' ? await knownResolution(detection.patient).catch(() => undefined) : undefined;
      // The check and the write: one synchronous step.
      const current = currentTabContext(tabId);
      if (!isNewerReport(report, receivedAt, current)) return;
      if (current && current.pageId === report.pageId && detectionKey(current.detection) === detectionKey(detection)) {
        // The same page saying the same thing again: nothing changes, but an older report of it is now older still.
        writeTabContext({ ...current, seq: report.seq, receivedAt });
        return;
      }
      const ctx = setDetection(tabId, detection, receivedAt, report, known);
      if (ctx.detection.kind !== 'patient' || ctx.resolution.status === 'mismatch' || ctx.resolution.status === 'partly-checked') return;
      await resolveAndSync(tabId, ctx.contextId, false, ctx.resolution.status === 'found');
    },

    /** A page went away: if it is the one the tab's context came from, no patient is in view. */
    async handlePageClosed(tabId: number, pageId: string): Promise<void> {
      await tabContextsReady();
      clearIfFrom(tabId, pageId, 'The EPR page was closed or left.');
    },

    /**
     * A page's content script stopped (its connection closed without the page saying it was leaving): the
     * page can no longer tell Alongside who is in view, so no one is.
     */
    async handlePageStopped(tabId: number, pageId: string): Promise<void> {
      await tabContextsReady();
      clearIfFrom(tabId, pageId, 'Alongside stopped reading this page. Reload it to see the patient again.', 'left');
    },

    /**
     * The tab navigated, or the service worker woke: ask the page what it shows. No answer means no
     * Alongside content script there (another site, or a page still loading): no patient.
     */
    async verifyTab(tabId: number, ask: () => Promise<PageReport | undefined>): Promise<void> {
      await tabContextsReady();
      const receipt = receiptNumber();
      let answer: PageReport | undefined;
      try {
        answer = await ask();
      } catch {
        answer = undefined;
      }
      if (answer) {
        await this.handleReport(tabId, answer, receipt);
        return;
      }
      const current = currentTabContext(tabId);
      if (current && current.detection.kind !== 'none' && isLater(stampOf(receipt), current.receivedAt)) {
        setDetection(tabId, { kind: 'none', reason: 'This page is not a patient record Alongside knows.' }, stampOf(receipt));
      }
    },

    /**
     * A tab whose page is on an EPR origin the content script runs on (the caller knows; the page has
     * finished loading): ask what it shows. No answer means the page was opened before Alongside could
     * read it (its origin was configured or allowed since), so it has no content script: the panel says
     * to reload it, rather than "open a patient" while one is open.
     */
    async checkEprTab(tabId: number, ask: () => Promise<PageReport | undefined>): Promise<void> {
      await tabContextsReady();
      const receipt = receiptNumber();
      let answer: PageReport | undefined;
      try {
        answer = await ask();
      } catch {
        answer = undefined;
      }
      if (answer) {
        await this.handleReport(tabId, answer, receipt);
        return;
      }
      const current = currentTabContext(tabId);
      if (current && !isLater(stampOf(receipt), current.receivedAt)) return;
      if (current?.detection.kind === 'none' && current.detection.code === 'needs-reload') return;
      setDetection(
        tabId,
        { kind: 'none', code: 'needs-reload', reason: 'This EPR page was opened before Alongside was set up (or allowed) to read it. Reload it, and Alongside reads it from then on.' },
        stampOf(receipt),
      );
    },

    /**
     * Clears every tab's patient (the cache has been wiped: sign-out, inactivity). The pages are asked
     * again by `verifyTab` when the clinician is back, which finds each patient afresh.
     */
    async clearAllPatients(reason: string): Promise<void> {
      await tabContextsReady();
      for (const ctx of currentTabContexts()) clearIfFrom(ctx.tabId, undefined, reason);
      await tabContextsWritten();
    },

    async handleTabRemoved(tabId: number): Promise<void> {
      await tabContextsReady();
      deleteTabContext(tabId);
    },

    /** The panel asked for a fresh copy of the context's record. */
    async refresh(tabId: number, contextId: string): Promise<void> {
      await tabContextsReady();
      await resolveAndSync(tabId, contextId, true);
    },
  };
}
