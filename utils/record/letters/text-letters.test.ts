import { describe, expect, it } from 'vitest';
import { readLetter } from './read-letter';
import { MEDICINES_NOT_READ_FROM_TEXT, NO_ACTION_HEADING } from './text-letters';

const PLAIN_LETTER = `Dear Dr Patel,

Re: Mrs Jane Jones, NHS number 943 476 5919

I saw Mrs Jones in the respiratory clinic today. Her asthma is better controlled.
Please could you review her inhaler technique when you next see her.

Diagnosis:
Asthma

Actions for GP:
1. Please increase beclometasone to 200 micrograms twice daily.
2. Repeat peak flow in 4 weeks and
   refer back if below 300 L/min.
- Add a spacer to her repeat prescription.

Actions for patient: Use the spacer every time.

Yours sincerely,
Dr A Consultant`;

describe('readLetter: plain-text letters', () => {
  it('reads the lines under an actions heading, each numbered or bulleted line one action, up to the next heading', () => {
    const reading = readLetter({ format: 'text', content: PLAIN_LETTER });
    expect(reading.kind).toBe('text');
    expect(reading.read).toBe('read');
    expect(reading.actions.map((a) => [a.index, a.heading, a.text])).toEqual([
      [0, 'Actions for GP', 'Please increase beclometasone to 200 micrograms twice daily.'],
      [1, 'Actions for GP', 'Repeat peak flow in 4 weeks and refer back if below 300 L/min.'],
      [2, 'Actions for GP', 'Add a spacer to her repeat prescription.'],
    ]);
    expect(reading.actions[0]).toMatchObject({ sectionKey: 'plan-and-requested-actions', sectionTitle: 'Actions for GP' });
    expect(reading.otherRequests.map((r) => [r.kind, r.text])).toEqual([['patient-or-carer', 'Use the spacer every time.']]);
    // The request in the letter's prose is not guessed at.
    expect(reading.actions.map((a) => a.text).join(' ')).not.toContain('inhaler technique');
    expect(reading.medicinesRead).toBe('not-read');
    expect(reading.problems).toEqual([MEDICINES_NOT_READ_FROM_TEXT]);
    expect(reading.sections.map((s) => [s.key, s.title])).toEqual([
      ['unknown', ''],
      ['unknown', 'Diagnosis'],
      ['plan-and-requested-actions', 'Actions for GP'],
      ['plan-and-requested-actions', 'Actions for patient'],
      ['unknown', 'Yours sincerely,'],
    ]);
  });

  it('reads a paragraph under "Plan" as one action, and "Recommendations" too', () => {
    const reading = readLetter({
      format: 'text',
      content: 'PLAN\nStart ramipril 2.5mg once daily and check\nrenal function in 2 weeks.\n\nRECOMMENDATIONS\n* Annual review\n',
    });
    expect(reading.actions.map((a) => [a.heading, a.text])).toEqual([
      ['PLAN', 'Start ramipril 2.5mg once daily and check renal function in 2 weeks.'],
      ['RECOMMENDATIONS', 'Annual review'],
    ]);
  });

  it('is not read without a heading for actions: no action is guessed from prose', () => {
    const reading = readLetter({ format: 'text', content: 'Dear Dr Patel,\nPlease start ramipril and check her renal function in two weeks.\nYours sincerely' });
    expect(reading).toMatchObject({ read: 'not-read', actions: [], problems: [NO_ACTION_HEADING, MEDICINES_NOT_READ_FROM_TEXT] });
    expect(reading.sections[0]!.paragraphs).toEqual(['Dear Dr Patel, Please start ramipril and check her renal function in two weeks.']);
  });
});

describe('readLetter: HTML letters', () => {
  it('reads requests under headings in HTML, without a DOM', () => {
    const reading = readLetter({
      format: 'html',
      content: `<!doctype html><html><head><title>Letter</title><style>h2{color:red}</style></head><body>
        <p>Dear Dr Patel,</p><p>I reviewed Mr Smith today.</p>
        <h2>GP actions</h2><ul><li>Check U&amp;E in 1 week</li><li>Stop <b>naproxen</b></li></ul>
        <p><strong>Requested actions:</strong> Refer to dietitian.</p>
        <h2>Information and advice given</h2><p>Low salt diet discussed.</p>
        <p>Kind regards,</p></body></html>`,
    });
    expect(reading.kind).toBe('html');
    expect(reading.read).toBe('read');
    expect(reading.actions.map((a) => [a.heading, a.text])).toEqual([
      ['GP actions', 'Check U&E in 1 week'],
      ['GP actions', 'Stop naproxen'],
      ['Requested actions', 'Refer to dietitian.'],
    ]);
    expect(reading.otherRequests.map((r) => [r.kind, r.text])).toEqual([['information-and-advice', 'Low salt diet discussed.']]);
  });

  it('reads a blank line (two line breaks) as the end of a paragraph, so of an action', () => {
    const reading = readLetter({ format: 'html', content: 'Actions for GP:<br>Check U&amp;E<br>in a week.<br><br>Review BP.<br/>&nbsp;<br/>Stop naproxen.' });
    expect(reading.actions.map((a) => a.text)).toEqual(['Check U&E in a week.', 'Review BP.', 'Stop naproxen.']);
  });

  it('reads a letter laid out as a table of headings', () => {
    const reading = readLetter({
      format: 'html',
      content: '<table><tr><th>Actions for healthcare professionals</th><td>Repeat ECG. <p>Status: Requested</p></td></tr><tr><th>Next appointment</th><td>6 weeks</td></tr></table>',
    });
    expect(reading.actions.map((a) => [a.text, a.status])).toEqual([['Repeat ECG.', 'Requested']]);
  });

  it('is not read without a heading for actions', () => {
    const reading = readLetter({ format: 'html', content: '<p>Dear Dr Patel,</p><p>Please start ramipril.</p>' });
    expect(reading).toMatchObject({ read: 'not-read', actions: [] });
  });

  it('never runs or returns script: script, event handlers and javascript: links come back as plain text or not at all', () => {
    const reading = readLetter({
      format: 'html',
      content: `<h2>Actions for GP</h2>
        <p onmouseover="steal()">Review <a href="javascript:alert(document.cookie)">bloods</a><img src=x onerror="alert(1)"></p>
        <script>document.write('<p>Actions for GP: give 10x the dose</p>')</script>
        <iframe src="https://evil.example"></iframe><style>@import url(evil.css)</style>`,
    });
    expect(reading.actions.map((a) => a.text)).toEqual(['Review bloods']);
    const everything = JSON.stringify(reading);
    for (const payload of ['<', 'script', 'alert', 'javascript', 'onerror', 'onmouseover', 'steal', 'evil', '10x the dose']) {
      expect(everything).not.toContain(payload);
    }
  });
});

describe('readLetter: PDF text lines', () => {
  it('reads the text lines a PDF extractor returns, wrapped lines continuing their item and page numbers dropped', () => {
    const reading = readLetter({
      format: 'pdf-text',
      lines: [
        'Northshire Hospital NHS Trust',
        'Dear Dr Patel,',
        'Plan and requested actions',
        'Actions for healthcare professionals',
        '1. Please arrange a repeat chest X-ray in',
        'Page 1 of 2',
        'six weeks.',
        '2. Stop amlodipine.\nStatus: Requested',
        'Actions for patient or their carer',
        'Stop smoking.',
      ],
    });
    expect(reading.kind).toBe('pdf-text');
    expect(reading.read).toBe('read');
    expect(reading.actions.map((a) => [a.text, a.status])).toEqual([
      ['Please arrange a repeat chest X-ray in six weeks.', undefined],
      ['Stop amlodipine.', 'Requested'],
    ]);
    expect(reading.otherRequests.map((r) => r.text)).toEqual(['Stop smoking.']);
  });

  it('is not read without a heading for actions', () => {
    expect(readLetter({ format: 'pdf-text', lines: ['Dear Dr Patel,', 'Please stop amlodipine.'] })).toMatchObject({ read: 'not-read', actions: [] });
  });
});
