/**
 * The messages that cross between the extension's contexts, as one typed protocol map.
 * Background → content script: a question (what pages see goes over each page's own port,
 * utils/context/report-channel.ts).
 * Side panel → background: requests. Only plain data crosses; no patient data goes to the page.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Detection } from '../context/types';
import type { NewTask, TaskAction } from '../tasks/task-actions';
import type { WriteDecision } from '../tasks/task-outbox';

/** The answer to a task write: queued (with its write id), or why it was not. */
export type TaskWriteAnswer = { writeId: string } | { problem: string };

/** What one page (one content-script life) has in view. */
export interface PageReport {
  /** Random per content-script life, so a late message from a page that has gone can be recognised. */
  pageId: string;
  /**
   * The page's report number: 1, 2, 3… in the order the page read them. A report older than one already
   * applied for the same page is never applied (docs/security-and-safety.md, "the newest report wins").
   */
  seq: number;
  /** The page's address when it was read. */
  href: string;
  detection: Detection;
}

/**
 * Who may send what. Content scripts (EPR pages) may only report what they see and ask what to read;
 * everything else comes from the extension's own pages, and the background refuses it from anywhere else
 * (entrypoints/background/senders.ts).
 */
export interface AlongsideProtocol {
  /** Asked of a tab's content script: what do you have in view now? (Pages report over their own port: utils/context/report-channel.ts.) */
  whatIsInView(): PageReport;
  /** The side panel asks for the record of a context to be fetched again now. */
  refreshPatient(contextId: string): void;
  /** The clinician asked to clear everything cached (as at sign-out). */
  clearCachedData(): void;
  /** The side panel showed the record of a context to the clinician (audited, once per context). */
  recordViewed(contextId: string): void;
  /** The clinician acted on a task of the context's patient, as the panel showed it (`baseVersion`). */
  taskAction(request: { contextId: string; taskId: string; baseVersion: string; action: TaskAction }): TaskWriteAnswer;
  /** The clinician asked another team to do something for the context's patient. */
  createTask(request: { contextId: string; task: NewTask }): TaskWriteAnswer;
  /** The clinician's decision on a task write in conflict or refused. */
  decideTaskWrite(request: { writeId: string; decision: WriteDecision }): void;
  /** Check for changes now (My tasks' refresh button; the sandbox event tests). */
  pollNow(): void;
  /** Bring up what a notice is about (as clicking its notification does). */
  openNotice(noticeId: string): void;
  /** Sign in with the trust's authorisation server; answers who signed in, or why it failed. */
  signIn(): { user: string } | { problem: string };
  /** Sign out: tokens forgotten and everything cached wiped. */
  signOut(): void;
}

// No logger: messages carry identifiers and names, which must never reach a console.
export const { sendMessage, onMessage } = defineExtensionMessaging<AlongsideProtocol>();
