/**
 * Which messages the background takes, grouped by who may send them (as uBlock Origin's messaging
 * groups its channels by sender class): the extension's own pages (side panel, options, My tasks) may
 * ask anything in the protocol, and the sender is checked once, here, for the whole group. Content
 * scripts send nothing by message: what pages see comes over their ports (page-ports.ts), and a page's
 * message of any of these types is refused.
 */
import type { AlongsideProtocol } from '@/utils/messaging/protocol';
import { onMessage } from '@/utils/messaging/protocol';
import { allTabContexts } from '@/utils/context/tab-contexts';
import type { Lifecycle } from './lifecycle';
import { noteRecordViewed } from './record-views';
import { fromExtensionPage } from './senders';
import type { Services } from './services';
import type { Sessions } from './sessions';
import { signInFromPanel, signOutFromPanel } from './sign-in';

type Route<K extends keyof AlongsideProtocol> = (data: Parameters<AlongsideProtocol[K]>[0]) => ReturnType<AlongsideProtocol[K]> | Promise<ReturnType<AlongsideProtocol[K]>>;
/** One handler per message of the protocol: a message the protocol adds and nobody routes is a type error. */
export type ExtensionPageRoutes = { [K in keyof AlongsideProtocol]: Route<K> };

/** What a refused message is answered (where its type has an answer): in words, never silence. */
const REFUSALS: Partial<{ [K in keyof AlongsideProtocol]: ReturnType<AlongsideProtocol[K]> }> = {
  taskAction: { problem: 'Refused: task changes come from Alongside’s own panel only.' },
  createTask: { problem: 'Refused: task changes come from Alongside’s own panel only.' },
  createTaskFromLetter: { problem: 'Refused: task changes come from Alongside’s own panel only.' },
  signIn: { problem: 'Sign-in starts from Alongside’s own panel only.' },
};

/**
 * The extension's own pages' routes, over the services.
 *
 * @param services - the services the routes act on
 * @param sessions - the signed-in session (who is viewing, for the audit)
 * @param lifecycle - wipes the cache and checks the tabs again, for `clearCachedData`
 */
export function extensionPageRoutes(services: Services, sessions: Sessions, lifecycle: Lifecycle): ExtensionPageRoutes {
  const { contexts, tasks, push, notifier, watch } = services;
  return {
    refreshPatient: async (contextId) => {
      const ctx = (await allTabContexts()).find((c) => c.contextId === contextId);
      if (ctx) await contexts.refresh(ctx.tabId, contextId);
    },
    // Cleared on request while the clinician is here: the patients in view are found afresh at once.
    clearCachedData: () => lifecycle.wipe('Cached records were cleared.').then(lifecycle.verifyAllTabs),
    recordViewed: (contextId) => noteRecordViewed(services, sessions, contextId, watch.epoch()),
    taskAction: (request) => tasks.act(request),
    createTask: (request) => tasks.create(request),
    // A letter's action made a task: the letter and its words come from the cached record (issue 22).
    createTaskFromLetter: (request) => tasks.createFromLetter(request),
    decideTaskWrite: (request) => tasks.decide(request.writeId, request.decision),
    // The clinician's "Check now" always asks, whatever the back-off after a failure says.
    pollNow: () => push.checkNow({ force: true }).then(() => undefined),
    openNotice: (noticeId) => notifier.open(noticeId),
    signIn: () => signInFromPanel(services, sessions),
    signOut: () => signOutFromPanel(sessions, lifecycle),
  };
}

/**
 * Takes each message of the group from the extension's own pages only: from anyone else (a content
 * script, another extension, a web page) it is refused before its handler runs. Synchronous: call in
 * the worker's first turn. Answers a function that stops listening (tests).
 *
 * @param routes - one handler per message the extension's pages may send
 */
export function routeExtensionPageMessages(routes: ExtensionPageRoutes): () => void {
  const stops = (Object.keys(routes) as (keyof AlongsideProtocol)[]).map((type) =>
    onMessage(type, ({ data, sender }) => {
      if (!fromExtensionPage(sender)) return REFUSALS[type] as never;
      return (routes[type] as (d: unknown) => unknown)(data) as never;
    }),
  );
  return () => stops.forEach((stop) => stop());
}
