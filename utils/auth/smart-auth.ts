/**
 * Sign-in: SMART App Launch (standalone) / OAuth 2 authorisation code with PKCE, through oauth4webapi
 * and the browser's identity API (`launchWebAuthFlow`, which returns to the extension's own
 * `https://<id>.chromiumapp.org/` redirect URL).
 *
 * Tokens are kept in `storage.session` only: in memory, gone when the browser closes. The access
 * token is refreshed before it expires, by the refresh token when there is one. Who signed in (the
 * ID token's `fhirUser` and `name`) names the clinician on tasks, notes and audit events.
 */
import * as oauth from 'oauth4webapi';
import { browser } from 'wxt/browser';

export interface AuthConfig {
  /** The authorisation server (its OpenID discovery document is at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  scope: string;
  /** The FHIR server the tokens are for (SMART's `aud`). */
  fhirBaseUrl: string;
}

export interface SignedInUser {
  sub: string;
  name?: string;
  /** E.g. `Practitioner/123`. */
  fhirUser?: string;
}

interface StoredTokens {
  issuer: string;
  /** The FHIR server the tokens were issued for: they are sent nowhere else, even if the setting changes. */
  fhirBaseUrl: string;
  accessToken: string;
  refreshToken?: string;
  /** ms since epoch. */
  issuedAt: number;
  expiresAt: number;
  user: SignedInUser;
}

const TOKENS_KEY = 'authTokens';
/** Refreshed this long before expiry (or half the token's life, if shorter). */
const REFRESH_EARLY_MS = 60_000;

/** http is allowed for a server on this computer only (the sandbox); anything else must be https. */
function requestOptions(issuer: string) {
  const host = new URL(issuer).hostname;
  return host === 'localhost' || host === '127.0.0.1' ? { [oauth.allowInsecureRequests]: true } : {};
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
  return (await browser.storage.session.get(TOKENS_KEY))[TOKENS_KEY] as StoredTokens | undefined;
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
    issuedAt: Date.now(),
    expiresAt: Date.now() + (res.expires_in ?? 300) * 1000,
    user,
  };
  await browser.storage.session.set({ [TOKENS_KEY]: tokens });
  return tokens;
}

/**
 * Runs the sign-in: the authorisation server's page in a browser window, then the code exchange.
 * Throws with a message for the clinician when it fails or is cancelled.
 */
export async function signIn(config: AuthConfig): Promise<SignedInUser> {
  const as = await discover(config.issuer);
  const client: oauth.Client = { client_id: config.clientId };
  const redirectUri = browser.identity.getRedirectURL();
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri,
    scope: config.scope,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    aud: config.fhirBaseUrl,
  }).toString();
  const returned = await browser.identity.launchWebAuthFlow({ url: url.href, interactive: true });
  if (!returned) throw new Error('Sign-in was cancelled.');
  const params = oauth.validateAuthResponse(as, client, new URL(returned), state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri, verifier, requestOptions(config.issuer));
  const tokens = await saveTokens(config, await oauth.processAuthorizationCodeResponse(as, client, res));
  return tokens.user;
}

let refreshing: Promise<StoredTokens | undefined> | undefined;

/**
 * A valid access token, refreshed first if it is about to expire; undefined when not signed in (or
 * the refresh was refused, which signs the clinician out).
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
    return await saveTokens(config, await oauth.processRefreshTokenResponse(as, client, res), tokens);
  } catch (err) {
    // Refused (revoked, expired session): signed out. Unreachable: keep the token while it lasts.
    if (err instanceof oauth.ResponseBodyError) {
      await signOutTokens();
      return undefined;
    }
    return tokens.expiresAt > Date.now() ? tokens : undefined;
  }
}

/** Refreshes now if the token is close to expiry (the background's alarm calls this). */
export async function keepFresh(config: AuthConfig): Promise<void> {
  await getAccessToken(config);
}

export async function signedInUser(): Promise<SignedInUser | undefined> {
  return (await readTokens())?.user;
}

/**
 * Who the stored tokens belong to, as a stable key (`issuer|sub`), or undefined. Task writes carry it,
 * and a change of it (another clinician, or the tokens gone) wipes what the last one could see.
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
  await browser.storage.session.remove(TOKENS_KEY);
}

export { TOKENS_KEY };
