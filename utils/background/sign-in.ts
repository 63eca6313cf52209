/**
 * Signing in and out from the panel. Signing out forgets the tokens and wipes everything cached before
 * the server is asked to end its session (best effort: the next sign-in asks who is at the keyboard
 * anyway, utils/fhir/smart-auth.ts). Unsent task writes stay, sealed, until the next sign-in sends them.
 */
import { allTabContexts } from '@/utils/context/tab-contexts';
import { endServerSession, sessionToEnd, signIn, signOutTokens } from '@/utils/fhir/smart-auth';
import type { Lifecycle } from './lifecycle';
import type { Services } from './services';
import type { Sessions } from './sessions';

/**
 * Runs the sign-in; answers who signed in, or why it failed, in words.
 *
 * @param services - the background services, to look up again what waited for a token
 * @param sessions - the sign-in sessions, for the server's settings
 */
export async function signInFromPanel(services: Services, sessions: Sessions): Promise<{ user: string } | { problem: string }> {
  const auth = await sessions.authConfig();
  if (!auth) return { problem: 'No sign-in server is configured.' };
  try {
    const user = await signIn(auth);
    // What was refused for want of a token is looked up again now.
    const waiting = (await allTabContexts()).filter((c) => c.detection.kind === 'patient' && c.resolution.status !== 'found');
    await Promise.all(waiting.map((c) => services.contexts.refresh(c.tabId, c.contextId)));
    void services.push.checkNow();
    return { user: user.name ?? user.sub };
  } catch (err) {
    return { problem: `Sign-in did not complete: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * Signs out: tokens forgotten, everything cached wiped, then the server's session ended.
 *
 * @param sessions - the sign-in sessions, for the server's settings
 * @param lifecycle - wipes everything cached and says why
 */
export async function signOutFromPanel(sessions: Sessions, lifecycle: Lifecycle): Promise<void> {
  const [auth, session] = await Promise.all([sessions.authConfig(), sessionToEnd()]);
  await signOutTokens();
  await lifecycle.wipe('Signed out: sign in to see patients.');
  if (auth) void endServerSession(auth, session).catch(() => {});
}
