/**
 * The messages the extension's own pages (side panel, options, My tasks) send the background, as one
 * typed protocol map. What EPR pages and the background say to each other is utils/shared/page-protocol.ts.
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { NewTask, OwnerReference, TaskAction, TaskWriteAnswer } from '@/utils/tasks/task-actions';
import type { WriteDecision } from '@/utils/tasks/task-outbox';


/**
 * What the extension's own pages may ask; the background refuses each from anywhere else (routes by
 * sender, utils/background/routes.ts).
 */
export interface AlongsideProtocol {
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
  /**
   * The clinician made an action of one of the context's patient's letters a task, for `owner`: the
   * background takes the letter and the action's words from the cached record, never from the message.
   */
  createTaskFromLetter(request: { contextId: string; letterId: string; actionIndex: number; owner: OwnerReference }): TaskWriteAnswer;
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
