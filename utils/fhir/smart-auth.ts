/**
 * Sign-in: SMART App Launch (standalone) / OAuth 2 authorisation code with PKCE, through oauth4webapi
 * and the browser's identity API (`launchWebAuthFlow`, which returns to the extension's own
 * `https://<id>.chromiumapp.org/` redirect URL).
 *
 * Tokens are kept in `storage.session` only: in memory, gone when the browser closes. The access
 * token is refreshed before it expires, by the refresh token when there is one. Who signed in (the
 * ID token's `fhirUser` and `name`) names the clinician on tasks, notes and audit events.
 *
 * Every sign-in asks whoever is at the keyboard (`prompt=login`, and `max_age`, checked against the ID
 * token's `auth_time`): a sign-in server that keeps single sign-on would otherwise sign the next
 * clinician in as the last one. Signing out revokes the refresh token and ends the server's session
 * where it offers an end-session endpoint (best effort: `prompt=login` holds either way).
 *
 * A token for another service (the trust's GP Connect proxy) is asked for with that service as its
 * audience (RFC 8707 resource indicators, by the refresh token): the shared record's token never goes
 * anywhere but the shared record.
 */
import * as oauth from 'oauth4webapi';
import { browser } from 'wxt/browser';
import { authTokens } from '@/utils/shared/state';

export interface AuthConfig {
  /** The authorisation server (its OpenID discovery document is at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  scope: string;
  /** The FHIR server the tokens are for (SMART's `aud`). */
  fhirBaseUrl: string;
  /** Other services the clinician's sign-in covers, each given tokens of its own (the GP Connect proxy). */
  otherResources?: string[];
}

export interface SignedInUser {
  sub: string;
  name?: string;
  /** E.g. `Practitioner/123`. */
  fhirUser?: string;
}

export interface StoredTokens {
  issuer: string;
  /** The FHIR server the tokens were issued for: they are sent nowhere else, even if the setting changes. */
  fhirBaseUrl: string;
  accessToken: string;
  refreshToken?: string;
  /** For the end-session request at sign-out. */
  idToken?: string;
  /** Tokens for other services, by their audience (the service's base URL). */
  audiences?: Record<string, { accessToken: string; expiresAt: number }>;
  /** ms since epoch. */
  issuedAt: number;
  expiresAt: number;
  user: SignedInUser;
}

/** Refreshed this long before expiry (or half the token's life, if shorter). */
const REFRESH_EARLY_MS = 60_000;
/** The sign-in must have been made within this many seconds (the server asked to check who is there). */
const MAX_AUTH_AGE_S = 300;

/** http is allowed for a server on this computer only (the sandbox); anything else must be https. */
function requestOptions(issuer: string) {
  const host = new URL(issuer).hostname;
  return host === 'localhost' || host === '127.0.0.1' ? { [oauth.allowInsecureRequests]: true } : {};
}

/**
 * The client, told how far the authorisation server's clock is from this machine's (its answer's `Date`
 * header less our time), for checking the times the server wrote in its ID token (`exp`, `nbf`,
 * `auth_time` against `max_age`) on the server's own clock: a machine 10 minutes fast or slow would
 * otherwise refuse every sign-in. Only those checks use it; when a token expires is decided on this
 * machine's clock alone, from when we received it plus `expires_in` (see `saveTokens`).
 */
function onServerClock(client: oauth.Client, res: Response): oauth.Client {
  const serverNow = Date.parse(res.headers.get('Date') ?? '');
  if (Number.isNaN(serverNow)) return client;
  return { ...client, [oauth.clockSkew]: Math.round((serverNow - Date.now()) / 1000) };
}

const servers = new Map<string, Promise<oauth.AuthorizationServer>>();
function discover(issuer: string): Promise<oauth.AuthorizationServer> {
  let found = servers.get(issuer);
  if (!found) {
    const url = new URL(issuer);
    found = oauth.discoveryRequest(url, { algorithm: 'oidc', ...requestOptions(issuer) }).then((res) => oauth.processDiscoveryResponse(url, res));
    found.catch(() => servers.delete(issuer));
    servers.set(issuer, found);
  }
  return found;
}

async function readTokens(): Promise<StoredTokens | undefined> {
  return (await authTokens.getValue()) ?? undefined;
}

async function saveTokens(config: AuthConfig, res: oauth.TokenEndpointResponse, previous?: StoredTokens): Promise<StoredTokens> {
  const claims = oauth.getValidatedIdTokenClaims(res);
  const user: SignedInUser = claims
    ? { sub: claims.sub, name: typeof claims.name === 'string' ? claims.name : undefined, fhirUser: typeof claims.fhirUser === 'string' ? claims.fhirUser : undefined }
    : (previous?.user ?? { sub: 'unknown' });
  const tokens: StoredTokens = {
    issuer: config.issuer,
    fhirBaseUrl: config.fhirBaseUrl,
    accessToken: res.access_token,
    // A refresh may or may not rotate the refresh token.
    refreshToken: res.refresh_token ?? previous?.refreshToken,
    idToken: res.id_token ?? previous?.idToken,
    audiences: previous?.audiences,
    // On this machine's clock: received now, good for `expires_in` seconds. Never the server's `exp`
    // compared with our clock, which a machine 10 minutes fast or slow would get 10 minutes wrong.
    issuedAt: Date.now(),
    expiresAt: Date.now() + (res.expires_in ?? 300) * 1000,
    user,
  };
  await authTokens.setValue(tokens);
  return tokens;
}

/**
 * Runs the sign-in: the authorisation server's page in a browser window, then the code exchange.
 * Throws with a message for the clinician when it fails or is cancelled.
 *
 * @param config - the trust's sign-in settings (issuer, client id, scope, FHIR server)
 */
export async function signIn(config: AuthConfig): Promise<SignedInUser> {
  const as = await discover(config.issuer);
  const client: oauth.Client = { client_id: config.clientId };
  const redirectUri = browser.identity.getRedirectURL();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  const search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: config.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    aud: config.fhirBaseUrl,
    // Whoever is at the keyboard signs in: never the last clinician's single sign-on session.
    prompt: 'login',
    max_age: String(MAX_AUTH_AGE_S),
    // Every service the sign-in covers (RFC 8707): each later gets a token with itself as audience.
    resource: config.fhirBaseUrl,
  });
  for (const other of config.otherResources ?? []) search.append('resource', other);
  url.search = search.toString();
  const returned = await browser.identity.launchWebAuthFlow({ url: url.href, interactive: true });
  if (!returned) throw new Error('Sign-in was cancelled.');
  const params = oauth.validateAuthResponse(as, client, new URL(returned), state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, { ...requestOptions(config.issuer), additionalParameters: { resource: config.fhirBaseUrl } });
  const tokens = await saveTokens(config, await oauth.processAuthorizationCodeResponse(as, onServerClock(client, res), res, { maxAge: MAX_AUTH_AGE_S }));
  return tokens.user;
}

/**
 * A token for another service the trust runs (its GP Connect proxy), with that service as its audience,
 * asked for by the refresh token (RFC 8707). Undefined when not signed in, or the server will not issue
 * one: the request then goes without a token, and the service refuses it or not as it decides.
 *
 * @param config - the trust's sign-in settings; the stored tokens must be for its issuer and FHIR server
 * @param resource - the service's base URL (the token's audience)
 */
export async function getAccessTokenFor(config: AuthConfig, resource: string): Promise<string | undefined> {
  const tokens = await readTokens();
  if (!tokens?.refreshToken || tokens.issuer !== config.issuer || tokens.fhirBaseUrl !== config.fhirBaseUrl) return undefined;
  const held = tokens.audiences?.[resource];
  if (held && held.expiresAt - Date.now() > REFRESH_EARLY_MS) return held.accessToken;
  try {
    const as = await discover(config.issuer);
    const client: oauth.Client = { client_id: config.clientId };
    const res = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refreshToken, { ...requestOptions(config.issuer), additionalParameters: { resource } });
    const answer = await oauth.processRefreshTokenResponse(as, onServerClock(client, res), res);
    const latest = (await readTokens()) ?? tokens;
    // Only while the same clinician is signed in: a sign-out or another sign-in meanwhile wins.
    if (tokenOwner(latest) !== tokenOwner(tokens)) return undefined;
    const audiences = { ...latest.audiences, [resource]: { accessToken: answer.access_token, expiresAt: Date.now() + (answer.expires_in ?? 300) * 1000 } };
    await authTokens.setValue({ ...latest, refreshToken: answer.refresh_token ?? latest.refreshToken, audiences });
    return answer.access_token;
  } catch {
    return undefined;
  }
}

/** What the server needs to end a sign-in, taken before the tokens are forgotten (opaque to callers). */
export interface SessionToEnd {
  tokens: StoredTokens;
}

/** The signed-in session, to end at the server once everything on this machine is wiped. */
export async function sessionToEnd(): Promise<SessionToEnd | undefined> {
  const tokens = await readTokens();
  return tokens ? { tokens } : undefined;
}

/**
 * Ends the sign-in at the server, best effort: the refresh token revoked, and the server's own session
 * ended where it has an end-session endpoint. Called after this machine has forgotten everything.
 *
 * @param config - the trust's sign-in settings
 * @param session - the tokens kept back to end the session with (undefined: nothing to end)
 */
export async function endServerSession(config: AuthConfig, session: SessionToEnd | undefined): Promise<void> {
  const tokens = session?.tokens;
  if (!tokens || tokens.issuer !== config.issuer) return;
  const as = await discover(config.issuer).catch(() => undefined);
  if (!as) return;
  const client: oauth.Client = { client_id: config.clientId };
  if (tokens.refreshToken && as.revocation_endpoint) {
    await oauth.revocationRequest(as, client, oauth.None(), tokens.refreshToken, requestOptions(config.issuer)).then((r) => oauth.processRevocationResponse(r)).catch(() => {});
  }
  if (as.end_session_endpoint && tokens.idToken) {
    const url = new URL(as.end_session_endpoint);
    url.search = new URLSearchParams({ id_token_hint: tokens.idToken, client_id: config.clientId, post_logout_redirect_uri: browser.identity.getRedirectURL() }).toString();
    // Without a window: a server that asks the clinician to confirm is left to prompt=login at the next sign-in.
    await Promise.race([browser.identity.launchWebAuthFlow({ url: url.href, interactive: false }).catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))]);
  }
}

let refreshing: Promise<StoredTokens | undefined> | undefined;

/**
 * A valid access token, refreshed first if it is about to expire; undefined when not signed in (or
 * the refresh was refused, which signs the clinician out).
 *
 * @param config - the trust's sign-in settings; the stored tokens must be for its issuer and FHIR server
 */
export async function getAccessToken(config: AuthConfig): Promise<string | undefined> {
  const tokens = await readTokens();
  // Bound to the issuer and the FHIR server they were issued for: a changed setting never sends them elsewhere.
  if (!tokens || tokens.issuer !== config.issuer || tokens.fhirBaseUrl !== config.fhirBaseUrl) return undefined;
  const early = Math.min(REFRESH_EARLY_MS, (tokens.expiresAt - tokens.issuedAt) / 2);
  if (tokens.expiresAt - Date.now() > early) return tokens.accessToken;
  refreshing ??= refresh(config, tokens).finally(() => (refreshing = undefined));
  return (await refreshing)?.accessToken;
}

async function refresh(config: AuthConfig, tokens: StoredTokens): Promise<StoredTokens | undefined> {
  if (!tokens.refreshToken) {
    if (tokens.expiresAt > Date.now()) return tokens;
    await signOutTokens();
    return undefined;
  }
  try {
    const as = await discover(config.issuer);
    const client: oauth.Client = { client_id: config.clientId };
    const res = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refreshToken, requestOptions(config.issuer));
    return await saveTokens(config, await oauth.processRefreshTokenResponse(as, onServerClock(client, res), res), tokens);
  } catch (err) {
    // Refused (revoked, expired session): signed out. Unreachable: keep the token while it lasts.
    if (err instanceof oauth.ResponseBodyError) {
      await signOutTokens();
      return undefined;
    }
    return tokens.expiresAt > Date.now() ? tokens : undefined;
  }
}

/**
 * Refreshes now if the token is close to expiry (the background's alarm calls this).
 *
 * @param config - the trust's sign-in settings
 */
export async function keepFresh(config: AuthConfig): Promise<void> {
  await getAccessToken(config);
}

export async function signedInUser(): Promise<SignedInUser | undefined> {
  return (await readTokens())?.user;
}

/**
 * Who the stored tokens belong to, as a stable key (`issuer|sub`), or undefined. Task writes carry it,
 * and a change of it (another clinician, or the tokens gone) wipes what the last one could see.
 *
 * @param stored - the stored tokens as read from storage (anything: checked here)
 */
export function tokenOwner(stored: unknown): string | undefined {
  const t = stored as Partial<StoredTokens> | undefined;
  return t?.issuer && t.user?.sub ? `${t.issuer}|${t.user.sub}` : undefined;
}

/** The signed-in clinician's key (see `tokenOwner`). */
export async function signedInOwner(): Promise<string | undefined> {
  return tokenOwner(await readTokens());
}

/** Forgets the tokens (the caller wipes the cache too). */
export async function signOutTokens(): Promise<void> {
  await authTokens.removeValue();
}

