import { PDFDocument, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { nodePdfJs } from '../../../testing/record/letter-reader';
import { MAX_PDF_PAGES, NO_TEXT_LAYER, PDF_NOT_READABLE, pdfTextLines, readPdfLetter, TOO_MANY_PAGES } from './pdf-text';

/** A PDF with a text layer: each page a list of lines (an empty string is a gap). */
async function pdf(pages: string[][], opts: { script?: string } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    let y = 780;
    for (const line of lines) {
      if (line) page.drawText(line, { x: 56, y, size: 11, font });
      y -= line ? 16 : 24;
    }
  }
  if (opts.script) doc.addJavaScript('payload', opts.script);
  return doc.save();
}

describe('reading a PDF letter', () => {
  it('reads its text layer line by line, and the requests under the headings clinicians use', async () => {
    const bytes = await pdf([['Diabetes clinic letter', 'Dear Dr Carter,', 'His HbA1c is 64.', '', 'Actions for GP', '1. Increase metformin to 1 g twice daily.', '2. Repeat HbA1c in three months.'], ['Page 2 of 2', 'Plan', '- Review in six months.']]);
    const lines = await pdfTextLines(await nodePdfJs(), bytes.slice());
    expect(lines).toContain('Actions for GP');
    expect(lines).toContain('1. Increase metformin to 1 g twice daily.');
    const reading = await readPdfLetter(await nodePdfJs(), bytes);
    expect(reading.kind).toBe('pdf-text');
    expect(reading.actions.map((a) => a.text)).toEqual(['Increase metformin to 1 g twice daily.', 'Repeat HbA1c in three months.', 'Review in six months.']);
  });

  it('claims nothing of a PDF with no text layer (a scan), one too long, or one that is not a PDF', async () => {
    expect(await readPdfLetter(await nodePdfJs(), await pdf([[]]))).toMatchObject({ read: 'not-read', actions: [], problems: [NO_TEXT_LAYER] });
    expect(await readPdfLetter(await nodePdfJs(), await pdf(Array.from({ length: MAX_PDF_PAGES + 1 }, () => ['Plan', '- Something.'])))).toMatchObject({ read: 'not-read', actions: [], problems: [TOO_MANY_PAGES] });
    expect(await readPdfLetter(await nodePdfJs(), new TextEncoder().encode('<html><script>alert(1)</script></html>'))).toMatchObject({ read: 'not-read', actions: [], problems: [PDF_NOT_READABLE] });
  });

  it('reads a PDF carrying a document script as text only (the script is not part of the reading)', async () => {
    const reading = await readPdfLetter(await nodePdfJs(), await pdf([['Plan', '- Check bloods.']], { script: 'app.alert("ran")' }));
    expect(reading.actions.map((a) => a.text)).toEqual(['Check bloods.']);
    expect(JSON.stringify(reading)).not.toMatch(/alert|ran"/);
  });
});
