/**
 * Who is acting, and with what: the FHIR client for the configured server (with the signed-in
 * clinician's token where sign-in is on), the clinician named on tasks and audit events, and the key
 * their task writes are bound to. One place for the rules a session follows:
 * - a 401 means the token is no good any more: it is forgotten (the wipe follows, lifecycle.ts);
 * - the audit endpoint, when separate, never gets the token (it is the shared record's alone);
 * - signed out where sign-in is required, nothing is asked of the server.
 */
import { FhirClient } from '@/utils/fhir/client';
import { getAccessToken, signedInOwner, signedInUser, signOutTokens, type AuthConfig } from '@/utils/fhir/smart-auth';
import { loadSettings, notConfiguredReason } from '@/utils/settings/settings';
import type { Actor } from '@/utils/tasks/task-actions';

export interface Sessions {
  /** The sign-in server, when the trust configures one. */
  authConfig(): Promise<AuthConfig | undefined>;
  /** A client for the shared record's FHIR server; throws (in words) when Alongside is not set up. */
  getClient(): Promise<FhirClient>;
  /** A client for the audit endpoint: the shared record's own, unless the trust names another (which gets no token). */
  getAuditClient(): Promise<FhirClient>;
  /** Who is acting: the signed-in clinician, else the one the trust configured for this browser. */
  currentActor(): Promise<Actor>;
  /**
   * The key task writes are bound to: the signed-in clinician where sign-in is required, else the
   * clinician the trust configured for this browser; undefined when nobody is known.
   */
  currentAuthor(): Promise<string | undefined>;
  /** The clinician and their teams, as references (whose tasks are "mine"). */
  owners(): Promise<string[]>;
  /** Signed out where sign-in is required: nothing is asked of the server until the clinician signs in. */
  waitingForSignIn(): Promise<boolean>;
}

/** The session rules over the settings and the stored tokens (nothing kept here: both can change at any time). */
export function createSessions(): Sessions {
  const authConfig = async (): Promise<AuthConfig | undefined> => {
    const s = await loadSettings();
    return s.authIssuer ? { issuer: s.authIssuer, clientId: s.authClientId, scope: s.authScope, fhirBaseUrl: s.fhirBaseUrl, otherResources: s.gpConnectEndpoint ? [s.gpConnectEndpoint] : [] } : undefined;
  };
  const getClient = async () => {
    const [settings, auth] = await Promise.all([loadSettings(), authConfig()]);
    const unconfigured = notConfiguredReason(settings);
    if (unconfigured) throw new Error(unconfigured);
    return new FhirClient({
      baseUrl: settings.fhirBaseUrl,
      getAccessToken: async () => (auth ? getAccessToken(auth) : undefined),
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (res.status === 401 && auth) await signOutTokens();
        return res;
      },
    });
  };
  const currentActor = async (): Promise<Actor> => {
    const [s, user] = await Promise.all([loadSettings(), signedInUser()]);
    if (user) return { reference: user.fhirUser, display: user.name ?? user.sub };
    return { reference: s.userReference || undefined, display: s.userDisplay || 'Clinician using this browser' };
  };
  return {
    authConfig,
    getClient,
    getAuditClient: async () => {
      const settings = await loadSettings();
      return settings.auditEndpoint ? new FhirClient({ baseUrl: settings.auditEndpoint }) : getClient();
    },
    currentActor,
    currentAuthor: async () => {
      if (await authConfig()) return signedInOwner();
      const s = await loadSettings();
      return s.userReference ? `configured|${s.userReference}` : undefined;
    },
    owners: async () => {
      const [s, actor] = await Promise.all([loadSettings(), currentActor()]);
      return [actor.reference, ...s.teamReferences].filter((r): r is string => !!r);
    },
    waitingForSignIn: async () => !!(await authConfig()) && !(await signedInUser()),
  };
}
