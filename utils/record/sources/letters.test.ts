import type { Composition, DocumentReference, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirClient } from '@/utils/fhir/client';
import { readLetter } from '@/utils/record/letters/read-letter';
import type { StoredLetter } from '@/utils/record/types';
import type { LetterJob, LetterReader } from './letter-jobs';
import { CANNOT_CHECK_PATIENT, HELD_ELSEWHERE, LETTER_CAPS, letterMedicineChanges, NOT_FETCHED, NOT_READ_HERE, readRecordLetters, TOO_LARGE_TO_READ } from './letters';

const BASE = 'https://shared-record.test/fhir/R4';
const NHS = '9434765919';
const OTHER_NHS = '9434765870';
const patient: Patient = { resourceType: 'Patient', id: 'p1', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: NHS }] };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** An ITK-style FHIR document (JSON) asking `actions` of professionals, about the patient with `nhs`. */
function documentBundle(nhs: string, actions: string[], extra: { identifier?: string; replaces?: string; date?: string } = {}) {
  return JSON.stringify({
    resourceType: 'Bundle',
    type: 'document',
    entry: [
      {
        fullUrl: 'urn:uuid:c',
        resource: {
          resourceType: 'Composition',
          status: 'final',
          type: { text: 'Discharge summary' },
          date: extra.date ?? '2026-11-20',
          subject: { reference: 'urn:uuid:p' },
          author: [{ reference: 'urn:uuid:o' }],
          ...(extra.identifier ? { identifier: { value: extra.identifier } } : {}),
          ...(extra.replaces ? { relatesTo: [{ code: 'replaces', targetIdentifier: { value: extra.replaces } }] } : {}),
          section: [
            {
              title: 'Plan and requested actions',
              code: { coding: [{ system: 'http://snomed.info/sct', code: '887201000000105' }] },
              text: { div: `<div xmlns="http://www.w3.org/1999/xhtml"><table><tr><th>Actions for healthcare professionals</th><td>${actions.map((a) => `<p>${a}</p><p>Status: Requested</p>`).join('')}</td></tr></table></div>` },
            },
          ],
        },
      },
      { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }] } },
      { fullUrl: 'urn:uuid:o', resource: { resourceType: 'Organization', name: 'Northshire General' } },
    ],
  });
}

const docRef = (id: string, attachment: NonNullable<DocumentReference['content']>[number]['attachment'], extra: Partial<DocumentReference> = {}): DocumentReference => ({
  resourceType: 'DocumentReference',
  id,
  status: 'current',
  subject: { reference: 'Patient/p1' },
  date: '2026-11-20',
  content: [{ attachment }],
  ...extra,
});

/** A reader in this process that counts its jobs (or fails, as a reader page that cannot start). */
function reader(fail = false): LetterReader & { jobs: LetterJob[] } {
  const jobs: LetterJob[] = [];
  return {
    jobs,
    async read(batch) {
      jobs.push(...batch);
      if (fail) throw new Error('no reader');
      return batch.map((job) => (job.format === 'pdf' ? readLetter({ format: 'pdf-text', lines: [] }) : readLetter(job)));
    },
  };
}

/** A shared record that answers reads by URL from `held`, and counts them. */
function server(held: Record<string, Resource> = {}) {
  const requests: string[] = [];
  const client = new FhirClient({
    baseUrl: BASE,
    fetch: async (input) => {
      const url = String(input);
      requests.push(url);
      const resource = held[url.slice(BASE.length + 1)];
      return new Response(JSON.stringify(resource ?? { resourceType: 'OperationOutcome' }), { status: resource ? 200 : 404 });
    },
  });
  return { client, requests };
}

const read = (documents: Resource[], opts: { cached?: StoredLetter[]; complete?: boolean; held?: Record<string, Resource>; fail?: boolean; who?: Patient; incomplete?: string[] } = {}) => {
  const s = server(opts.held);
  const r = reader(opts.fail);
  return readRecordLetters({ client: s.client, patient: opts.who ?? patient, documents, cached: opts.cached, complete: opts.complete ?? true, incomplete: opts.incomplete, reader: r }).then((out) => ({ ...out, requests: s.requests, jobs: r.jobs }));
};

describe('readRecordLetters', () => {
  it('reads an inline FHIR document with no request, and one at a URL on the server with one request', async () => {
    const out = await read(
      [
        docRef('inline', { contentType: 'application/fhir+json', data: b64(documentBundle(NHS, ['Check potassium.'])) }),
        docRef('at-url', { contentType: 'application/fhir+json', url: `${BASE}/Binary/b1` }),
      ],
      { held: { 'Binary/b1': { resourceType: 'Binary', contentType: 'application/fhir+json', data: b64(documentBundle(NHS, ['Review in clinic.'])) } } },
    );
    expect(out.requests).toEqual([`${BASE}/Binary/b1`]);
    expect(Object.fromEntries(out.letters.map((l) => [l.id, l.reading?.actions.map((a) => a.text)]))).toEqual({
      'DocumentReference/inline': ['Check potassium.'],
      'DocumentReference/at-url': ['Review in clinic.'],
    });
    expect(out.letters[0]).toMatchObject({ documentType: 'Discharge summary', authorOrganisation: 'Northshire General' });
  });

  it('drops a letter whose own NHS number names another patient, and counts it', async () => {
    const out = await read([docRef('misfiled', { contentType: 'application/fhir+json', data: b64(documentBundle(OTHER_NHS, ['Refer to memory clinic.'])) })]);
    expect(out.letters).toEqual([]);
    expect(out.otherPatients).toBe(1);
    expect(JSON.stringify(out.letters)).not.toContain('memory clinic');
  });

  it('drops a PDF, text or HTML letter whose words give another patient’s NHS number, and counts it; keeps one giving this patient’s', async () => {
    const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    const out = await read([
      docRef('other-text', { contentType: 'text/plain', data: b64(`Clinic letter\nRe: John Smith, NHS number: ${spaced(OTHER_NHS)}\n\nActions for GP\n- Refer to memory clinic.`) }),
      docRef('other-html', { contentType: 'text/html', data: b64(`<p>NHS No. ${OTHER_NHS}</p><h2>Actions for GP</h2><ul><li>Stop warfarin.</li></ul>`) }),
      docRef('mine', { contentType: 'text/plain', data: b64(`Clinic letter\nNHS number ${spaced(NHS)}\nCall NHS 111 if worse.\n\nActions for GP\n- Check bloods.`) }),
    ]);
    expect(out.otherPatients).toBe(2);
    expect(out.letters.map((l) => l.id)).toEqual(['DocumentReference/mine']);
    expect(out.letters[0]!.reading?.actions.map((a) => a.text)).toEqual(['Check bloods.']);
    expect(JSON.stringify(out.letters)).not.toMatch(/memory clinic|warfarin/);
  });

  it('shows nothing of a letter that gives an NHS number when the record has none to check it against', async () => {
    const out = await read([docRef('x', { contentType: 'application/fhir+json', data: b64(documentBundle(NHS, ['Check potassium.'])) })], { who: { resourceType: 'Patient', id: 'p1' } });
    expect(out.letters).toMatchObject([{ id: 'DocumentReference/x', problem: CANNOT_CHECK_PATIENT }]);
    expect(out.letters[0]!.reading).toBeUndefined();
  });

  it('never fetches an attachment held outside the shared record (our token goes nowhere else)', async () => {
    const out = await read([docRef('elsewhere', { contentType: 'application/pdf', url: 'https://evil.example/letter.pdf' }), docRef('climb', { contentType: 'text/plain', url: `${BASE}/../../admin/letter` })]);
    expect(out.requests).toEqual([]);
    expect(out.letters.map((l) => l.problem)).toEqual([HELD_ELSEWHERE, HELD_ELSEWHERE]);
  });

  it('reads no attachment over the size cap, inline or declared, and fetches none', async () => {
    const big = 'A'.repeat(Math.ceil((LETTER_CAPS.attachmentBytes * 4) / 3) + 8);
    const out = await read([docRef('inline-big', { contentType: 'application/pdf', data: big }), docRef('declared-big', { contentType: 'application/pdf', url: `${BASE}/Binary/big`, size: LETTER_CAPS.attachmentBytes + 1 })]);
    expect(out.requests).toEqual([]);
    expect(out.jobs).toEqual([]);
    expect(out.letters.map((l) => l.problem)).toEqual([TOO_LARGE_TO_READ, TOO_LARGE_TO_READ]);
  });

  it('marks a letter replaced by a later one, by its DocumentReference or by its document identifier', async () => {
    const out = await read([
      docRef('v1', { contentType: 'application/fhir+json', data: b64(documentBundle(NHS, ['Stop aspirin.'], { identifier: 'ds-v1' })) }),
      docRef('v2', { contentType: 'application/fhir+json', data: b64(documentBundle(NHS, ['Continue aspirin.'], { identifier: 'ds-v2', replaces: 'ds-v1' })) }),
      docRef('r1', { contentType: 'text/plain', data: b64('Plan\n- Old plan.') }),
      docRef('r2', { contentType: 'text/plain', data: b64('Plan\n- New plan.') }, { relatesTo: [{ code: 'replaces', target: { reference: 'DocumentReference/r1' } }] }),
    ]);
    const by = Object.fromEntries(out.letters.map((l) => [l.id, l.replacedBy]));
    expect(by).toEqual({ 'DocumentReference/v1': 'DocumentReference/v2', 'DocumentReference/v2': undefined, 'DocumentReference/r1': 'DocumentReference/r2', 'DocumentReference/r2': undefined });
  });

  it('reads a Composition on the record as it is, without the "no NHS number" problem (its subject was checked)', async () => {
    const composition: Composition = {
      resourceType: 'Composition',
      id: 'c1',
      status: 'final',
      type: { text: 'Outpatient letter' },
      subject: { reference: 'Patient/p1' },
      date: '2026-11-21',
      author: [{ reference: 'Organization/o1', display: 'Northshire General' }],
      title: 'Clinic letter',
      section: [{ title: 'Plan and requested actions', code: { coding: [{ system: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-RecordStandardHeadings', code: 'plan-and-requested-actions' }] }, text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><table><tr><th>Actions for healthcare professionals</th><td>Arrange an echo.</td></tr></table></div>' } }],
    };
    const out = await read([composition, { ...composition, id: 'draft', status: 'preliminary' }]);
    expect(out.letters).toHaveLength(1);
    expect(out.letters[0]).toMatchObject({ id: 'Composition/c1', authorReference: 'Organization/o1', authorOrganisation: 'Northshire General' });
    expect(out.letters[0]!.reading).toMatchObject({ problems: [], actions: [{ text: 'Arrange an echo.' }] });
  });

  it('reads a letter unchanged since it was read no more (no request, no reading), and drops one no longer current', async () => {
    const doc = docRef('at-url', { contentType: 'text/plain', url: `${BASE}/Binary/b1` }, { meta: { versionId: '3' } });
    const held = { 'Binary/b1': { resourceType: 'Binary', contentType: 'text/plain', data: b64('Actions for GP\n- Check bloods.') } } as Record<string, Resource>;
    const first = await read([doc], { held });
    expect(first.requests).toHaveLength(1);
    const again = await read([doc], { held, cached: first.letters });
    expect(again.requests).toEqual([]);
    expect(again.jobs).toEqual([]);
    expect(again.letters[0]!.reading?.actions.map((a) => a.text)).toEqual(['Check bloods.']);
    // Changes since: withdrawn (entered in error) goes; an untouched letter stays.
    const withdrawn = await read([{ ...doc, status: 'entered-in-error' }], { cached: first.letters, complete: false });
    expect(withdrawn.letters).toEqual([]);
    expect((await read([], { cached: first.letters, complete: false })).letters).toHaveLength(1);
    // A full fetch whose letters search failed keeps what it had; one that succeeded without it has dropped it.
    expect((await read([], { cached: first.letters, incomplete: ['letters'] })).letters).toHaveLength(1);
    expect((await read([], { cached: first.letters })).letters).toEqual([]);
  });

  it('when the reader cannot read, says so and reads the letter again next time (it is not kept as read)', async () => {
    const doc = docRef('x', { contentType: 'text/plain', data: b64('Actions for GP\n- Check bloods.') }, { meta: { versionId: '1' } });
    const failed = await read([doc], { fail: true });
    expect(failed.letters).toMatchObject([{ problem: NOT_READ_HERE, version: '' }]);
    const retried = await read([doc], { cached: failed.letters });
    expect(retried.jobs).toHaveLength(1);
    expect(retried.letters[0]!.problem).toBeUndefined();
  });

  it('says a letter that could not be fetched could not be, and a type it does not read is not read', async () => {
    const out = await read([docRef('gone', { contentType: 'application/pdf', url: `${BASE}/Binary/missing` }), docRef('tiff', { contentType: 'image/tiff', data: 'AAAA' })]);
    expect(out.letters.map((l) => l.problem)).toEqual([NOT_FETCHED, 'This letter is a file of type image/tiff, which is not read here: open it.']);
  });

  it('keeps the medicine changes of letters that count, in the record shape (medicine, change, date, organisation, letter)', async () => {
    const letters: StoredLetter[] = [
      { id: 'DocumentReference/a', version: '1', identifiers: [], replaces: [], medicineChanges: [{ medicine: 'Ramipril', change: 'added', date: '2026-11-20', organisation: 'NGH', document: 'DocumentReference/a' }] },
      { id: 'DocumentReference/b', version: '1', identifiers: [], replaces: [], replacedBy: 'DocumentReference/a', medicineChanges: [{ medicine: 'Aspirin', change: 'stopped', document: 'DocumentReference/b' }] },
    ];
    expect(letterMedicineChanges(letters)).toEqual([{ medicine: 'Ramipril', change: 'added', date: '2026-11-20', organisation: 'NGH', document: 'DocumentReference/a' }]);
  });
});
