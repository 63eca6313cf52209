/**
 * The sandbox OAuth 2 / SMART authorisation server: node-oidc-provider served with node:http, for the tests
 * and the demo; never part of the extension.
 *
 * One public client (PKCE S256, no secret) signs in as one configured user with no password and no consent
 * screen: the login and consent interactions finish themselves, so a browser (or a test's fetch) that follows
 * the authorize URL's redirects lands on the redirect URI with `?code=…&state=…`. Access tokens are JWTs for
 * the FHIR server (resource indicators, RFC 8707), so the FHIR sandbox can check them with `verifyAccessToken`.
 *
 * SMART App Launch: https://hl7.org/fhir/smart-app-launch/
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import Provider, { errors, type Configuration, type JWK, type PromptDetail } from 'oidc-provider';

export interface SandboxUser {
  /** The subject identifier, also the account id. */
  sub: string;
  name: string;
  /** SMART's `fhirUser` claim: the FHIR resource for the user, e.g. `Practitioner/123`. */
  fhirUser?: string;
}

export interface AuthSandbox {
  /** `http://localhost:<port>`: the issuer and the base of the discovery documents. */
  issuer: string;
  port: number;
  /**
   * Checks an access token as the FHIR server should: signature, issuer, audience, expiry and `typ`.
   *
   * @returns the token's subject, scope and fhirUser, or `undefined` when the token is not valid
   */
  verifyAccessToken(token: string, audience?: string): Promise<{ sub: string; scope: string; fhirUser?: string } | undefined>;
  /** The next sign-in is this clinician (another clinician on the same browser). */
  signInAs(user: SandboxUser): void;
  close(): Promise<void>;
}

export interface AuthSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The address to listen on; default 127.0.0.1. */
  host?: string;
  /** The FHIR server's base URL: the access tokens' audience (`aud`) and resource indicator. */
  fhirAudience: string;
  /** Other services tokens may be asked for (RFC 8707 `resource`), each its own audience: the GP Connect proxy. */
  otherAudiences?: string[];
  /** The public client's id; default `alongside`. */
  clientId?: string;
  /** Where the code is sent, e.g. `https://<extension-id>.chromiumapp.org/` (chrome.identity). */
  redirectUris: string[];
  /** Default 300. */
  accessTokenTtlSeconds?: number;
  /** Who is signed in; default Dr Demo Clinician, `Practitioner/practitioner-demo`. */
  user?: SandboxUser;
}

/** The SMART scopes granted on the FHIR server; the OpenID ones (openid, fhirUser, …) are the provider's own. */
const FHIR_SCOPES = ['launch/patient', 'user/*.read', 'user/Task.write'];
const OIDC_SCOPES = ['openid', 'fhirUser', 'profile', 'offline_access'];

const DEFAULT_USER: SandboxUser = { sub: 'practitioner-demo', name: 'Dr Demo Clinician', fhirUser: 'Practitioner/practitioner-demo' };

/**
 * Starts the authorisation server.
 *
 * @param opts.fhirAudience - the FHIR base URL the access tokens are for
 * @param opts.redirectUris - the client's registered redirect URIs
 */
export async function startAuthSandbox(opts: AuthSandboxOptions): Promise<AuthSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const clientId = opts.clientId ?? 'alongside';
  const ttl = opts.accessTokenTtlSeconds ?? 300;
  // Who the next sign-in is (the tests switch clinicians on one browser with `signInAs`).
  let user = opts.user ?? DEFAULT_USER;

  // A fresh signing key each start: tokens never outlive the process that can check them.
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = await exportJWK(privateKey);
  signingJwk.kid = await calculateJwkThumbprint(signingJwk);
  signingJwk.alg = 'RS256';
  signingJwk.use = 'sig';

  // The issuer names the port, so listen first and build the provider once the port is known (no request
  // can arrive before then: nothing below awaits until the provider exists).
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://localhost:${port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: clientId,
        // chrome.identity's https://<id>.chromiumapp.org/ is an ordinary https URI for a 'web' client, so
        // oidc-provider's redirect URI checks need no relaxing.
        redirect_uris: opts.redirectUris,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingJwk as JWK] },
    pkce: { required: () => true },
    scopes: OIDC_SCOPES,
    claims: { openid: ['sub'], profile: ['name'], fhirUser: ['fhirUser'] },
    // SMART clients read fhirUser from the ID token: the JWT access token cannot be used at userinfo.
    conformIdTokenClaims: false,
    findAccount: (_ctx, id) =>
      id === user.sub
        ? { accountId: id, claims: () => ({ sub: id, name: user.name, ...(user.fhirUser ? { fhirUser: user.fhirUser } : {}) }) }
        : undefined,
    extraTokenClaims: (_ctx, token) => ('accountId' in token && token.accountId === user.sub && user.fhirUser ? { fhirUser: user.fhirUser } : undefined),
    features: {
      devInteractions: { enabled: false }, // replaced by autoInteraction below
      resourceIndicators: {
        enabled: true,
        // The client need not send `resource`: every token is for the FHIR server.
        defaultResource: () => opts.fhirAudience,
        // Without this, a request with `openid` and no `resource` at the token endpoint gets an opaque
        // userinfo token instead of the FHIR JWT.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (resource !== opts.fhirAudience && !opts.otherAudiences?.includes(resource)) throw new errors.InvalidTarget();
          return { scope: FHIR_SCOPES.join(' '), audience: resource, accessTokenFormat: 'jwt', accessTokenTTL: ttl, jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    // OpenID Connect drops offline_access unless the request says prompt=consent; SMART clients ask for
    // offline_access without it. So our one client, allowed to refresh, always gets a refresh token.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Stated so oidc-provider does not fall back to (and log about) its defaults.
    ttl: { AccessToken: ttl, IdToken: 3600, Interaction: 600, Session: 14 * 24 * 3600, Grant: 14 * 24 * 3600, RefreshToken: 14 * 24 * 3600 },
    // The extension calls the token endpoint with fetch from its chrome-extension:// origin.
    clientBasedCORS: () => true,
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  /** The sandbox's own routes first, then everything else is oidc-provider's. */
  async function route(req: http.IncomingMessage, res: http.ServerResponse) {
    const { pathname } = new URL(req.url ?? '/', issuer);
    if (pathname === '/.well-known/smart-configuration') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify(smartConfiguration(provider)));
    } else if (pathname.startsWith('/interaction/')) {
      await autoInteraction(provider, req, res);
    } else {
      void callback(req, res); // Koa answers its own errors
    }
  }

  /**
   * Finishes each interaction as the configured user, with no page: login first, then consent to exactly
   * what was asked. Each step answers 303 back to the authorization endpoint, which then asks for the
   * next prompt or redirects to the client.
   */
  async function autoInteraction(p: Provider, req: http.IncomingMessage, res: http.ServerResponse) {
    const { prompt, params, session, grantId } = await p.interactionDetails(req, res);
    switch (prompt.name) {
      case 'login':
        await p.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
        return;
      case 'consent': {
        const grant = (grantId ? await p.Grant.find(grantId) : undefined) ?? new p.Grant({ accountId: session!.accountId, clientId: String(params.client_id) });
        grantMissing(grant, prompt);
        await p.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
        return;
      }
      default:
        throw new Error(`sandbox: no automatic answer for the ${prompt.name} prompt`);
    }
  }

  return {
    issuer,
    port,
    signInAs(next) {
      user = next;
    },
    async verifyAccessToken(token, audience = opts.fhirAudience) {
      try {
        const { payload } = await jwtVerify(token, publicKey, { issuer, audience, typ: 'at+jwt', algorithms: ['RS256'] });
        if (typeof payload.sub !== 'string' || typeof payload.scope !== 'string') return undefined;
        const fhirUser = typeof payload.fhirUser === 'string' ? payload.fhirUser : undefined;
        return { sub: payload.sub, scope: payload.scope, ...(fhirUser ? { fhirUser } : {}) };
      } catch {
        return undefined;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Adds to the grant what the consent prompt found missing (oidc-provider's own consent recipe). */
function grantMissing(grant: InstanceType<Provider['Grant']>, prompt: PromptDetail) {
  const { missingOIDCScope, missingOIDCClaims, missingResourceScopes } = prompt.details as {
    missingOIDCScope?: string[];
    missingOIDCClaims?: string[];
    missingResourceScopes?: Record<string, string[]>;
  };
  if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
  if (missingOIDCClaims) grant.addOIDCClaims(missingOIDCClaims);
  for (const [resource, scopes] of Object.entries(missingResourceScopes ?? {})) grant.addResourceScope(resource, scopes.join(' '));
}

/**
 * SMART's discovery document, beside oidc-provider's openid-configuration.
 * https://hl7.org/fhir/smart-app-launch/conformance.html
 */
function smartConfiguration(provider: Provider) {
  return {
    issuer: provider.issuer,
    jwks_uri: provider.urlFor('jwks'),
    authorization_endpoint: provider.urlFor('authorization'),
    token_endpoint: provider.urlFor('token'),
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['none'],
    response_types_supported: ['code'],
    scopes_supported: [...OIDC_SCOPES, ...FHIR_SCOPES],
    code_challenge_methods_supported: ['S256'],
    // No patient picker: launch/patient is accepted but no `patient` context is returned.
    capabilities: ['launch-standalone', 'client-public', 'sso-openid-connect', 'permission-offline', 'permission-user'],
  };
}
