/**
 * Every published Transfer of Care example in ../shared (see its README.md), read as the record holds it.
 * What each document asks is derived here from its raw XML by simple patterns, independently of the
 * reader (which parses the XML and walks the narrative), and the reader must give exactly that. The
 * folder is outside this repository: without it these tests skip.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLetter } from './read-letter';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/transfer-of-care');
const present = existsSync(FIXTURES);
const files = present ? readdirSync(FIXTURES).filter((f) => f !== 'README.md') : [];

/** Headings whose cells are actions for professionals ("Action" is the Emergency Care plan's element). */
const PROFESSIONAL = ['Actions for healthcare professionals', 'Investigations requested', 'Procedures requested', 'Action'];
const NOT_PROFESSIONAL = ['Actions for patient or their carer', 'Agreed with patient or legitimate patient representative', 'Information and advice given'];

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The text lines of each `<th>heading</th><td>…</td>` cell in the XML, by tag-stripping. */
function cellLines(xml: string, heading: string): string[][] {
  const cells = [...xml.matchAll(new RegExp(`<th>\\s*${heading}\\s*</th>\\s*<td[^>]*>([\\s\\S]*?)</td>`, 'g'))];
  return cells.map((m) =>
    decode(m[1]!.replace(/<br\s*\/?>|<\/?p[^>]*>/g, '\n').replace(/<[^>]+>/g, ''))
      .split('\n')
      .map(squash)
      .filter(Boolean),
  );
}

const isStatus = (line: string) => /^(action )?status:/i.test(line);
const isPart = (line: string) => /^(person responsible|outcome[^:]*):/i.test(line);

/** Coded changes, by pattern: each MedicationStatement's change status (or stopped) and its Medication's display. */
function codedChanges(xml: string): { change: string; medicine: string }[] {
  const displayOf = (ref: string) => {
    const entry = new RegExp(`<fullUrl value="${ref}"\\s*/>\\s*<resource>\\s*<Medication>([\\s\\S]*?)</Medication>`).exec(xml)?.[1] ?? '';
    return decode(/<display value="([^"]+)"/.exec(/<code>([\s\S]*?)<\/code>/.exec(entry)?.[1] ?? '')?.[1] ?? '');
  };
  return [...xml.matchAll(/<MedicationStatement>([\s\S]*?)<\/MedicationStatement>/g)].flatMap((m) => {
    const statement = m[1]!;
    const stopped = /<status value="stopped"\s*\/>/.test(statement);
    const code = /<extension url="status">\s*<valueCode value="([^"]+)"/.exec(statement)?.[1];
    const change = stopped ? 'stopped' : code?.toLowerCase();
    if (!change || change === 'continued') return [];
    const ref = /<medicationReference>\s*<reference value="([^"]+)"/.exec(statement)?.[1] ?? '';
    return [{ change, medicine: displayOf(ref) }];
  });
}

describe.skipIf(!present)('the published Transfer of Care examples', () => {
  it('are there to read', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  describe.each(files)('%s', (file) => {
    const xml = readFileSync(path.join(FIXTURES, file), 'utf8');
    const reading = readLetter({ format: 'fhir', content: xml });
    const actionTexts = reading.actions.map((a) => a.text);

    it('reads, with nothing it could not read', () => {
      expect(reading).toMatchObject({ kind: 'fhir-document', read: 'read', medicinesRead: 'read', problems: [] });
    });

    it('gives every action for healthcare professionals as a line of its own, verbatim, without its status line', () => {
      const expected = PROFESSIONAL.flatMap((heading) =>
        cellLines(xml, heading).map((lines) => {
          // One action per status line (each ends the one before it), or the cell is one action.
          const statuses = lines.filter(isStatus).length;
          const descriptions = lines.filter((l) => !isStatus(l) && !isPart(l));
          return { heading, statuses: Math.max(1, statuses), descriptions };
        }),
      );
      // The patterns found every PRSB sub-heading the document has (so an empty match proves nothing less).
      const subHeadings = (xml.match(/<th>\s*(Actions for|Agreed with|Investigations requested|Procedures requested|Action\s*<)/g) ?? []).length;
      expect(expected.length + cellLines(xml, NOT_PROFESSIONAL[0]!).length + cellLines(xml, NOT_PROFESSIONAL[1]!).length).toBe(subHeadings);
      expect(reading.actions).toHaveLength(expected.reduce((n, cell) => n + cell.statuses, 0));
      for (const cell of expected) {
        for (const description of cell.descriptions) {
          // Verbatim: each line of the letter is in exactly one action, whole.
          expect(actionTexts.filter((t) => t.includes(description)), description).toHaveLength(1);
        }
      }
      for (const text of actionTexts) {
        expect(text).not.toMatch(/(^|\s)(action )?status:/i);
        expect(text).not.toMatch(/[<>]/);
      }
    });

    it('keeps actions for the patient or carer, what was agreed and the advice given out of the actions', () => {
      for (const heading of NOT_PROFESSIONAL) {
        for (const lines of cellLines(xml, heading)) {
          const text = squash(lines.join(' '));
          expect(actionTexts.some((t) => t.includes(lines[0]!)), text).toBe(false);
          expect(reading.otherRequests.map((r) => r.text)).toContain(text);
        }
      }
    });

    it('gives every added, amended, on-hold and discontinued medicine as a line', () => {
      expect(reading.medicineChanges.map(({ change, medicine }) => ({ change, medicine }))).toEqual(codedChanges(xml));
    });
  });

  // Written by hand from reading the documents, as a check on the patterns above.
  it('reads the inpatient discharge summary (EDIS) as its author wrote it', () => {
    const reading = readLetter({ format: 'fhir', content: readFileSync(path.join(FIXTURES, 'ITK-EDIS-Example-1.xml'), 'utf8') });
    expect(reading.actions.map((a) => [a.text, a.status])).toEqual([
      ['GP please continue secondary preventative medication.', 'Requested'],
      ['Doses will be uptitrated by Cardiac Rehab team.', 'Requested'],
    ]);
    expect(reading.medicineChanges).toEqual([
      { change: 'added', medicine: 'Clopidogrel 75mg tablets (Almus Pharmaceuticals Ltd)', dose: 'Take one 75mg tablet daily for one year then stop.' },
    ]);
    expect(reading).toMatchObject({
      documentType: 'Discharge summary',
      authorOrganisation: 'Leeds Teaching Hospitals NHS Trust',
      title: 'Cardiology Service Discharge Summary',
      subject: { nhsNumber: '1352465790', name: 'Mr Richard Smith', birthDate: '1957-01-01' },
      replaces: [],
    });
  });

  it('splits the dietetics letter\'s one cell of four actions at its "Action status" lines', () => {
    const reading = readLetter({ format: 'fhir', content: readFileSync(path.join(FIXTURES, 'ITK-OPL-Document-Bundle-1-Example-1.xml'), 'utf8') });
    expect(reading.actions.map((a) => a.status)).toEqual(['Completed', 'Requested', 'Requested', 'Requested']);
    expect(reading.actions[2]!.text).toBe(
      "Please prescribe 28 x 100ml bags per month. Prescription to be sent directly to the feed company who will deliver direct to patient. Person Responsible: Dr. C. O'Reilly - GP, Canvas Health Centre.",
    );
    expect(reading.medicineChanges).toEqual([
      {
        change: 'amended',
        medicine: 'Fresubin Energy Fibre liquid unflavoured (Fresenius Kabi Ltd)',
        details: 'GP to prescribe 28 x 1000ml bags per month, ongoing.',
        date: '2017-05-01',
        dose: '100mls per hour for 10 hours daily, 9am-7pm',
      },
    ]);
  });
});
