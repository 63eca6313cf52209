/**
 * Every published Transfer of Care example in ../shared (skipped without it), as the shared record would
 * hold it: attached to a DocumentReference of the patient the document names. Through the whole path
 * (attachment decoded, read by the reader, checked against the patient, ranked by the letter rules) each
 * action for professionals is a line, verbatim; each medicine change is kept in the record's shape;
 * nothing for the patient or carer is among the actions; and filed under another patient, none of it is.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentReference, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { FhirClient } from '@/utils/fhir/client';
import { readLetter } from '@/utils/record/letters/read-letter';
import { letterHighlights } from '@/utils/highlights/letter-rules';
import { inProcessLetterReader } from '../../../testing/record/letter-reader';
import { readRecordLetters } from './letters';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/transfer-of-care');
const files = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.xml')) : [];
const client = new FhirClient({ baseUrl: 'https://shared-record.test/fhir/R4', fetch: () => Promise.reject(new Error('no request expected')) });

describe.skipIf(files.length === 0)('the published Transfer of Care examples, attached to the record', () => {
  describe.each(files)('%s', (file) => {
    const xml = readFileSync(path.join(FIXTURES, file), 'utf8');
    const direct = readLetter({ format: 'fhir', content: xml });
    const nhs = direct.subject!.nhsNumber!;
    const doc: DocumentReference = { resourceType: 'DocumentReference', id: 'd', status: 'current', subject: { reference: 'Patient/p' }, content: [{ attachment: { contentType: 'application/fhir+xml; fhirVersion=3.0', data: Buffer.from(xml).toString('base64') } }] };
    const patient = (n: string): Patient => ({ resourceType: 'Patient', id: 'p', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: n }] });

    it('gives every action for professionals as a line, verbatim, and every medicine change, nothing for the patient among them', async () => {
      const { letters, otherPatients } = await readRecordLetters({ client, patient: patient(nhs), documents: [doc], complete: true, reader: inProcessLetterReader() });
      expect(otherPatients).toBe(0);
      const [letter] = letters;
      expect(letter!.reading?.actions).toEqual(direct.actions);
      expect(letter!.medicineChanges.map(({ change, medicine }) => ({ change, medicine }))).toEqual(direct.medicineChanges.map(({ change, medicine }) => ({ change, medicine })));
      const lines = letterHighlights(letters, { now: new Date(), windowDays: 3650 * 3, tasks: [] }).actions.map((a) => a.text);
      expect(lines).toEqual(direct.actions.map((a) => a.text));
      for (const other of direct.otherRequests) expect(lines).not.toContain(other.text);
    });

    it('filed under another patient, is dropped and counted', async () => {
      const { letters, otherPatients } = await readRecordLetters({ client, patient: patient('9434765870'), documents: [doc], complete: true, reader: inProcessLetterReader() });
      expect(letters).toEqual([]);
      expect(otherPatients).toBe(1);
    });
  });
});
