import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as oauth from 'oauth4webapi';
import { startAuthSandbox, type AuthSandbox } from './server';

const FHIR = 'http://localhost:8100/fhir';
// What chrome.identity.getRedirectURL() gives an extension.
const REDIRECT_URI = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const SCOPE = 'openid fhirUser offline_access launch/patient user/*.read user/Task.write';
// The sandbox is plain http on localhost; oauth4webapi refuses that unless told.
const insecure = { [oauth.allowInsecureRequests]: true } as const;

const client: oauth.Client = { client_id: 'alongside' };
let auth: AuthSandbox;
let as: oauth.AuthorizationServer;

beforeAll(async () => {
  auth = await startAuthSandbox({ fhirAudience: FHIR, redirectUris: [REDIRECT_URI] });
  const issuer = new URL(auth.issuer);
  as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...insecure }));
});
afterAll(async () => {
  await auth.close();
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * Opens the authorize URL as a browser would, with no clicks: follows each redirect by hand, carrying the
 * cookies the server sets, until the server sends us to the redirect URI.
 *
 * @returns the redirect URI with its query (code, state, iss)
 */
async function authorize(codeVerifier: string, state: string): Promise<URL> {
  const url = new URL(as.authorization_endpoint!);
  url.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SCOPE,
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    aud: FHIR, // SMART asks for it; the sandbox defaults the resource to the FHIR server anyway
  }).toString();

  const cookies = new Map<string, string>();
  let next = url;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(next, { redirect: 'manual', headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i), pair.slice(i + 1)];
      if (value) cookies.set(name, value);
      else cookies.delete(name); // cleared: oidc-provider expires a cookie by setting it empty
    }
    const location = res.headers.get('location');
    if (!location) throw new Error(`hop ${hop}: ${res.status} without a redirect: ${await res.text()}`);
    next = new URL(location, next);
    if (next.href.startsWith(REDIRECT_URI)) return next;
  }
  throw new Error('too many redirects');
}

/** Runs the whole authorization code + PKCE flow and returns the token response. */
async function signIn(): Promise<oauth.TokenEndpointResponse> {
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const params = oauth.validateAuthResponse(as, client, await authorize(verifier, state), state);
  const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT_URI, verifier, insecure);
  return oauth.processAuthorizationCodeResponse(as, client, res);
}

describe('sandbox authorisation server', () => {
  it('publishes SMART and OpenID discovery for the same endpoints', async () => {
    const smart = (await (await fetch(`${auth.issuer}/.well-known/smart-configuration`)).json()) as Record<string, unknown>;
    expect(smart).toMatchObject({
      issuer: auth.issuer,
      authorization_endpoint: as.authorization_endpoint,
      token_endpoint: as.token_endpoint,
      code_challenge_methods_supported: ['S256'],
    });
    expect(smart.capabilities).toEqual(expect.arrayContaining(['launch-standalone', 'client-public', 'permission-offline']));
    expect(as.issuer).toBe(auth.issuer);
  });

  it('signs in with no clicks, issues a FHIR access token and an ID token naming the user, and refreshes', async () => {
    const tokens = await signIn();
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(300);

    const verified = await auth.verifyAccessToken(tokens.access_token);
    expect(verified).toEqual({ sub: 'practitioner-demo', scope: 'launch/patient user/*.read user/Task.write', fhirUser: 'Practitioner/practitioner-demo' });
    expect(oauth.getValidatedIdTokenClaims(tokens)).toMatchObject({ sub: 'practitioner-demo', fhirUser: 'Practitioner/practitioner-demo' });

    // Refresh as the extension would: fetch from its own origin, so the answer must allow it by CORS.
    const origin = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
    const res = await oauth.refreshTokenGrantRequest(as, client, oauth.None(), tokens.refresh_token!, { ...insecure, headers: { Origin: origin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    const refreshed = await oauth.processRefreshTokenResponse(as, client, res);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(await auth.verifyAccessToken(refreshed.access_token)).toMatchObject({ sub: 'practitioner-demo', scope: expect.stringContaining('user/*.read') });
  });

  it('refuses a tampered, expired, wrongly addressed or foreign token', async () => {
    const tokens = await signIn();
    expect(await auth.verifyAccessToken(tokens.access_token)).toBeDefined();
    const [header, payload, signature] = tokens.access_token.split('.') as [string, string, string];

    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url');
    expect(await auth.verifyAccessToken(`${header}.${forged}.${signature}`)).toBeUndefined();
    expect(await auth.verifyAccessToken('not a jwt')).toBeUndefined();

    // Signed by the same key, but for the client, not the FHIR server.
    expect(tokens.id_token).toBeDefined();
    expect(await auth.verifyAccessToken(tokens.id_token!)).toBeUndefined();

    // Another server's key (and audience).
    const other = await startAuthSandbox({ fhirAudience: 'http://localhost:9999/fhir', redirectUris: [REDIRECT_URI] });
    try {
      expect(await other.verifyAccessToken(tokens.access_token)).toBeUndefined();
    } finally {
      await other.close();
    }

    // Only the clock is faked, so no timers or sockets are disturbed.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 301_000);
    expect(await auth.verifyAccessToken(tokens.access_token)).toBeUndefined();
  });

  it('refuses a code exchanged with the wrong PKCE verifier', async () => {
    const state = oauth.generateRandomState();
    const params = oauth.validateAuthResponse(as, client, await authorize(oauth.generateRandomCodeVerifier(), state), state);
    const res = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, REDIRECT_URI, oauth.generateRandomCodeVerifier(), insecure);
    await expect(oauth.processAuthorizationCodeResponse(as, client, res)).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
