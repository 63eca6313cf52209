import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterPatient } from '../roster.ts';
import { fakeRosterOfFive } from './fake-roster.ts';
import { parseOpenmrsRoute, renderOpenmrsBanner, searchOpenmrsPatients } from './assets/openmrs-render.js';
import { cuiAge } from './nhs.ts';
import { startEprSandbox, type EprSandbox } from './server.ts';
import { renderEprSnapshots } from './snapshots.ts';

const roster: RosterPatient[] = fakeRosterOfFive();
const [ada, bertram, cleo] = roster as [RosterPatient, RosterPatient, RosterPatient];
let epr: EprSandbox;

beforeAll(async () => {
  epr = await startEprSandbox({ port: 0, roster, fhirBaseUrl: 'http://127.0.0.1:8100/fhir' });
});
afterAll(async () => {
  await epr.close();
  await domWindow.happyDOM.close();
});

async function get(path: string, init?: RequestInit): Promise<{ status: number; type: string; text: string; res: Response }> {
  const res = await fetch(epr.baseUrl + path, { redirect: 'manual', ...init });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text(), res };
}

// Node's own fetch talks to the server (this file runs in the node environment); happy-dom only parses.
const domWindow = new Window();
function parse(html: string): Document {
  return new domWindow.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

const squash = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();

describe('startEprSandbox', () => {
  it('listens on a random port and reports its base URL', () => {
    expect(epr.port).toBeGreaterThan(0);
    expect(epr.baseUrl).toBe(`http://127.0.0.1:${epr.port}`);
  });

  it('serves the index linking the three EPRs and naming the FHIR base', async () => {
    const { status, text } = await get('/');
    expect(status).toBe(200);
    expect(text).toContain('href="/openmrs/spa/home"');
    expect(text).toContain('href="/openemr/interface/main/tabs/main.php"');
    expect(text).toContain('href="/nhs/patients"');
    expect(text).toContain('http://127.0.0.1:8100/fhir');
  });

  it('serves the roster as JSON', async () => {
    const { status, type, text } = await get('/api/patients');
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual(roster);
    const one = await get(`/api/patients/${bertram.fhirId}`);
    expect(JSON.parse(one.text)).toEqual(bertram);
    expect((await get('/api/patients/nobody')).status).toBe(404);
  });

  it('serves the assets as JavaScript and CSS, but nothing else', async () => {
    const js = await get('/assets/openmrs-app.js');
    expect(js.status).toBe(200);
    expect(js.type).toMatch(/^text\/javascript/);
    expect((await get('/assets/openmrs.css')).type).toMatch(/^text\/css/);
    expect((await get('/assets/common.d.ts')).status).toBe(404);
    expect((await get('/assets/../server.ts')).status).toBe(404);
    expect((await get('/assets/%2e%2e%2fserver.ts')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/nhs/patients', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect((await get('/api/patients', { method: 'POST' })).status).toBe(405);
  });

  it('answers 404 for unknown paths', async () => {
    expect((await get('/nowhere')).status).toBe(404);
  });
});

describe('OpenMRS O3-style SPA', () => {
  it('serves the same shell for every /openmrs/spa/* route, deep routes included', async () => {
    const paths = [
      '/openmrs/spa/home',
      '/openmrs/spa/search?q=Fakeham',
      `/openmrs/spa/patient/${ada.openmrsUuid}/chart/patient-summary`,
      `/openmrs/spa/patient/${bertram.openmrsUuid}/chart/vitals`,
      '/openmrs/spa/anything/else',
    ];
    const bodies = await Promise.all(paths.map((p) => get(p)));
    for (const b of bodies) {
      expect(b.status).toBe(200);
      expect(b.type).toMatch(/^text\/html/);
      expect(b.text).toBe(bodies[0]?.text);
    }
    const doc = parse(bodies[0]?.text ?? '');
    expect(doc.querySelector('script[type="module"]')?.getAttribute('src')).toBe('/assets/openmrs-app.js');
    expect(doc.getElementById('omrs-patient-banner-slot')?.innerHTML).toBe('');
    expect(doc.getElementById('omrs-main')?.getAttribute('aria-busy')).toBe('true');
  });

  it('redirects /openmrs and /openmrs/spa to the home route', async () => {
    for (const p of ['/openmrs', '/openmrs/spa', '/openmrs/spa/']) {
      const r = await get(p);
      expect(r.status).toBe(302);
      expect(r.res.headers.get('location')).toBe('/openmrs/spa/home');
    }
  });

  it('parses its routes', () => {
    expect(parseOpenmrsRoute('/openmrs/spa/home')).toEqual({ kind: 'home' });
    expect(parseOpenmrsRoute('/openmrs/spa/search', '?q=ada%20f')).toEqual({ kind: 'search', q: 'ada f' });
    expect(parseOpenmrsRoute('/openmrs/spa/patient/abc/chart/vitals')).toEqual({ kind: 'patient', uuid: 'abc', view: 'vitals' });
    expect(parseOpenmrsRoute('/openmrs/spa/patient/abc/chart')).toEqual({ kind: 'patient', uuid: 'abc', view: 'patient-summary' });
    expect(parseOpenmrsRoute('/openmrs/spa/elsewhere').kind).toBe('not-found');
  });

  it('searches by name, OpenMRS ID and NHS number', () => {
    expect(searchOpenmrsPatients(roster, 'fakeham').map((p) => p.given)).toEqual(['Ada', 'Bertram']);
    expect(searchOpenmrsPatients(roster, cleo.openmrsId)).toEqual([cleo]);
    expect(searchOpenmrsPatients(roster, '999 000 1022')).toEqual([bertram]);
    expect(searchOpenmrsPatients(roster, '')).toEqual([]);
  });
});

describe('OpenEMR-style', () => {
  it('redirects /openemr/ to main.php', async () => {
    const r = await get('/openemr/');
    expect(r.status).toBe(302);
    expect(r.res.headers.get('location')).toBe('/openemr/interface/main/tabs/main.php');
  });

  it('serves the top frame with an empty #attendantData and the finder in an iframe', async () => {
    const { status, text } = await get('/openemr/interface/main/tabs/main.php');
    expect(status).toBe(200);
    const doc = parse(text);
    expect(squash(doc.getElementById('attendantData')?.textContent)).toBe('');
    expect(doc.querySelector('iframe[name="fin"]')?.getAttribute('src')).toBe('/openemr/interface/main/finder/dynamic_finder.php');
    expect(doc.querySelector('iframe[name="pat"]')?.getAttribute('src')).toBe('about:blank');
  });

  it('lists every patient in the finder', async () => {
    const doc = parse((await get('/openemr/interface/main/finder/dynamic_finder.php')).text);
    const rows = [...doc.querySelectorAll('#pt_table tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-pid'))).toEqual(roster.map((p) => String(p.openemrPid)));
    expect(squash(rows[0]?.textContent)).toContain('Fakeham, Ada PUB1001 1950-03-12 Female 999 000 1014');
  });

  it('renders the patient of demographics.php?set_pid=N, and tells the top frame', async () => {
    const { status, text } = await get(`/openemr/interface/patient_file/summary/demographics.php?set_pid=${bertram.openemrPid}`);
    expect(status).toBe(200);
    const doc = parse(text);
    expect(doc.body.getAttribute('data-pid')).toBe(String(bertram.openemrPid));
    expect(squash(doc.querySelector('.oe-dashboard-title')?.textContent)).toBe('Medical Record Dashboard - Bertram Fakeham');
    expect(text).toContain('"pubpid":"PUB1002"');
    expect(text).toContain('window.top.setPatient(patient)');
  });

  it('answers 404 for an unknown pid', async () => {
    expect((await get('/openemr/interface/patient_file/summary/demographics.php?set_pid=999')).status).toBe(404);
    expect((await get('/openemr/interface/patient_file/summary/demographics.php')).status).toBe(404);
  });
});

describe('NHS CUI-style', () => {
  it('lists every patient, without a banner', async () => {
    const { status, text } = await get('/nhs/patients');
    expect(status).toBe(200);
    const doc = parse(text);
    expect(doc.querySelector('.nhsuk-patient-banner')).toBeNull();
    expect([...doc.querySelectorAll('.nhs-patient-list tbody tr')].map((r) => r.getAttribute('data-nhs-number'))).toEqual(roster.map((p) => p.nhsNumber));
  });

  it('shows the CUI banner on a patient page', async () => {
    const doc = parse((await get(`/nhs/patient/${ada.nhsNumber}`)).text);
    const banner = doc.querySelector('section.nhsuk-patient-banner[aria-label="Patient banner"]');
    expect(squash(banner?.querySelector('.nhsuk-patient-banner__name')?.textContent)).toBe('FAKEHAM, Ada (Mrs)');
    const value = (item: string) => squash(banner?.querySelector(`[data-item="${item}"] dd`)?.textContent);
    expect(value('born')).toMatch(/^12-Mar-1950 \(\d+y\)$/);
    expect(value('gender')).toBe('Female');
    expect(value('nhs-number')).toBe('999 000 1014');
    expect(squash(banner?.textContent)).toMatch(/^FAKEHAM, Ada \(Mrs\) Born 12-Mar-1950 \(\d+y\) Gender Female NHS No\. 999 000 1014$/);
  });

  it('shows "Not Known" for an unknown gender, and no title when there is none', async () => {
    const doc = parse((await get(`/nhs/patient/${cleo.nhsNumber}`)).text);
    expect(squash(doc.querySelector('.nhsuk-patient-banner__name')?.textContent)).toBe('NOMARK, Cleo');
    expect(squash(doc.querySelector('[data-item="gender"] dd')?.textContent)).toBe('Not Known');
  });

  it('shows "Indeterminate" for gender other', async () => {
    const doc = parse((await get(`/nhs/patient/${roster[4]?.nhsNumber}`)).text);
    expect(squash(doc.querySelector('[data-item="gender"] dd')?.textContent)).toBe('Indeterminate');
  });

  it('accepts a spaced NHS number and answers 404 for an unknown one', async () => {
    expect((await get('/nhs/patient/999%20000%201014')).status).toBe(200);
    expect((await get('/nhs/patient/9990001049x')).status).toBe(404);
  });

  it('gives CUI ages', () => {
    const now = new Date(2026, 2, 12);
    expect(cuiAge('1950-03-12', now)).toBe('76y');
    expect(cuiAge('1950-03-13', now)).toBe('75y');
    expect(cuiAge('2025-05-01', now)).toBe('10m');
    expect(cuiAge('2026-03-01', now)).toBe('11d');
  });
});

describe('renderEprSnapshots', () => {
  const now = new Date(2026, 5, 1);
  const snaps = renderEprSnapshots(roster, { now });

  it('renders the OpenMRS chart with the banner of roster[0]', () => {
    const doc = parse(snaps.openmrsPatientChart);
    const banner = doc.querySelector('header[role="banner"][aria-label="patient banner"]');
    expect(banner?.parentElement?.id).toBe('omrs-patient-banner-slot');
    expect(banner?.querySelector('[aria-label^="Avatar for"]')?.getAttribute('aria-label')).toBe('Avatar for Ada Fakeham');
    expect(squash(banner?.textContent)).toBe('AFAda FakehamFemale76 yrs·12-Mar-1950·OpenMRS ID: 100000Y·NHS Number: 999 000 1014Close');
  });

  it('shows the NHS number in the OpenMRS banner only at even roster positions', () => {
    const types = (p: RosterPatient) =>
      [...parse(renderOpenmrsBanner(roster, p, now)).querySelectorAll('header span')].map((e) => e.textContent ?? '').filter((t) => t.endsWith(': ')).map((t) => t.slice(0, -2));
    expect(types(ada)).toEqual(['OpenMRS ID', 'NHS Number']);
    expect(types(bertram)).toEqual(['OpenMRS ID']);
    expect(types(cleo)).toEqual(['OpenMRS ID', 'NHS Number']);
  });

  it('renders list states without any banner', () => {
    for (const html of [snaps.openmrsHome, snaps.openmrsSearch]) {
      const doc = parse(html);
      expect(doc.querySelector('[aria-label="patient banner"]')).toBeNull();
      expect(doc.getElementById('omrs-patient-banner-slot')?.innerHTML).toBe('');
    }
    expect(parse(snaps.openmrsHome).querySelectorAll('.omrs-worklist tbody tr')).toHaveLength(roster.length);
    expect(parse(snaps.openmrsSearch).querySelectorAll('.omrs-search-result')).toHaveLength(roster.length);
    expect(parse(snaps.nhsPatientsList).querySelector('.nhsuk-patient-banner')).toBeNull();
  });

  it('renders the OpenEMR top frame with and without a patient', () => {
    const withPatient = parse(snaps.openemrTopPatient).getElementById('attendantData');
    expect(squash(withPatient?.querySelector('[data-bind="text: pname()"]')?.textContent)).toBe('Ada Fakeham');
    expect(squash(withPatient?.querySelector('[data-bind="text: pubpid"]')?.textContent)).toBe('PUB1001');
    expect(squash(withPatient?.querySelector('[data-bind="text:patient().str_dob()"]')?.textContent)).toBe('DOB: 1950-03-12 Age: 76');
    expect(parse(snaps.openemrTopPatient).querySelector('iframe[name="pat"]')?.getAttribute('src')).toBe(
      '/openemr/interface/patient_file/summary/demographics.php?set_pid=1',
    );
    expect(squash(parse(snaps.openemrTopNone).getElementById('attendantData')?.textContent)).toBe('');
  });

  it('renders the NHS patient pages', () => {
    expect(squash(parse(snaps.nhsPatient).querySelector('.nhsuk-patient-banner__name')?.textContent)).toBe('FAKEHAM, Ada (Mrs)');
    const notKnown = parse(snaps.nhsPatientNotKnown);
    expect(squash(notKnown.querySelector('.nhsuk-patient-banner__name')?.textContent)).toBe('NOMARK, Cleo');
    expect(squash(notKnown.querySelector('[data-item="gender"] dd')?.textContent)).toBe('Not Known');
  });

  it('shows the last patient as gender "Not Known" when no one has gender unknown', () => {
    const known = roster.filter((p) => p.gender !== 'unknown');
    const doc = parse(renderEprSnapshots(known, { now }).nhsPatientNotKnown);
    expect(squash(doc.querySelector('.nhsuk-patient-banner__name')?.textContent)).toBe('QUILL, Elias (Dr)');
    expect(squash(doc.querySelector('[data-item="gender"] dd')?.textContent)).toBe('Not Known');
  });
});
