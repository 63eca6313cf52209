/**
 * The demo EPR web pages: three EPR-like UIs that show the sandbox roster, served by a small node:http server.
 *
 *   /                                   index: links to the three EPRs (and the FHIR base, if given)
 *   /api/patients                       the roster as JSON (what the pages render from)
 *   /api/patients/<fhirId>              one roster patient
 *   /assets/<file>                      the pages' plain JS modules and CSS (./assets/, no build step)
 *   /openmrs/spa/home | search?q= | patient/<uuid>/chart/<view>   OpenMRS O3-style SPA (openmrs.ts, assets/openmrs-*.js)
 *   /openemr/interface/main/tabs/main.php (+ finder, demographics.php?set_pid=N)   OpenEMR-style (openemr.ts)
 *   /nhs/patients | /nhs/patient/<nhsNumber>                       NHS CUI-style (nhs.ts)
 *   /hostile/…, /pas/worklist                                       hostile and careless pages for the attack tests (hostile.ts)
 */
import { renderMedplumList, renderMedplumPatient } from './medplum';
import { renderPasList, renderPasWorkspace, renderPasPatient } from './pas';
import { renderWardApp } from './ward';
import { renderHostileBanner, renderHostileFrame, renderHostileFreeText, renderHostileHeader, renderHostileHidden, renderHostileInbox, renderPasWorklist } from './hostile';
import { readdirSync, readFileSync } from 'node:fs';
import { renderControl } from './control';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RosterPatient } from '../roster.ts';
import { escapeHtml } from './assets/common.js';
import { renderNhsNotFound, renderNhsPatient, renderNhsPatientList } from './nhs.ts';
import {
  OPENEMR_DEMOGRAPHICS,
  OPENEMR_FINDER,
  OPENEMR_MAIN,
  renderOpenemrDemographics,
  renderOpenemrFinder,
  renderOpenemrMain,
  renderOpenemrNotFound,
} from './openemr.ts';
import { renderOpenmrsShell } from './openmrs.ts';

export interface EprSandbox {
  baseUrl: string;
  port: number;
  close(): Promise<void>;
}

export interface EprSandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  roster: RosterPatient[];
  /** Named on the index page when given. */
  fhirBaseUrl?: string;
}

// (a string, not new URL(...): under a DOM test environment URL is the DOM's, which fileURLToPath refuses)
const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');
const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The served assets, read once: only .js and .css files directly in ./assets (never .d.ts). */
function loadAssets(): Map<string, { body: Buffer; type: string }> {
  const assets = new Map<string, { body: Buffer; type: string }>();
  for (const name of readdirSync(ASSETS_DIR)) {
    if (name.endsWith('.d.ts')) continue;
    const ext = name.slice(name.lastIndexOf('.'));
    const type = CONTENT_TYPES[ext];
    if (type) assets.set(name, { body: readFileSync(join(ASSETS_DIR, name)), type });
  }
  return assets;
}

export function renderIndex(opts: { roster: RosterPatient[]; fhirBaseUrl?: string }): string {
  const fhir = opts.fhirBaseUrl
    ? `<p>FHIR server base: <code>${escapeHtml(opts.fhirBaseUrl)}</code></p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Alongside sandbox: demo EPRs</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; max-width: 760px; margin: 40px auto; padding: 0 16px; color: #222; }
  h1 { font-size: 22px; } li { margin: 10px 0; } code { background: #f2f2f2; padding: 1px 4px; }
  .note { color: #666; font-size: 13px; }
</style>
</head>
<body>
<h1>Alongside sandbox: demo EPRs</h1>
<p>${opts.roster.length} fictitious patients, shown by three EPR-like web pages.</p>
<ul>
  <li><a href="/openmrs/spa/home">OpenMRS (O3-style)</a>: single-page app; patient chart at <code>/openmrs/spa/patient/&lt;uuid&gt;/chart/&lt;view&gt;</code></li>
  <li><a href="${OPENEMR_MAIN}">OpenEMR-style</a>: fixed top URL; patient summary in an iframe; header <code>#attendantData</code></li>
  <li><a href="/nhs/patients">NHS CUI-style</a>: classic pages; CUI patient banner at <code>/nhs/patient/&lt;nhsNumber&gt;</code></li>
</ul>
${fhir}
<p class="note">Roster JSON: <a href="/api/patients">/api/patients</a></p>
</body>
</html>
`;
}

export async function startEprSandbox(opts: EprSandboxOptions): Promise<EprSandbox> {
  const roster = opts.roster;
  const host = opts.host ?? '127.0.0.1';
  const assets = loadAssets();

  function send(res: ServerResponse, status: number, type: string, body: string | Buffer, head: boolean): void {
    const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': buf.length, 'Cache-Control': 'no-store' });
    res.end(head ? undefined : buf);
  }
  const html = (res: ServerResponse, status: number, body: string, head: boolean) =>
    send(res, status, 'text/html; charset=utf-8', body, head);
  const json = (res: ServerResponse, status: number, body: unknown, head: boolean) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify(body), head);
  const redirect = (res: ServerResponse, location: string) => {
    res.writeHead(302, { Location: location, 'Content-Length': 0 });
    res.end();
  };

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': 0 });
      res.end();
      return;
    }
    const head = method === 'HEAD';
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;

    if (path === '/') return html(res, 200, renderIndex({ roster, fhirBaseUrl: opts.fhirBaseUrl }), head);
    if (path === '/control' && opts.fhirBaseUrl) return html(res, 200, renderControl(roster, opts.fhirBaseUrl), head);
    if (path === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }

    // --- data
    if (path === '/api/patients') return json(res, 200, roster, head);
    if (path.startsWith('/api/patients/')) {
      const id = decodeURIComponent(path.slice('/api/patients/'.length));
      const p = roster.find((r) => r.fhirId === id);
      return p ? json(res, 200, p, head) : json(res, 404, { error: `no patient ${id}` }, head);
    }
    if (path.startsWith('/assets/')) {
      const asset = assets.get(path.slice('/assets/'.length));
      if (asset) return send(res, 200, asset.type, asset.body, head);
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found', head);
    }

    // --- OpenMRS O3-style SPA: one shell for every route; the app renders the route.
    if (path === '/openmrs' || path === '/openmrs/' || path === '/openmrs/spa' || path === '/openmrs/spa/') {
      return redirect(res, '/openmrs/spa/home');
    }
    if (path.startsWith('/openmrs/spa/')) return html(res, 200, renderOpenmrsShell(), head);

    // --- OpenEMR-style
    if (path === '/openemr' || path === '/openemr/' || path === '/openemr/index.php') return redirect(res, OPENEMR_MAIN);
    if (path === OPENEMR_MAIN) return html(res, 200, renderOpenemrMain(), head);
    if (path === OPENEMR_FINDER) return html(res, 200, renderOpenemrFinder(roster), head);
    if (path === OPENEMR_DEMOGRAPHICS) {
      const pid = Number(url.searchParams.get('set_pid'));
      const p = roster.find((r) => r.openemrPid === pid);
      if (!p) return html(res, 404, renderOpenemrNotFound(`No patient with pid ${url.searchParams.get('set_pid') ?? ''}`), head);
      return html(res, 200, renderOpenemrDemographics(p), head);
    }

    // --- NHS CUI-style
    if (path === '/nhs' || path === '/nhs/') return redirect(res, '/nhs/patients');
    if (path === '/nhs/patients') return html(res, 200, renderNhsPatientList(roster), head);
    const nhs = /^\/nhs\/patient\/([^/]+)\/?$/.exec(path);
    if (nhs) {
      const digits = decodeURIComponent(nhs[1] ?? '').replace(/[\s-]/g, '');
      const p = roster.find((r) => r.nhsNumber === digits);
      if (!p) return html(res, 404, renderNhsNotFound(`No patient with NHS number ${digits}`), head);
      return html(res, 200, renderNhsPatient(roster, p), head);
    }

    // --- Medplum-app style
    if (path === '/medplum/Patient') return html(res, 200, renderMedplumList(roster), head);
    const medplum = /^\/medplum\/Patient\/([^/]+)\/(timeline|details)$/.exec(path);
    if (medplum) {
      const p = roster.find((r) => r.fhirId === decodeURIComponent(medplum[1] ?? ''));
      if (p) return html(res, 200, renderMedplumPatient(p), head);
    }

    // --- A PAS no built-in reader knows (for trust-declared rules)
    if (path === '/pas/patients') return html(res, 200, renderPasList(roster), head);
    // --- A hash-routed ward dashboard no built-in reader knows (docs/epr-rules.md's worked example)
    if (path === '/ward' ) return redirect(res, '/ward/');
    if (path === '/ward/') return html(res, 200, renderWardApp(roster), head);
    if (path === '/pas/workspace') return html(res, 200, renderPasWorkspace(), head);
    if (path === '/pas/worklist') return html(res, 200, renderPasWorklist(roster, url.searchParams.get('next') ?? ''), head);

    // --- Hostile and careless pages (attack tests, stress test)
    if (path === '/hostile/inbox') return html(res, 200, renderHostileInbox(roster), head);
    if (path === '/hostile/free-text') return html(res, 200, renderHostileFreeText(roster), head);
    if (path === '/hostile/frame') return html(res, 200, renderHostileFrame(url.searchParams.get('src') ?? 'about:blank'), head);
    if (path === '/hostile/banner' || path === '/nhs/banner') {
      const q = (k: string) => url.searchParams.get(k) ?? '';
      return html(res, 200, renderHostileBanner({ nhs: q('nhs'), name: q('name'), born: q('born') }, path === '/nhs/banner'), head);
    }
    if (path === '/hostile/hidden') {
      const who = (k: string) => {
        const [nhs = '', name = '', born = ''] = (url.searchParams.get(k) ?? '').split('|');
        return { nhs, name, born };
      };
      return html(res, 200, renderHostileHidden(url.searchParams.get('way') ?? '', who('shown'), who('hidden')), head);
    }
    if (path === '/hostile/header') {
      const q = (k: string) => url.searchParams.get(k) ?? '';
      return html(res, 200, renderHostileHeader({ nhs: q('nhs'), name: q('name'), born: q('born') }), head);
    }
    const pas = /^\/pas\/patient\/([^/]+)\/?$/.exec(path);
    if (pas) {
      const p = roster.find((r) => r.openemrPubpid === decodeURIComponent(pas[1] ?? ''));
      if (p) return html(res, 200, renderPasPatient(p), head);
    }

    return send(res, 404, 'text/plain; charset=utf-8', `Not found: ${path}`, head);
  }

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `Server error: ${String(err)}`, false);
      else res.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    baseUrl: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
