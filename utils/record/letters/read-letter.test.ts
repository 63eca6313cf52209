import { describe, expect, it } from 'vitest';
import { letterFormatFor, MAX_LETTER_BYTES, MAX_REQUESTS, NOT_READABLE, readLetter, TOO_LARGE, TOO_MANY_REQUESTS } from './read-letter';

const fhirXmlLetter = (planDiv: string) => `<Bundle xmlns="http://hl7.org/fhir"><type value="document"/>
  <entry><fullUrl value="urn:uuid:c"/><resource><Composition>
    <subject><reference value="urn:uuid:p"/></subject>
    <section><title value="Plan and requested actions"/>
      <code><coding><system value="http://snomed.info/sct"/><code value="887201000000105"/></coding></code>
      <text><status value="additional"/>${planDiv}</text></section>
  </Composition></resource></entry>
  <entry><fullUrl value="urn:uuid:p"/><resource><Patient><identifier><system value="https://fhir.nhs.uk/Id/nhs-number"/><value value="9434765919"/></identifier></Patient></resource></entry>
</Bundle>`;

describe('readLetter', () => {
  it('runs where there is no DOM, as in the MV3 service worker (these tests run in Node)', () => {
    expect(typeof (globalThis as { DOMParser?: unknown }).DOMParser).toBe('undefined');
    expect(readLetter({ format: 'html', content: '<h2>Plan</h2><p>Review in clinic.</p>' }).actions.map((a) => a.text)).toEqual(['Review in clinic.']);
  });

  it('refuses a letter over the size cap unparsed, in every format', () => {
    const big = 'x'.repeat(MAX_LETTER_BYTES + 1);
    for (const reading of [
      readLetter({ format: 'fhir', content: `<Bundle>${big}` }),
      readLetter({ format: 'text', content: `Actions for GP:\n${big}` }),
      readLetter({ format: 'html', content: big }),
      readLetter({ format: 'pdf-text', lines: ['Plan', big] }),
      readLetter({ format: 'fhir', content: { resourceType: 'Composition', title: big } }),
    ]) {
      expect(reading).toMatchObject({ read: 'not-read', medicinesRead: 'not-read', actions: [], sections: [], problems: [TOO_LARGE] });
    }
    expect(TOO_LARGE).toBe('This letter is too large to read here (over 2 MB): open it.');
  });

  it('counts the cap in UTF-8 bytes: a letter of fewer characters but more bytes is refused', () => {
    const nearCap = `Actions for GP:\n${'é'.repeat(MAX_LETTER_BYTES / 2)}`; // two bytes each
    expect(nearCap.length).toBeLessThan(MAX_LETTER_BYTES);
    expect(readLetter({ format: 'text', content: nearCap }).problems).toEqual([TOO_LARGE]);
    expect(readLetter({ format: 'text', content: `Actions for GP:\n${'é'.repeat(MAX_LETTER_BYTES / 4)}` }).read).toBe('read');
  });

  it('never throws: what it cannot read comes back not read, with the problem', () => {
    const cyclic: Record<string, unknown> = { resourceType: 'Bundle' };
    cyclic.self = cyclic;
    for (const input of [
      { format: 'fhir', content: cyclic },
      { format: 'fhir', content: '<Bundle xmlns="http://hl7.org/fhir"><entry>' },
      { format: 'fhir', content: 42 as unknown as string },
      { format: 'fhir', content: { resourceType: 'Bundle', type: 'document', entry: 'nonsense' } },
      { format: 'fhir', content: { resourceType: 'Composition', section: [{ text: { div: 7 } }, null, 'x'] } },
      { format: 'html', content: '<<<>>><table><tr><th><td></table' },
    ] as const) {
      expect(() => readLetter(input)).not.toThrow();
    }
    expect(readLetter({ format: 'fhir', content: cyclic }).problems).toEqual([NOT_READABLE]);
    expect(readLetter({ format: 'html', content: '<div>'.repeat(100_000) }).problems).toEqual(['This letter is nested too deeply: it could not be read here, open it.']);
    expect(readLetter({ format: 'fhir', content: '<Bundle xmlns="http://hl7.org/fhir"><entry>' })).toMatchObject({
      read: 'not-read',
      problems: ['This letter is not well-formed XML: it could not be read here, open it.'],
    });
  });

  it('refuses a letter asking more things than any letter does, rather than cache a list of thousands', () => {
    const many = readLetter({ format: 'text', content: `Actions for GP\n${'- Check bloods\n'.repeat(MAX_REQUESTS + 1)}` });
    expect(many).toMatchObject({ read: 'not-read', actions: [], problems: [TOO_MANY_REQUESTS] });
    expect(readLetter({ format: 'text', content: `Actions for GP\n${'- Check bloods\n'.repeat(MAX_REQUESTS)}` }).actions).toHaveLength(MAX_REQUESTS);
    // Far more, within the size cap: still refused in words, not failed (lists are never spread as arguments).
    expect(readLetter({ format: 'text', content: `Actions for GP\n${'- x\n'.repeat(200_000)}` }).problems).toEqual([TOO_MANY_REQUESTS]);
    // Reading 200,000 lines is CPU work (about 1 s on a quiet machine): its budget allows a busy one.
  }, 30_000);

  it('reads pathological text within the cap without stalling (no pattern backtracks over a long line)', () => {
    const longLine = `${'.'.repeat(1_000_000)}x`;
    expect(readLetter({ format: 'text', content: `Actions for GP:\n${longLine}` }).actions).toHaveLength(1);
    expect(readLetter({ format: 'html', content: `<h2>Plan</h2><p>${'- '.repeat(300_000)}</p>` }).read).toBe('read');
    const longReference = { reference: 'A'.repeat(1_000_000) };
    const composition = { resourceType: 'Composition', subject: longReference, author: [longReference], section: [{ entry: [longReference] }] };
    expect(readLetter({ format: 'fhir', content: composition }).kind).toBe('composition');
  });

  it('reads FHIR XML narrative as plain text: script, event handlers and javascript: links never come back', () => {
    const reading = readLetter({
      format: 'fhir',
      content: fhirXmlLetter(`<div xmlns="http://www.w3.org/1999/xhtml"><table><tbody><tr><th>Actions for healthcare professionals</th>
        <td><p onclick="alert(1)">Check <a href="javascript:alert(2)">potassium</a><img src="x" onerror="alert(3)"/></p>
        <script>alert('stolen')</script><style>td{display:none}</style><p>Status: Requested</p></td></tr></tbody></table></div>`),
    });
    expect(reading.actions.map((a) => [a.text, a.status])).toEqual([['Check potassium', 'Requested']]);
    const everything = JSON.stringify(reading);
    for (const payload of ['<', 'alert', 'javascript', 'onerror', 'onclick', 'stolen', 'display:none']) {
      expect(everything).not.toContain(payload);
    }
  });

  it('keeps text that merely mentions markup as the characters the letter wrote', () => {
    const reading = readLetter({
      format: 'fhir',
      content: fhirXmlLetter(
        '<div xmlns="http://www.w3.org/1999/xhtml"><table><tr><th>Actions for healthcare professionals</th><td>Keep systolic BP &lt; 140 &amp; check &lt;b&gt;K+&lt;/b&gt;</td></tr></table></div>',
      ),
    });
    // Escaped in the letter, so text: the caller draws it as text, where it is harmless.
    expect(reading.actions.map((a) => a.text)).toEqual(['Keep systolic BP < 140 & check <b>K+</b>']);
  });
});

describe('letterFormatFor', () => {
  it('maps a DocumentReference attachment type to the reader for it', () => {
    expect(letterFormatFor('application/fhir+xml; fhirVersion=3.0')).toBe('fhir');
    expect(letterFormatFor('application/fhir+json')).toBe('fhir');
    expect(letterFormatFor('text/plain; charset=utf-8')).toBe('text');
    expect(letterFormatFor('TEXT/HTML')).toBe('html');
    expect(letterFormatFor('application/pdf')).toBe('pdf-text');
    expect(letterFormatFor('image/tiff')).toBeUndefined();
  });
});
