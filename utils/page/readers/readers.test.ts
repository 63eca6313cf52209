// @vitest-environment happy-dom
/**
 * Each built-in reader against the demo EPRs' rendered pages (sandbox/epr/__snapshots__, saved from
 * Chromium; see the README there for who each page shows).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPatientInView } from '@/utils/page/detect';
import { NHS_NUMBER_SYSTEM } from '@/utils/shared/nhs-number';
import type { Detection } from '@/utils/shared/detection';
import type { EprReader } from './reader';
import { builtInReaderFiles, builtInReaders } from '../../../testing/readers';
import { BUILT_IN_READER_IDS } from '@/utils/shared/reader-ids';
import { FHIR_PATIENT_ID_SYSTEM, LOCAL_IDENTIFIER_SYSTEMS } from '@/utils/shared/local-identifiers';

const SNAPSHOTS = path.resolve(import.meta.dirname, '../../../sandbox/epr/__snapshots__');

/** The readers as the demo site configures them: the demo EPRs' own ids under the demo system. */
const demoSite = (readers: readonly EprReader[]) => readers.map((a) => ({ ...a, detect: (d: Document, u: URL) => a.detect(d, u, { localIdSystem: LOCAL_IDENTIFIER_SYSTEMS.demoEprPatient }) }));
const ADA_UUID = '5a0e8f3c-7d1b-4c2a-9e6f-000000000001';

function page(file: string): Document {
  return new DOMParser().parseFromString(readFileSync(path.join(SNAPSHOTS, file), 'utf8'), 'text/html');
}

/** Every saved page, the address it was at, and what must be detected there. */
const CASES: { reader: string; file: string; url: string; expect: (d: Detection) => void }[] = [
  {
    reader: 'openmrs',
    file: 'openmrs-patient-chart.html',
    url: `http://localhost:8200/openmrs/spa/patient/${ADA_UUID}/chart/patient-summary`,
    expect: (d) =>
      expect(d).toMatchObject({
        kind: 'patient',
        patient: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990001014' }, displayName: 'Ada Fakeham', birthDate: '1950-03-12' },
      }),
  },
  { reader: 'openmrs', file: 'openmrs-home.html', url: 'http://localhost:8200/openmrs/spa/home', expect: (d) => expect(d.kind).toBe('none') },
  { reader: 'openmrs', file: 'openmrs-search.html', url: 'http://localhost:8200/openmrs/spa/search?q=Fakeham', expect: (d) => expect(d.kind).toBe('none') },
  {
    reader: 'openemr',
    file: 'openemr-top-patient.html',
    url: 'http://localhost:8200/openemr/interface/main/tabs/main.php',
    expect: (d) =>
      expect(d).toMatchObject({
        kind: 'patient',
        patient: { identifier: { system: LOCAL_IDENTIFIER_SYSTEMS.demoEprPatient, value: 'PUB1001' }, displayName: 'Ada Fakeham', birthDate: '1950-03-12' },
      }),
  },
  { reader: 'openemr', file: 'openemr-top-none.html', url: 'http://localhost:8200/openemr/interface/main/tabs/main.php', expect: (d) => expect(d.kind).toBe('none') },
  {
    reader: 'openemr',
    file: 'openemr-finder.html',
    url: 'http://localhost:8200/openemr/interface/main/finder/dynamic_finder.php',
    expect: (d) => expect(d.kind).toBe('none'),
  },
  {
    reader: 'nhs-cui-banner',
    file: 'nhs-patient.html',
    url: 'http://localhost:8200/nhs/patient/9990001014',
    expect: (d) =>
      expect(d).toMatchObject({
        kind: 'patient',
        patient: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990001014' }, displayName: 'FAKEHAM, Ada (Mrs)', birthDate: '1950-03-12' },
      }),
  },
  {
    reader: 'nhs-cui-banner',
    file: 'nhs-patient-not-known.html',
    url: 'http://localhost:8200/nhs/patient/9990001030',
    expect: (d) => expect(d).toMatchObject({ kind: 'patient', patient: { nhsNumber: '9990001030', birthDate: '1987-07-21' } }),
  },
  { reader: 'nhs-cui-banner', file: 'nhs-patients-list.html', url: 'http://localhost:8200/nhs/patients', expect: (d) => expect(d.kind).toBe('none') },
  {
    reader: 'medplum-app',
    file: 'medplum-patient.html',
    url: 'http://localhost:8200/medplum/Patient/epr-demo-0001/timeline',
    expect: (d) =>
      expect(d).toMatchObject({
        kind: 'patient',
        patient: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990001014' }, displayName: 'Mrs Ada Fakeham', birthDate: '1950-03-12', confidence: 'high' },
      }),
  },
  { reader: 'medplum-app', file: 'medplum-list.html', url: 'http://localhost:8200/medplum/Patient', expect: (d) => expect(d.kind).toBe('none') },
  // The general reader on the same pages.
  {
    reader: 'nhs-number-fallback',
    file: 'nhs-patient.html',
    url: 'http://other-epr.test/chart?p=1',
    expect: (d) => expect(d).toMatchObject({ kind: 'patient', patient: { nhsNumber: '9990001014', confidence: 'medium', birthDate: '1950-03-12', displayName: expect.stringMatching(/FAKEHAM/i) } }),
  },
  {
    reader: 'nhs-number-fallback',
    file: 'openmrs-patient-chart.html',
    url: 'http://other-epr.test/chart?p=1',
    // The birth date there has no label: the general reader cannot tell it from any other date, so it shows nothing.
    expect: (d) => expect(d).toMatchObject({ kind: 'none', code: 'identity-unreadable' }),
  },
  { reader: 'nhs-number-fallback', file: 'nhs-patients-list.html', url: 'http://other-epr.test/list', expect: (d) => expect(d.kind).toBe('none') },
  { reader: 'nhs-number-fallback', file: 'openmrs-home.html', url: 'http://other-epr.test/list', expect: (d) => expect(d.kind).toBe('none') },
  { reader: 'nhs-number-fallback', file: 'openemr-finder.html', url: 'http://other-epr.test/list', expect: (d) => expect(d.kind).toBe('none') },
];

describe('built-in EPR readers on saved pages', () => {
  // Each reader alone, as on a site the trust assigned it to.
  it.each(CASES)('$reader reads $file', ({ reader, file, url, expect: check }) => {
    check(detectPatientInView(page(file), new URL(url), demoSite(builtInReaders.filter((a) => a.id === reader))));
  });

  it('every reader file is registered, and every registered reader has saved pages that prove it', () => {
    // Each reader's id is its file's name.
    expect([...builtInReaderFiles].sort()).toEqual(builtInReaders.map((a) => a.id).sort());
    // The ids a trust assigns to its sites are exactly the registered readers.
    expect([...BUILT_IN_READER_IDS].sort()).toEqual(builtInReaders.map((a) => a.id).sort());
    for (const reader of builtInReaders) {
      const cases = CASES.filter((c) => c.reader === reader.id);
      expect(cases.some((c) => c.file.includes('patient'))).toBe(true);
      expect(cases.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('safety on altered pages', () => {
  it('two NHS banners for different patients mean no patient', () => {
    const doc = page('nhs-patient.html');
    const banner = doc.querySelector('.nhsuk-patient-banner')!;
    const copy = banner.cloneNode(true) as Element;
    copy.querySelector('[data-item="nhs-number"] dd')!.textContent = '999 000 1030';
    banner.after(copy);
    expect(detectPatientInView(doc, new URL('http://x/nhs/patient/9990001014'), builtInReaders).kind).toBe('ambiguous');
  });

  it('an NHS number failing Modulus 11 is not trusted', () => {
    const doc = page('nhs-patient.html');
    doc.querySelector('[data-item="nhs-number"] dd')!.textContent = '999 000 1015';
    const d = detectPatientInView(doc, new URL('http://x/nhs/patient/9990001015'), builtInReaders);
    expect(d).toMatchObject({ kind: 'none', reason: expect.stringMatching(/check digit/) });
  });

  it('an OpenMRS route with no banner yet is not a patient', () => {
    const doc = page('openmrs-patient-chart.html');
    doc.querySelector('header[aria-label="patient banner"]')!.remove();
    expect(detectPatientInView(doc, new URL(`http://x/openmrs/spa/patient/${ADA_UUID}/chart/vitals`), builtInReaders).kind).toBe('none');
  });

  it('an OpenMRS banner without an NHS number falls back to the route uuid', () => {
    const doc = page('openmrs-patient-chart.html');
    for (const el of doc.querySelectorAll('header label')) if (el.textContent?.includes('NHS')) el.remove();
    expect(detectPatientInView(doc, new URL(`http://x/openmrs/spa/patient/${ADA_UUID}/chart/vitals`), demoSite(builtInReaders))).toMatchObject({
      kind: 'patient',
      patient: { identifier: { system: LOCAL_IDENTIFIER_SYSTEMS.demoEprPatient, value: ADA_UUID } },
    });
  });

  describe('the OpenMRS banner\'s NHS number, by its label, in every form O3 has drawn it', () => {
    /** The demo chart with its identifiers drawn as `html`. */
    const chartWithIdentifiers = (html: string) => {
      const doc = page('openmrs-patient-chart.html');
      const header = doc.querySelector('header[aria-label="patient banner"]')!;
      for (const el of header.querySelectorAll('label, .cds--tag')) el.remove();
      header.insertAdjacentHTML('beforeend', html);
      return detectPatientInView(doc, new URL(`http://x/openmrs/spa/patient/${ADA_UUID}/chart/vitals`), builtInReaders.filter((a) => a.id === 'openmrs'));
    };
    const ada = { kind: 'patient', patient: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9990001014' }, nhsNumber: '9990001014' } };

    it.each([
      ['a tag holding the type, the value beside it as bare text (earlier releases)', '<span class="identifierTag"><div class="cds--tag" title="NHS Number">NHS Number</div>9990001014</span>'],
      ['label and value in one text in a tag', '<div class="cds--tag"><span class="cds--tag__label">NHS Number: 999 000 1014</span></div>'],
      ['a tag holding "NHS Number:", the value in a span', '<div class="cds--tag">NHS Number:</div><span>9990001014</span>'],
      ['a form label with label and value spans (today)', '<label><span>NHS Number: </span><span>9990001014</span></label>'],
      ['a list\'s term and its value', '<dl><dt>NHS No.</dt><dd>999-000-1014</dd></dl>'],
    ])('%s', (_form, html) => {
      expect(chartWithIdentifiers(html)).toMatchObject(ada);
    });

    it('a label beside a number failing its check, or two different numbers, shows no one', () => {
      expect(chartWithIdentifiers('<span class="identifierTag"><div class="cds--tag">NHS Number</div>9990001015</span>')).toMatchObject({ kind: 'none', code: 'check-digit' });
      expect(chartWithIdentifiers('<div class="cds--tag">NHS Number: 9990001014</div><div class="cds--tag">NHS Number: 9990001030</div>')).toMatchObject({ kind: 'ambiguous' });
    });

    it('a word that only starts like the label ("NHS Notes") is no label', () => {
      expect(chartWithIdentifiers('<div class="cds--tag">NHS Notes 9990001014</div>')).toMatchObject({ kind: 'none', code: 'no-identifier' });
    });
  });

  describe('the general reader: a name marked by its class, test id or aria label, with no "Name" label', () => {
    const general = builtInReaders.filter((a) => a.id === 'nhs-number-fallback');
    const read = (banner: string) => detectPatientInView(new DOMParser().parseFromString(`<body><div class="patient-banner">${banner}</div></body>`, 'text/html'), new URL('http://other-epr.test/chart'), general);
    const numberAndBirth = '<span>NHS No: 999 000 1014</span><span>DOB: 12/03/1950</span>';

    it.each([
      ['a class', '<span class="pt-banner__patient-name">Ada FAKEHAM</span>'],
      ['a camel-case class', '<div class="patientName">Ada FAKEHAM</div>'],
      ['a test id', '<strong data-testid="patient-name">Ada FAKEHAM</strong>'],
      ['another test attribute', '<strong data-qa="banner-patient_name">Ada FAKEHAM</strong>'],
      ['an aria label', '<div aria-label="Patient name"><span>Ada FAKEHAM</span></div>'],
      ['a class, the age beside the name in the same element', '<div class="patientName"><a href="/p/1">Ada FAKEHAM</a> (76)</div>'],
    ])('%s', (_how, name) => {
      expect(read(name + numberAndBirth)).toMatchObject({ kind: 'patient', patient: { nhsNumber: '9990001014', displayName: 'Ada FAKEHAM', birthDate: '1950-03-12' } });
    });

    it('a "Name" label marked the same way is not the name; another person\'s name is not the patient\'s', () => {
      expect(read('<span class="patient-name-label">Name</span><span class="patient-name">Ada FAKEHAM</span>' + numberAndBirth)).toMatchObject({ kind: 'patient', patient: { displayName: 'Ada FAKEHAM' } });
      expect(read('<span class="gp-name">Dr Ian Other</span><span class="user-name">Nurse Bea Keen</span>' + numberAndBirth)).toMatchObject({ kind: 'none', code: 'identity-unreadable' });
    });
  });

  it('a Medplum header without an NHS number falls back to the route\'s FHIR id', () => {
    const doc = page('medplum-patient.html');
    for (const entry of doc.querySelectorAll('.InfoBar_entry')) if (entry.textContent?.includes('nhs-number')) entry.remove();
    expect(detectPatientInView(doc, new URL('http://x/medplum/Patient/epr-demo-0001/details'), builtInReaders.filter((a) => a.id === 'medplum-app'))).toMatchObject({
      kind: 'patient',
      patient: { identifier: { system: FHIR_PATIENT_ID_SYSTEM, value: 'epr-demo-0001' }, confidence: 'medium' },
    });
  });

  it('the OpenEMR finder in front lists its patients by the public id the header would show once each is opened', () => {
    const doc = page('openemr-top-none.html');
    const finder = page('openemr-finder.html');
    Object.defineProperty(doc.querySelector('iframe[name="fin"]')!, 'contentDocument', { get: () => finder });
    const url = new URL('http://localhost:8200/openemr/interface/main/tabs/main.php');
    const openemr = builtInReaders.filter((a) => a.id === 'openemr');
    const local = (value: string) => ({ system: LOCAL_IDENTIFIER_SYSTEMS.demoEprPatient, value });
    expect(detectPatientInView(doc, url, demoSite(openemr))).toMatchObject({ kind: 'none', code: 'list', listed: [local('PUB1001'), local('PUB1002'), local('PUB1003')] });
    // No system for OpenEMR's own ids: nobody could be opened from this list, so nobody is listed.
    expect(detectPatientInView(doc, url, openemr)).toMatchObject({ kind: 'none', code: 'not-patient-page' });
  });

  it('a reader that throws does not take the page down', () => {
    const broken = { id: 'broken', label: 'Broken', matches: () => true, detect: () => { throw new Error('boom'); } };
    expect(detectPatientInView(page('nhs-patients-list.html'), new URL('http://x/nhs/patients'), [broken]).kind).toBe('none');
  });
});
