/**
 * A record drawn in the panel: noted as viewed (for "new since you last looked", and watched for the rest
 * of the day) and audited, once per view (utils/audit/views.ts). The background is the only writer of
 * the views table: the panel only reads it (docs/architecture.md, one writer per table).
 */
import { browser } from 'wxt/browser';
import { recordViewAuditEvent } from '@/utils/audit/audit-event';
import { startsNewView } from '@/utils/audit/views';
import { allTabContexts } from '@/utils/context/tab-contexts';
import { patientKey } from '@/utils/record/types';
import type { Services } from './services';
import type { Sessions } from './sessions';

/**
 * The panel drew the record of context `contextId`.
 *
 * @param services - the background services (watch list, record store, audit queue)
 * @param sessions - the sign-in sessions: the FHIR client and who is viewing
 * @param contextId - the context the panel drew, as the panel named it
 * @param since - the wipe generation when the message arrived (`watch.epoch()`): a view seen before a
 *   wipe is the last clinician's, and nothing of it is written after the wipe
 */
export async function noteRecordViewed(services: Services, sessions: Sessions, contextId: string, since: number): Promise<void> {
  const ctx = (await allTabContexts()).find((c) => c.contextId === contextId);
  if (!ctx || ctx.resolution.status !== 'found' || ctx.detection.kind !== 'patient') return;
  const { patientId } = ctx.resolution;
  const client = await sessions.getClient();
  if (services.watch.epoch() !== since) return;
  // Viewed today: watched for changes for the rest of the day; and when, for the next "new since".
  void services.watch.noteViewed(client.baseUrl, patientId, since).catch(() => {});
  void services.store.then((store) => store.markViewed(patientKey(client.baseUrl, patientId), Date.now())).catch(() => {});
  // One view, one audit: the same patient again on the same page continues the view it was in.
  if (!(await startsNewView(ctx.tabId, ctx.pageId, patientId))) return;
  const event = recordViewAuditEvent({
    patientId,
    eprOrigin: ctx.href ? new URL(ctx.href).origin : 'unknown',
    readerId: ctx.detection.patient.readerId,
    contextId,
    viewer: await sessions.currentActor(),
    at: new Date(),
    extensionVersion: browser.runtime.getManifest().version,
  });
  await services.audit.enqueue(event, contextId);
  services.flushAudit();
}
