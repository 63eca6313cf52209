/**
 * FHIR XML or JSON text to FHIR JSON, without a DOM (the background is a service worker, which has no
 * DOMParser). XML follows the FHIR XML rules (https://hl7.org/fhir/R4/xml.html) as far as they can be
 * followed without the schema: a primitive's `value` attribute becomes its value, a resource element
 * becomes an object with its `resourceType`, elements that repeat (and those the reader knows always
 * may) become arrays, and the narrative `<div xmlns="http://www.w3.org/1999/xhtml">` stays its raw XHTML
 * string, as in FHIR JSON, for the narrative reader. Element order across different names is not kept:
 * FHIR JSON does not keep it either.
 */
import { XMLParser } from 'fast-xml-parser';
import { asObject, type JsonObject } from './fhir-values';
import { UnreadableLetterError } from './reading';

/** Why a FHIR letter's text could not be parsed. */
export class FhirParseError extends UnreadableLetterError {}

const ATTRIBUTE = '@_';
const TEXT = '#text';

/**
 * Elements that are lists in FHIR (STU3 and R4) wherever the reader meets them, so that one occurrence
 * still reads as a list of one. Best effort: the readers accept one value or a list everywhere.
 */
const ALWAYS_REPEATING = new Set([
  'entry', 'section', 'coding', 'extension', 'modifierExtension', 'contained', 'author', 'relatesTo',
  'identifier', 'telecom', 'given', 'prefix', 'suffix', 'line', 'address', 'dosage', 'attester', 'event',
  'profile', 'category', 'reasonCode', 'note', 'partOf',
]);

/** `name` is a list of HumanName on these, a single string elsewhere (Organization.name). */
const HUMAN_NAME_HOLDERS = new Set(['Patient', 'Practitioner', 'RelatedPerson', 'Person']);

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE,
  // Values stay the strings the letter wrote: "0012" is an identifier, not a number.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  stopNodes: ['*.div'],
  // Numeric character references (&#160;) are XML; the option also decodes them in attribute values.
  htmlEntities: true,
  // A path matcher rather than a path string per element: the parser then builds no strings (3x faster).
  jPath: false,
  isArray: (tagName, matcher) => {
    if (ALWAYS_REPEATING.has(tagName)) return true;
    if (tagName !== 'name' || typeof matcher === 'string') return false;
    const path = matcher.toArray();
    return HUMAN_NAME_HOLDERS.has(path[path.length - 2] ?? '');
  },
});

/**
 * Parses a FHIR resource written as XML or JSON.
 * @param text - the resource's text (a BOM and leading whitespace are allowed)
 * @returns the resource as FHIR JSON (untrusted: read it with the fhir-values helpers)
 * @throws FhirParseError when the text is neither well-formed FHIR XML nor JSON
 */
export function parseFhirText(text: string): JsonObject {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (body.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new FhirParseError('is not well-formed JSON');
    }
    const resource = asObject(parsed);
    if (!resource) throw new FhirParseError('is JSON but not a FHIR resource');
    return resource;
  }
  if (body.startsWith('<')) return parseFhirXml(body);
  throw new FhirParseError('is neither FHIR XML nor FHIR JSON');
}

function parseFhirXml(xml: string): JsonObject {
  // FHIR XML never has a DTD (https://hl7.org/fhir/R4/xml.html): refusing one refuses entity expansion.
  if (/<!DOCTYPE/i.test(xml)) throw new FhirParseError('has a DOCTYPE, which FHIR XML never has');
  let parsed: unknown;
  try {
    parsed = xmlParser.parse(xml, true);
  } catch {
    throw new FhirParseError('is not well-formed XML');
  }
  // The root element is the resource (a Bundle or a Composition); the XML declaration sits beside it.
  const root = Object.entries(asObject(parsed) ?? {}).find(([name]) => /^[A-Z]/.test(name));
  if (!root) throw new FhirParseError('is XML but not a FHIR resource');
  return resourceFromXml(root[0], root[1]);
}

/** A resource element (`<Composition>…</Composition>`) as a FHIR JSON resource. */
function resourceFromXml(resourceType: string, element: unknown): JsonObject {
  return { resourceType, ...asObject(elementFromXml('', element)) };
}

/** An element as FHIR JSON: a primitive's value, a complex element's object, the narrative's XHTML. */
function elementFromXml(name: string, element: unknown): unknown {
  const node = asObject(element);
  if (name === 'div') return narrativeFromXml(element);
  if (!node) return undefined;
  const value = node[`${ATTRIBUTE}value`];
  // A primitive: its extensions (FHIR JSON's `_name`) are not read by anything here.
  if (typeof value === 'string') return value;
  const children = Object.entries(node).filter(([key]) => key !== TEXT && !key.startsWith(`${ATTRIBUTE}xmlns`));
  // `<resource><Patient>…</Patient></resource>`: the wrapper holds the resource itself.
  const onlyChild = children.length === 1 ? children[0] : undefined;
  if (onlyChild && /^[A-Z]/.test(onlyChild[0])) return resourceFromXml(onlyChild[0], Array.isArray(onlyChild[1]) ? onlyChild[1][0] : onlyChild[1]);
  const json: JsonObject = {};
  for (const [key, child] of children) {
    if (key.startsWith(ATTRIBUTE)) {
      json[key.slice(ATTRIBUTE.length)] = child; // `url` of an extension, `id` of an element
    } else if (Array.isArray(child)) {
      json[key] = child.map((c) => elementFromXml(key, c)).filter((c) => c !== undefined);
    } else {
      const converted = elementFromXml(key, child);
      if (converted !== undefined) json[key] = converted;
    }
  }
  return json;
}

/** The narrative div, kept whole as FHIR JSON keeps it: `<div xmlns="…">…</div>`. */
function narrativeFromXml(element: unknown): string {
  const inner = typeof element === 'string' ? element : String(asObject(element)?.[TEXT] ?? '');
  return `<div xmlns="http://www.w3.org/1999/xhtml">${inner}</div>`;
}
