import { describe, expect, it } from 'vitest';
import { FhirParseError, parseFhirText } from './parse-document';

describe('parseFhirText', () => {
  it('reads FHIR XML as FHIR JSON: values, resources, repeating elements as lists, the narrative div as XHTML', () => {
    const json = parseFhirText(`<?xml version="1.0" encoding="UTF-8"?>
      <Bundle xmlns="http://hl7.org/fhir">
        <type value="document"/>
        <entry>
          <fullUrl value="urn:uuid:1"/>
          <resource>
            <Composition>
              <title value="Brown &amp; Burk&#160;Ltd"/>
              <section>
                <title value="Plan"/>
                <code><coding><system value="http://snomed.info/sct"/><code value="0012"/></coding></code>
                <text><status value="generated"/><div xmlns="http://www.w3.org/1999/xhtml"><div><p>a &amp; b</p></div><br/></div></text>
              </section>
              <contained><Medication><id value="m"/></Medication></contained>
            </Composition>
          </resource>
        </entry>
        <entry><resource><Patient><name><family value="Smith"/><given value="Richard"/></name></Patient></resource></entry>
        <entry><resource><Organization><name value="Leeds"/></Organization></resource></entry>
      </Bundle>`);
    expect(json).toEqual({
      resourceType: 'Bundle',
      type: 'document',
      entry: [
        {
          fullUrl: 'urn:uuid:1',
          resource: {
            resourceType: 'Composition',
            title: 'Brown & Burk\u00a0Ltd',
            section: [
              {
                title: 'Plan',
                code: { coding: [{ system: 'http://snomed.info/sct', code: '0012' }] },
                text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><div><p>a &amp; b</p></div><br/></div>' },
              },
            ],
            contained: [{ resourceType: 'Medication', id: 'm' }],
          },
        },
        { resource: { resourceType: 'Patient', name: [{ family: 'Smith', given: ['Richard'] }] } },
        { resource: { resourceType: 'Organization', name: 'Leeds' } },
      ],
    });
  });

  it('keeps extension urls and reads JSON as it is', () => {
    const xml = parseFhirText('<Composition xmlns="http://hl7.org/fhir"><extension url="u"><valueCode value="Added"/></extension></Composition>');
    expect(xml).toEqual({ resourceType: 'Composition', extension: [{ url: 'u', valueCode: 'Added' }] });
    expect(parseFhirText('\uFEFF  {"resourceType":"Composition","title":"T"}')).toEqual({ resourceType: 'Composition', title: 'T' });
  });

  it('refuses a DOCTYPE (FHIR XML never has one; refusing it refuses entity expansion)', () => {
    const bomb = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><Bundle xmlns="http://hl7.org/fhir"><id value="&lol2;"/></Bundle>';
    expect(() => parseFhirText(bomb)).toThrow(FhirParseError);
  });

  it('refuses malformed XML and JSON, and text that is neither', () => {
    expect(() => parseFhirText('<Bundle><entry></Bundle>')).toThrow(FhirParseError);
    expect(() => parseFhirText('{"resourceType": ')).toThrow(FhirParseError);
    expect(() => parseFhirText('[1, 2]')).toThrow(FhirParseError);
    expect(() => parseFhirText('Dear Dr Smith')).toThrow(FhirParseError);
  });
});
