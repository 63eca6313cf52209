// @vitest-environment happy-dom
/**
 * The built-in readers on pages rendered by the real, published EPR UI code (fixtures/real-epr: Medplum's
 * React components, OpenMRS 3's patient banner app, OpenEMR's main page template; OpenEyes' identity strip
 * for the general reader), each page's expected
 * reading written beside it in index.json by whoever rendered it, not by the readers' author.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPatientInView } from '@/utils/page/detect';
import { NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import type { Detection } from '@/utils/shared/detection';
import { builtInReaders } from '../../../testing/readers';
import { FHIR_PATIENT_ID_SYSTEM } from '@/utils/shared/local-identifiers';

const PAGES = path.resolve(import.meta.dirname, '../../../fixtures/real-epr/pages');

interface FixturePage {
  file: string;
  epr: 'medplum' | 'openmrs' | 'openemr' | 'openeyes';
  path: string;
  /** The pages this page's iframes show, by frame name (OpenEMR's finder tab); a page shown only framed names its framer. */
  frames?: Record<string, string>;
  frameOf?: string;
  expect: { kind: 'patient' | 'none' | 'list'; nhsNumber?: string; localId?: { value: string }; name?: string; birthDate?: string; listed?: string[] };
}

const pages = JSON.parse(readFileSync(path.join(PAGES, 'index.json'), 'utf8')) as FixturePage[];
/** The reader for each EPR's pages: OpenEyes has no built-in reader, so the general reader reads it. */
const READER = { medplum: 'medplum-app', openmrs: 'openmrs', openemr: 'openemr', openeyes: 'nhs-number-fallback' } as const;
const LOCAL = 'https://fhir.example-trust.test/Id/hospital-number';

function parse(file: string): Document {
  return new DOMParser().parseFromString(readFileSync(path.join(PAGES, file), 'utf8'), 'text/html');
}

/** The page, with the pages its frames show loaded into them as the browser would (same origin). */
function parseFramed(page: FixturePage): Document {
  const doc = parse(page.file);
  for (const [name, file] of Object.entries(page.frames ?? {})) {
    const framed = parse(file);
    Object.defineProperty(doc.querySelector(`iframe[name="${name}"]`)!, 'contentDocument', { get: () => framed });
  }
  return doc;
}

function read(page: FixturePage, opts: { localIdSystem?: string } = { localIdSystem: LOCAL }): Detection {
  const doc = parseFramed(page);
  const readers = builtInReaders.filter((a) => a.id === READER[page.epr]).map((a) => ({ ...a, detect: (d: Document, u: URL) => a.detect(d, u, opts) }));
  return detectPatientInView(doc, new URL(`https://epr.example.nhs.uk${page.path}`), readers);
}

describe('built-in readers on real EPR screens', () => {
  it('every EPR with a built-in reader has real pages, a patient and a page with none', () => {
    for (const epr of ['medplum', 'openmrs', 'openemr'] as const) {
      expect(pages.filter((p) => p.epr === epr && p.expect.kind === 'patient').length).toBeGreaterThanOrEqual(2);
      expect(pages.some((p) => p.epr === epr && p.expect.kind !== 'patient')).toBe(true);
    }
  });

  it.each(pages.filter((p) => p.expect.kind === 'patient'))('$file: the patient, with name and date of birth for the identity check', (page) => {
    const d = read(page);
    expect(d.kind).toBe('patient');
    if (d.kind !== 'patient') return;
    const e = page.expect;
    if (e.nhsNumber) expect(d.patient.identifier).toEqual({ system: NHS_NUMBER_SYSTEM, value: e.nhsNumber });
    else expect(d.patient.nhsNumber).toBeUndefined();
    expect(d.patient.displayName).toBe(e.name);
    expect(d.patient.birthDate).toBe(e.birthDate);
  });

  it.each(pages.filter((p) => p.expect.kind !== 'patient' && !p.frameOf))('$file: no patient, and says why', (page) => {
    const d = read(page);
    expect(d).toMatchObject({ kind: 'none', code: page.expect.kind === 'list' ? 'list' : 'not-patient-page' });
    // The NHS numbers listed (a list may also name patients by a local id: see the OpenEMR finder below).
    if (page.expect.listed) expect(d.kind === 'none' && d.listed?.filter((l) => l.system === NHS_NUMBER_SYSTEM).map((l) => l.value).sort()).toEqual([...page.expect.listed].sort());
  });

  it('OpenEMR: the Patient Finder behind another tab is not the list in view', () => {
    const page = pages.find((p) => p.file === 'openemr-webroot-main-finder.html')!;
    const finderInFront = read(page);
    expect(finderInFront).toMatchObject({ kind: 'none', code: 'list' });
    // The patient with no NHS number, by the public id the header would show once opened.
    expect(finderInFront.kind === 'none' && finderInFront.listed).toContainEqual({ system: LOCAL, value: 'PUB1003' });
    const behind = parseFramed(page);
    behind.querySelector('iframe[name="fin"]')!.closest('.frameDisplay')!.setAttribute('style', 'display: none;');
    const url = new URL(`https://epr.example.nhs.uk${page.path}`);
    const openemr = builtInReaders.filter((a) => a.id === 'openemr');
    expect(detectPatientInView(behind, url, openemr)).toMatchObject({ kind: 'none', code: 'not-patient-page' });
    expect(detectPatientInView(behind, url, openemr)).not.toHaveProperty('listed');
  });

  it('a page without an NHS number uses the id the trust says the shared record holds, or shows nothing', () => {
    const medplum = pages.find((p) => p.file === 'medplum-patient-no-nhs-number.html')!;
    expect(read(medplum)).toMatchObject({ kind: 'patient', patient: { identifier: { system: LOCAL, value: 'H1000297' } } });
    // No system named: the shared record's own id from the address (Medplum runs on a FHIR server).
    expect(read(medplum, {})).toMatchObject({ kind: 'patient', patient: { identifier: { system: FHIR_PATIENT_ID_SYSTEM, value: '7f1c2a9e-0003-4d6b-9a3e-5c1f00000003' } } });
    const openmrs = pages.find((p) => p.file === 'openmrs-patient-chart-no-nhs-number.html')!;
    expect(read(openmrs)).toMatchObject({ kind: 'patient', patient: { identifier: { system: LOCAL, value: 'c5b9d1e2-0003-4f3a-8b7c-2d6e00000003' } } });
    expect(read(openmrs, {})).toMatchObject({ kind: 'none', code: 'no-identifier' });
    const openemr = pages.find((p) => p.file === 'openemr-webroot-main-patient-local-id.html')!;
    expect(read(openemr)).toMatchObject({ kind: 'patient', patient: { identifier: { system: LOCAL, value: 'PUB1001' } } });
    expect(read(openemr, {})).toMatchObject({ kind: 'none', code: 'no-identifier' });
  });

  it('Medplum: the identifiers repeated in the Timeline’s history are never read as the patient in view', () => {
    const page = pages.find((p) => p.file === 'medplum-provider-patient-summary-ada.html')!;
    const d = read(page, {});
    expect(d).toMatchObject({ kind: 'patient', patient: { identifier: { system: FHIR_PATIENT_ID_SYSTEM } } });
    expect(d.kind === 'patient' && d.patient.nhsNumber).toBeFalsy();
  });

  it('OpenMRS: an NHS number failing its check, or two NHS numbers, shows no patient', () => {
    const page = pages.find((p) => p.file === 'openmrs-patient-chart-bob.html')!;
    const html = readFileSync(path.join(PAGES, page.file), 'utf8');
    const parse = (h: string) => new DOMParser().parseFromString(h, 'text/html');
    const url = new URL(`https://epr.example.nhs.uk${page.path}`);
    const openmrs = builtInReaders.filter((a) => a.id === 'openmrs');
    expect(detectPatientInView(parse(html.replaceAll('999 000 1030', '999 000 1031')), url, openmrs)).toMatchObject({ kind: 'none', code: 'check-digit' });
    const doc = parse(html);
    const label = [...doc.querySelectorAll('label')].find((l) => l.textContent?.includes('NHS Number'))!;
    const second = label.cloneNode(true) as Element;
    second.lastElementChild!.textContent = '999 000 1014';
    label.after(second);
    expect(detectPatientInView(doc, url, openmrs).kind).toBe('ambiguous');
  });

  it('OpenMRS: the route names a patient whose banner has not drawn: loading, not a patient', () => {
    const page = pages.find((p) => p.file === 'openmrs-patient-chart-ada.html')!;
    const doc = new DOMParser().parseFromString(readFileSync(path.join(PAGES, page.file), 'utf8'), 'text/html');
    doc.querySelector('header[aria-label="patient banner"]')!.remove();
    expect(detectPatientInView(doc, new URL(`https://epr.example.nhs.uk${page.path}`), builtInReaders.filter((a) => a.id === 'openmrs'))).toMatchObject({ kind: 'none', code: 'loading' });
  });
});
