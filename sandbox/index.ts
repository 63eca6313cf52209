/**
 * The sandbox: a FHIR R4 server seeded with synthetic patients, and demo EPR pages listing the same
 * patients. For the demo, the tests and the benchmarks; never part of the extension.
 */
import { buildSandboxData, type SandboxData } from './seed';
import { letterPdfBinary } from './seed/letters';
import { startFhirSandbox, type FhirSandbox } from './fhir-server/server';
import { startEprSandbox, type EprSandbox } from './epr/server';
import { startAuthSandbox, type AuthSandbox } from './auth-server/server';

/** The extension's sign-in redirect (chrome.identity) for the development build's fixed id. */
export const EXTENSION_REDIRECT_URI = 'https://ldnoijeblfdalhpmiaajbeheahnbccef.chromiumapp.org/';

/** The documented fixed ports (README): FHIR on 8100, EPR pages on 8200. */
export const DEFAULT_PORTS = { fhir: 8100, epr: 8200, auth: 8300 } as const;

export interface Sandbox {
  fhir: FhirSandbox;
  epr: EprSandbox;
  data: SandboxData;
  /** The authorisation server, when started with `auth` (the FHIR server then requires its tokens). */
  auth?: AuthSandbox;
  close(): Promise<void>;
}

/**
 * Starts both servers. Port 0 picks free ports (tests); the defaults are the documented ones (demo).
 *
 * @param opts.syntheaDir - `undefined`: load ../shared's Synthea records when present; `null`: don't
 */
export async function startSandbox(
  opts: {
    fhirPort?: number;
    eprPort?: number;
    syntheaDir?: string | null;
    now?: Date;
    auth?: boolean | { port?: number; accessTokenTtlSeconds?: number };
    /** Offer websocket Subscriptions (push) instead of leaving clients to poll. */
    subscriptions?: boolean;
  } = {},
): Promise<Sandbox> {
  const now = opts.now ?? new Date();
  const data = buildSandboxData({ now, syntheaDir: opts.syntheaDir });
  // The PDF letter, made now (pdf-lib is asynchronous): its Binary is one more resource on the server.
  data.resources.push(await letterPdfBinary(now));
  const fhir = await startFhirSandbox({ port: opts.fhirPort ?? DEFAULT_PORTS.fhir, resources: data.resources, subscriptions: opts.subscriptions });
  const epr = await startEprSandbox({ port: opts.eprPort ?? DEFAULT_PORTS.epr, roster: data.roster, fhirBaseUrl: fhir.baseUrl });
  let auth: AuthSandbox | undefined;
  if (opts.auth) {
    const authOpts = typeof opts.auth === 'object' ? opts.auth : {};
    auth = await startAuthSandbox({
      port: authOpts.port ?? (opts.fhirPort === 0 ? 0 : DEFAULT_PORTS.auth),
      fhirAudience: fhir.baseUrl,
      // The sandbox's GP Connect proxy takes tokens issued for it alone.
      otherAudiences: [fhir.gpConnectBaseUrl],
      redirectUris: [EXTENSION_REDIRECT_URI],
      accessTokenTtlSeconds: authOpts.accessTokenTtlSeconds,
      // The demo clinician, as the extension's default settings name her.
      user: { sub: 'pr-rachel-evans', name: 'Ms Rachel Evans', fhirUser: 'Practitioner/pr-rachel-evans' },
    });
    fhir.requireAuth((token, audience) => auth!.verifyAccessToken(token, audience), auth.issuer);
  }
  return {
    fhir,
    epr,
    data,
    auth,
    close: async () => {
      await Promise.all([fhir.close(), epr.close(), auth?.close()]);
    },
  };
}
