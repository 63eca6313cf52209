import { describe, expect, it } from 'vitest';
import { paragraphsOf, textBlocksFromMarkup } from './narrative-text';
import { UnreadableLetterError } from './reading';

const xhtml = (inner: string) => `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>`;

describe('textBlocksFromMarkup', () => {
  it('reads a PRSB table: a header cell labels its data cell, a cell is one paragraph of lines', () => {
    const blocks = textBlocksFromMarkup(
      xhtml(`<table width="100%"><tbody>
        <tr><th>Actions for healthcare professionals</th><td>GP please continue. <p>Status: Requested</p><p>Doses will be
          uptitrated.</p></td></tr>
        <tr><th>Actions for patient or their carer</th><td>Patient to attend.</td></tr>
      </tbody></table>`),
    );
    expect(blocks).toEqual([
      {
        kind: 'row',
        heading: 'Actions for healthcare professionals',
        content: [{ kind: 'paragraph', lines: ['GP please continue.', 'Status: Requested', 'Doses will be uptitrated.'] }],
      },
      { kind: 'row', heading: 'Actions for patient or their carer', content: [{ kind: 'paragraph', lines: ['Patient to attend.'] }] },
    ]);
  });

  it('reads a header cell alone in its row as a heading, and column headers into the rows below', () => {
    const blocks = textBlocksFromMarkup(
      xhtml(`<table><tr><th>Clinical summary</th></tr><tr><td>Well.</td></tr></table>
        <table><thead><tr><th>Medicine</th><th>Status</th></tr></thead><tbody><tr><td>Aspirin</td><td>Added</td></tr></tbody></table>`),
    );
    expect(blocks).toEqual([
      { kind: 'heading', text: 'Clinical summary' },
      { kind: 'paragraph', lines: ['Well.'] },
      { kind: 'paragraph', lines: ['Medicine: Aspirin', 'Status: Added'] },
    ]);
  });

  it('reads headings, paragraphs, line breaks and list items', () => {
    const blocks = textBlocksFromMarkup(xhtml('<h3>Plan</h3><p>One<br/>two</p><ul><li>First</li><li>Second <b>bold</b></li></ul><p>After</p>'));
    expect(blocks).toEqual([
      { kind: 'heading', text: 'Plan' },
      { kind: 'paragraph', lines: ['One', 'two'] },
      { kind: 'item', lines: ['First'] },
      { kind: 'item', lines: ['Second bold'] },
      { kind: 'paragraph', lines: ['After'] },
    ]);
    expect(paragraphsOf(blocks)).toEqual(['Plan', 'One two', 'First', 'Second bold', 'After']);
  });

  it('decodes entities and normalises whitespace only', () => {
    expect(paragraphsOf(textBlocksFromMarkup(xhtml('<p>Brown &amp; Burk&#160;&#160;UK   Ltd &lt;2 tablets&gt;</p>')))).toEqual([
      'Brown & Burk UK Ltd <2 tablets>',
    ]);
  });

  it('drops script, style and attributes: event handlers and javascript: links never come back', () => {
    const blocks = textBlocksFromMarkup(
      xhtml(`<script>alert('x')</script><style>p { color: red }</style>
        <p onclick="alert(1)">Check <a href="javascript:alert(2)">bloods</a><img src="x" onerror="alert(3)"/></p>
        <!-- a comment --><noscript>enable scripts</noscript><svg><text>drawn</text></svg>`),
    );
    const text = JSON.stringify(blocks);
    expect(paragraphsOf(blocks)).toEqual(['Check bloods']);
    for (const payload of ['alert', 'javascript', 'onerror', 'onclick', '<', 'color', 'comment', 'enable scripts', 'drawn']) {
      expect(text).not.toContain(payload);
    }
  });

  it('reads markup nested as deep as letters go, and refuses deeper at once (the tokeniser slows with depth)', () => {
    const nested = (depth: number) => `${'<div><span>'.repeat(depth / 2)}deep text${'</span></div>'.repeat(depth / 2)}`;
    expect(paragraphsOf(textBlocksFromMarkup(nested(400)))).toEqual(['deep text']);
    expect(() => textBlocksFromMarkup(nested(200_000))).toThrow(UnreadableLetterError);
  });
});
