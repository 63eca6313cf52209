/**
 * My tasks as the background keeps it in `storage.session` (the `myTasks` item, utils/shared/state.ts) and
 * the My tasks page reads it. A module of
 * its own so the page imports none of the background's code (the watch service, the code lists).
 */
import type { TaskLine } from '@/utils/tasks/pending-tasks';

/** What My tasks says instead of a restricted (sensitive) patient's name. */
export const RESTRICTED_NAME = 'Restricted record (name withheld)';

/** My tasks as the worklist page shows them (session storage only). */
export interface MyTasks {
  fetchedAt: number;
  serverBase: string;
  lines: (TaskLine & { patientId?: string; patientName?: string })[];
}
