/**
 * A small FHIR R4 REST client in the Medplum manner: one options object with documented defaults,
 * an injected `fetch`, typed resources, and failures thrown as a typed `FhirError`.
 */
import type { Bundle, OperationOutcome, Resource, ResourceType } from '@medplum/fhirtypes';
import { parseRetryAfter } from './retry';

export interface FhirClientOptions {
  /** The server's base URL, e.g. `https://shared-record.example.nhs.uk/fhir/R4`. No trailing slash needed. */
  baseUrl: string;
  /** The fetch to use. Default: the global `fetch`. Tests inject their own. */
  fetch?: typeof fetch;
  /** Give up on a request after this many milliseconds. Default: 15000. */
  timeoutMs?: number;
  /** Returns the bearer token to send, if any. Default: none. */
  getAccessToken?: () => Promise<string | undefined>;
  /**
   * An answer larger than this many bytes is not read (the request fails): one server's answer must not
   * exhaust the service worker's memory. Default: 64 MB. What is kept of an answer read is capped
   * further, per search and per record (patient-record.ts).
   */
  maxResponseBytes?: number;
}

/**
 * Why a request failed. `network`: the server could not be reached (offline); `timeout`; `http`: the
 * server answered with an error status (see `status` and `outcome`); `invalid`: the answer was not FHIR.
 */
export type FhirErrorKind = 'network' | 'timeout' | 'http' | 'invalid';

export class FhirError extends Error {
  constructor(
    readonly kind: FhirErrorKind,
    message: string,
    readonly status?: number,
    readonly outcome?: OperationOutcome,
    /** On a 429 or 503: how long the server asked us to wait (`Retry-After`), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FhirError';
  }

  /** True when the server could not be reached at all, as opposed to answering with an error. */
  get isOffline(): boolean {
    return this.kind === 'network' || this.kind === 'timeout';
  }
}

/**
 * What went wrong, in Alongside's own words, with nothing the server said: a server's error text (an
 * OperationOutcome's diagnostics) can name the patient, and what is kept on disk must not.
 *
 * @param err - what was thrown
 * @param fallback - the words for an error that is not a FhirError
 */
export function errorInOwnWords(err: unknown, fallback: string): string {
  if (!(err instanceof FhirError)) return fallback;
  switch (err.kind) {
    case 'network':
      return 'The shared record could not be reached.';
    case 'timeout':
      return 'The shared record did not answer in time.';
    case 'http':
      return `The shared record answered ${err.status ?? 'with an error'}.`;
    case 'invalid':
      return 'The shared record sent an answer Alongside cannot use.';
  }
}

/**
 * How long the server asked to be left alone after this failure (`Retry-After`), if it said.
 *
 * @param err - what was thrown
 */
export function retryAfterOf(err: unknown): number | undefined {
  return err instanceof FhirError ? err.retryAfterMs : undefined;
}

export interface FhirResponse<T> {
  body: T;
  status: number;
  etag?: string;
  lastModified?: string;
}

export class FhirClient {
  readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;
  private readonly getAccessToken: () => Promise<string | undefined>;
  private readonly maxResponseBytes: number;
  /**
   * The server's clock less this machine's, in ms, from the `Date` header of its last answer (undefined
   * until it has answered with one). For asking the server about its own times (`_lastUpdated`): a
   * machine clock 10 minutes fast would otherwise ask for changes from 10 minutes in the server's future.
   */
  serverClockOffsetMs: number | undefined;

  constructor(options: FhirClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.getAccessToken = options.getAccessToken ?? (() => Promise.resolve(undefined));
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  }

  /**
   * `localTime` on the server's clock, as far as its last answer's `Date` told us (to the second).
   *
   * @param localTime - a time on this machine's clock (ms since epoch)
   */
  onServerClock(localTime: number): number {
    return localTime + (this.serverClockOffsetMs ?? 0);
  }

  /** Reads one resource. */
  async read<T extends ResourceType>(type: T, id: string): Promise<Extract<Resource, { resourceType: T }>> {
    const res = await this.request<Extract<Resource, { resourceType: T }>>('GET', `${type}/${encodeURIComponent(id)}`);
    return res.body;
  }

  /**
   * Searches one resource type.
   *
   * @param type - the resource type
   * @param params - search parameters, e.g. `{ identifier: 'https://fhir.nhs.uk/Id/nhs-number|9434765919' }`
   */
  async search<T extends ResourceType>(type: T, params: Record<string, string>, headers: Record<string, string> = {}): Promise<Bundle<Extract<Resource, { resourceType: T }>>> {
    const query = new URLSearchParams(params).toString();
    const res = await this.request<Bundle<Extract<Resource, { resourceType: T }>>>('GET', `${type}?${query}`, undefined, headers);
    return res.body;
  }

  /** Sends a `batch` Bundle and returns the `batch-response`. */
  async batch(bundle: Bundle, headers: Record<string, string> = {}): Promise<Bundle> {
    const res = await this.request<Bundle>('POST', '', bundle, headers);
    if (res.body.resourceType !== 'Bundle' || res.body.type !== 'batch-response') {
      throw new FhirError('invalid', 'The server did not answer the batch with a batch-response Bundle.', res.status);
    }
    return res.body;
  }

  /**
   * GETs an absolute URL the server gave us (a paging `next` link). Refuses URLs outside this server,
   * so a bad link never sends the token elsewhere (see `urlUnderBase`).
   *
   * @param maxResponseBytes - a smaller cap than the client's for this answer (a letter's attachment)
   */
  async getUrl<T>(absoluteUrl: string, headers: Record<string, string> = {}, maxResponseBytes?: number): Promise<T> {
    const url = this.urlUnderBase(absoluteUrl);
    if (!url) throw new FhirError('invalid', 'A paging link pointed outside the FHIR server; it was not followed.');
    return (await this.send<T>('GET', url, undefined, headers, maxResponseBytes)).body;
  }

  /**
   * `url` resolved and normalised (dot segments, percent-encoded dots and backslashes as the browser
   * reads them), if it is still under this server's base path; else undefined. The check is made on the
   * address the browser would really ask for, so `<base>/../../admin` never passes for `<base>/…`.
   */
  urlUnderBase(url: string): string | undefined {
    let resolved: URL;
    try {
      resolved = new URL(url, `${this.baseUrl}/`);
    } catch {
      return undefined;
    }
    const base = new URL(`${this.baseUrl}/`);
    if (resolved.origin !== base.origin || resolved.username || resolved.password) return undefined;
    // An encoded slash, backslash or dot left in the path is one a server might decode and climb out with.
    if (/%2f|%5c|%2e/i.test(resolved.pathname)) return undefined;
    const under = resolved.pathname === base.pathname.replace(/\/$/, '') || resolved.pathname.startsWith(base.pathname);
    return under ? resolved.href : undefined;
  }

  /** One HTTP exchange with the server. `path` is relative to the base URL, and must stay under it. */
  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<FhirResponse<T>> {
    const url = path ? this.urlUnderBase(`${this.baseUrl}/${path}`) : this.baseUrl;
    if (!url) throw new FhirError('invalid', 'A request would have left the FHIR server; it was not sent.');
    return this.send<T>(method, url, body, headers);
  }

  /** Sends to `url`, already checked to be under the base. */
  private async send<T>(method: string, url: string, body: unknown, headers: Record<string, string>, maxResponseBytes = this.maxResponseBytes): Promise<FhirResponse<T>> {
    const token = await this.getAccessToken();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers: {
          Accept: 'application/fhir+json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json' }),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
        // Never let the browser's HTTP cache keep patient data; freshness is the cache module's job.
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (err) {
      throw controller.signal.aborted
        ? new FhirError('timeout', `The shared record did not answer within ${Math.round(this.timeoutMs / 1000)} s.`)
        : new FhirError('network', `The shared record could not be reached (${(err as Error).message}).`);
    } finally {
      clearTimeout(timer);
    }

    const serverDate = Date.parse(response.headers.get('Date') ?? '');
    if (!Number.isNaN(serverDate)) this.serverClockOffsetMs = serverDate - Date.now();
    const text = await readCapped(response, Math.min(maxResponseBytes, this.maxResponseBytes)).catch((err: unknown) => {
      if (err instanceof FhirError) throw err;
      return '';
    });
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const outcome = isOutcome(parsed) ? parsed : undefined;
      const detail = outcome?.issue?.[0]?.diagnostics ?? outcome?.issue?.[0]?.details?.text ?? response.statusText;
      // Busy or down for maintenance: the server may say when to come back (RFC 9110 §10.2.3).
      const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('Retry-After'), response.headers.get('Date')) : undefined;
      throw new FhirError('http', `The shared record answered ${response.status}${detail ? `: ${detail}` : ''}.`, response.status, outcome, retryAfterMs);
    }
    if (parsed === undefined || typeof parsed !== 'object') {
      throw new FhirError('invalid', 'The shared record sent an answer that is not FHIR JSON.', response.status);
    }
    return {
      body: parsed as T,
      status: response.status,
      etag: response.headers.get('ETag') ?? undefined,
      lastModified: response.headers.get('Last-Modified') ?? undefined,
    };
  }
}

/** The body as text, refusing to read past `max` bytes. */
async function readCapped(response: Response, max: number): Promise<string> {
  const declared = Number(response.headers.get('Content-Length'));
  if (declared > max) throw new FhirError('invalid', `The shared record sent more than ${Math.round(max / 1048576)} MB in one answer; it was not read.`, response.status);
  if (!response.body) return response.text();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new FhirError('invalid', `The shared record sent more than ${Math.round(max / 1048576)} MB in one answer; it was not read.`, response.status);
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(all);
}

function isOutcome(value: unknown): value is OperationOutcome {
  return typeof value === 'object' && value !== null && (value as Resource).resourceType === 'OperationOutcome';
}
