/**
 * The patient's letters on the shared record: discharge summaries, clinic letters and the like, held as
 * DocumentReferences (a FHIR document Bundle, a PDF, text or HTML attached, inline or at a URL on the
 * same server) and as Compositions. Fetched in the record's one batch (fetch.ts: `letters`, `clinical
 * documents`), checked to be the patient's like every resource; here each is fetched where its
 * attachment is not inline (one request each, capped in size, on the shared record's server only),
 * read by the letter reader (its own page: the reader's parsers stay out of the background), checked
 * again by the NHS number the letter itself gives, and kept with the record (sealed with it).
 *
 * Which letters count: one replaced by a later letter (DocumentReference.relatesTo, or the document's
 * own Composition.relatesTo, code `replaces`) is marked so, and only the later one's actions are shown.
 * A letter whose resource has not changed since it was read is not fetched or read again.
 */
import type { Attachment, Composition, DocumentReference, Patient, Reference, Resource } from '@medplum/fhirtypes';
import type { FhirClient } from '@/utils/fhir/client';
import { conceptText } from '@/utils/fhir/text';
import { referenceKey } from '@/utils/record/guards/references';
import { nhsNumberOf } from '@/utils/record/guards/nhs-number-verification';
import { letterFormatFor } from '@/utils/record/letters/formats';
import { NO_NHS_NUMBER } from '@/utils/record/letters/reading';
import { isValidNhsNumber, normaliseNhsNumber } from '@/utils/shared/nhs-number';
import type { LetterReading } from '@/utils/record/letters/types';
import type { LetterMedicineChange, StoredLetter } from '@/utils/record/types';
import type { LetterJob, LetterReader } from './letter-jobs';

export type { LetterReader } from './letter-jobs';

/** How much of the patient's letters is fetched, read and kept. */
export const LETTER_CAPS = {
  /** An attachment larger than this (its bytes) is not fetched or read: "too large to read here". */
  attachmentBytes: 5 * 1024 * 1024,
  /** At most this many letters are read and kept, newest first. */
  letters: 30,
  /** Attachments fetched at once. */
  concurrentFetches: 4,
  /**
   * The letters' text kept with the record (JSON characters, all letters): past it, older letters keep
   * what they ask and their medicine changes, but not their whole text.
   */
  textCharsPerRecord: 768 * 1024,
} as const;

export const TOO_LARGE_TO_READ = 'This letter is too large to read here: open it.';
export const HELD_ELSEWHERE = 'This letter is held outside the shared record, where Alongside does not fetch from: open it.';
export const NOT_FETCHED = 'This letter could not be fetched from the shared record: open it.';
export const NOT_READ_HERE = 'This letter could not be read here: open it.';
export const NO_CONTENT = 'This letter has no content Alongside can fetch: open it.';
export const CANNOT_CHECK_PATIENT = "This letter gives an NHS number, but this patient's record has none to check it against: open it.";
export const TEXT_NOT_KEPT = "This letter's full text was not kept here (the patient's letters are too long together): open it to read it.";
const formatNotRead = (type: string) => `This letter is a file of type ${type}, which is not read here: open it.`;

/** The searches (fetch.ts) that bring each kind of letter: if one failed, that kind's letters are kept as they were. */
const SEARCH_OF: Record<string, string> = { DocumentReference: 'letters', Composition: 'clinical documents' };

/** What reading the patient's letters came to. */
export interface LettersRead {
  letters: StoredLetter[];
  /** Letters about another patient (by the NHS number the letter gives): dropped, never shown. */
  otherPatients: number;
}

/**
 * Fetches (where not inline) and reads the patient's letters, reusing what was read of those unchanged.
 *
 * @param input.client - the shared record's client (attachments are fetched only under its base)
 * @param input.patient - the patient the record is for (their NHS number checks each letter)
 * @param input.documents - the DocumentReferences and Compositions the fetch brought (already theirs)
 * @param input.cached - the letters kept with the record before
 * @param input.complete - a full fetch (a letter not among `documents` has gone) or only changes since
 * @param input.incomplete - the searches that failed: the letters they would have brought are kept as they were
 * @param input.names - names of Organizations by `Organization/id`, read with the record
 * @param input.reader - where letters are read
 */
export async function readRecordLetters(input: {
  client: FhirClient;
  patient: Patient;
  documents: readonly Resource[];
  cached?: readonly StoredLetter[];
  complete: boolean;
  incomplete?: readonly string[];
  names?: Readonly<Record<string, string>>;
  reader: LetterReader;
}): Promise<LettersRead> {
  const cached = new Map((input.cached ?? []).map((l) => [l.id, l]));
  const documents = input.documents.filter(isLetterResource);
  const seen = new Set(documents.map(idOf));
  const failedKinds = new Set(Object.keys(SEARCH_OF).filter((type) => input.incomplete?.includes(SEARCH_OF[type]!)));
  // What is kept as it was: on a full fetch, only what a failed search could not say; on changes, all
  // but what changed.
  const kept = [...cached.values()].filter((l) => !seen.has(l.id) && (!input.complete || failedKinds.has(l.id.split('/')[0]!)));
  const current = documents.filter(isCurrent);
  const unchanged: StoredLetter[] = [];
  const toRead: (DocumentReference | Composition)[] = [];
  for (const doc of current) {
    const before = cached.get(idOf(doc));
    if (before && before.version !== '' && before.version === versionOf(doc)) unchanged.push(before);
    else toRead.push(doc);
  }
  // Newest first, and no more than the cap in all (the oldest are left unread).
  const room = Math.max(0, LETTER_CAPS.letters - kept.length - unchanged.length);
  const reading = toRead.sort((a, b) => (documentDate(b) ?? '').localeCompare(documentDate(a) ?? '')).slice(0, room);
  const read = await readDocuments(input.client, reading, input.reader, input.names ?? {});

  const patientNhs = nhsNumberOf(input.patient);
  let otherPatients = 0;
  const fresh: StoredLetter[] = [];
  for (const letter of read) {
    const letterNhs = letter.reading?.subject?.nhsNumber?.replace(/\s/g, '');
    // A letter with no structured subject (PDF, text, HTML) is checked by the NHS numbers its words give.
    const named = letterNhs ? [letterNhs] : nhsNumbersInText(letter.reading);
    if (patientNhs && named.some((n) => n !== patientNhs)) {
      otherPatients++;
      continue;
    }
    if (named.length && !patientNhs) fresh.push({ ...letter, reading: undefined, medicineChanges: [], problem: CANNOT_CHECK_PATIENT });
    else fresh.push(letter);
  }
  const letters = boundLetterText(markReplaced([...kept, ...unchanged, ...fresh].map((l) => ({ ...l, replacedBy: undefined }))));
  return { letters, otherPatients };
}

function isLetterResource(r: Resource): r is DocumentReference | Composition {
  return r.resourceType === 'DocumentReference' || r.resourceType === 'Composition';
}

/** A DocumentReference that is current, or a Composition final or amended: the letters that count. */
function isCurrent(r: DocumentReference | Composition): boolean {
  if (r.resourceType === 'DocumentReference') return r.status === 'current' && r.docStatus !== 'entered-in-error';
  return r.status === 'final' || r.status === 'amended';
}

const idOf = (r: Resource) => `${r.resourceType}/${r.id}`;

/**
 * Which version of a resource was read: its version id and last update where the server gives them,
 * else a hash of the resource.
 *
 * @param r - the resource as read
 */
export function versionOf(r: Resource): string {
  if (r.meta?.versionId || r.meta?.lastUpdated) return `${r.meta.versionId ?? ''}|${r.meta.lastUpdated ?? ''}`;
  // FNV-1a over the JSON: a server that versions nothing still has its changes seen.
  const text = JSON.stringify(r);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `#${(hash >>> 0).toString(16)}`;
}

function documentDate(r: DocumentReference | Composition): string | undefined {
  if (r.resourceType === 'Composition') return r.date ?? r.meta?.lastUpdated;
  return r.date ?? r.context?.period?.end ?? r.meta?.lastUpdated;
}

/** An organisation reference as `Organization/id` (relative, on the shared record), if it is one. */
function organisationKey(ref: Reference | undefined): string | undefined {
  const key = referenceKey(ref?.reference);
  return key?.startsWith('Organization/') ? key : undefined;
}

/** What the record itself says of a letter, before it is read. */
function letterFacts(doc: DocumentReference | Composition, names: Readonly<Record<string, string>>): StoredLetter {
  const orgs: (Reference | undefined)[] = doc.resourceType === 'DocumentReference' ? [...(doc.author ?? []), doc.custodian] : [...(doc.author ?? []), doc.custodian];
  const org = orgs.find((r) => organisationKey(r) || r?.type === 'Organization');
  const authorOrganisation = org ? (org.display ?? names[organisationKey(org) ?? '']) : undefined;
  const identifiers = [idOf(doc)];
  const replaces: string[] = [];
  if (doc.resourceType === 'DocumentReference') {
    if (doc.masterIdentifier?.value) identifiers.push(doc.masterIdentifier.value);
    for (const i of doc.identifier ?? []) if (i.value) identifiers.push(i.value);
    for (const rel of doc.relatesTo ?? []) {
      if (rel.code !== 'replaces') continue;
      const key = referenceKey(rel.target?.reference);
      if (key) replaces.push(key);
      if (rel.target?.identifier?.value) replaces.push(rel.target.identifier.value);
    }
  } else {
    if (doc.identifier?.value) identifiers.push(doc.identifier.value);
  }
  return {
    id: idOf(doc),
    version: versionOf(doc),
    documentType: conceptText(doc.type),
    authorOrganisation,
    authorReference: organisationKey(org),
    date: documentDate(doc),
    title: doc.resourceType === 'Composition' ? doc.title : doc.description,
    updated: doc.meta?.lastUpdated,
    identifiers,
    replaces,
    medicineChanges: [],
  };
}

/** A letter to read, or why it cannot be. */
type Prepared = { facts: StoredLetter } & ({ job: LetterJob } | { fetch: string; contentType?: string } | { problem: string });

/** Fetches what is not inline (a few at a time), then reads everything in one call to the reader. */
async function readDocuments(client: FhirClient, docs: readonly (DocumentReference | Composition)[], reader: LetterReader, names: Readonly<Record<string, string>>): Promise<StoredLetter[]> {
  const prepared: Prepared[] = docs.map((doc) => prepare(doc, names, client));
  // One request per attachment not inline, a few at a time.
  let next = 0;
  const fetchOne = async (): Promise<void> => {
    for (let i = next++; i < prepared.length; i = next++) {
      const p = prepared[i]!;
      if ('fetch' in p) prepared[i] = { facts: p.facts, ...(await fetchAttachment(client, p.fetch, p.contentType)) };
    }
  };
  await Promise.all(Array.from({ length: LETTER_CAPS.concurrentFetches }, fetchOne));

  const jobs = prepared.flatMap((p) => ('job' in p ? [p.job] : []));
  let readings: LetterReading[] | undefined;
  if (jobs.length) {
    try {
      readings = await reader.read(jobs);
      if (readings.length !== jobs.length) readings = undefined;
    } catch {
      readings = undefined;
    }
  }
  let j = 0;
  return prepared.map((p) => {
    if ('problem' in p) return { ...p.facts, problem: p.problem };
    if (!('job' in p)) return { ...p.facts, problem: NOT_FETCHED };
    const reading = readings?.[j++];
    // Not read this time (the reader failed): read again at the next fetch, not kept as read.
    if (!reading) return { ...p.facts, version: '', problem: NOT_READ_HERE };
    return withReading(p.facts, reading, p.job);
  });
}

/** The job for a letter, what to fetch for it, or why it cannot be read. */
function prepare(doc: DocumentReference | Composition, names: Readonly<Record<string, string>>, client: FhirClient): Prepared {
  const facts = letterFacts(doc, names);
  if (doc.resourceType === 'Composition') return { facts, job: { format: 'fhir', content: doc } };
  const attachments = (doc.content ?? []).map((c) => c.attachment).filter((a): a is Attachment => !!a);
  // The most structured form the letter comes in: a FHIR document, else HTML, text, then PDF.
  const rank = (a: Attachment) => ['fhir', 'html', 'text', 'pdf-text'].indexOf(letterFormatFor(a.contentType ?? '') ?? '');
  const readable = attachments.filter((a) => rank(a) >= 0).sort((a, b) => rank(a) - rank(b));
  const chosen = readable[0];
  if (!chosen) return { facts, problem: attachments[0]?.contentType ? formatNotRead(attachments[0].contentType.split(';')[0]!) : NO_CONTENT };
  if ((chosen.size ?? 0) > LETTER_CAPS.attachmentBytes) return { facts, problem: TOO_LARGE_TO_READ };
  if (chosen.data !== undefined) {
    const job = jobFor(chosen.contentType ?? '', chosen.data);
    return 'problem' in job ? { facts, problem: job.problem } : { facts, job };
  }
  if (chosen.url) {
    if (!client.urlUnderBase(chosen.url)) return { facts, problem: HELD_ELSEWHERE };
    return { facts, fetch: chosen.url, contentType: chosen.contentType };
  }
  return { facts, problem: NO_CONTENT };
}

/** A job for base64 content of a MIME type; the size checked before anything is decoded. */
function jobFor(contentType: string, base64: string): LetterJob | { problem: string } {
  if (Math.floor((base64.length * 3) / 4) > LETTER_CAPS.attachmentBytes) return { problem: TOO_LARGE_TO_READ };
  const format = letterFormatFor(contentType);
  if (!format) return { problem: formatNotRead(contentType.split(';')[0] || 'unknown') };
  if (format === 'pdf-text') return { format: 'pdf', base64 };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
  } catch {
    return { problem: NOT_READ_HERE };
  }
  return format === 'fhir' ? { format: 'fhir', content: text } : { format, content: text };
}

/**
 * Fetches an attachment at a URL on the shared record, asking for FHIR JSON (a Binary read answers with
 * the Binary: https://hl7.org/fhir/R4/binary.html#rest); a document Bundle or Composition may answer
 * as itself. One request, capped in size.
 */
async function fetchAttachment(client: FhirClient, url: string, contentType: string | undefined): Promise<{ job: LetterJob } | { problem: string }> {
  let answer: Resource;
  try {
    // Base64 is four characters for three bytes, and the Binary's JSON adds a little.
    answer = await client.getUrl<Resource>(url, {}, Math.ceil((LETTER_CAPS.attachmentBytes * 4) / 3) + 64 * 1024);
  } catch (err) {
    return { problem: /more than \d+ MB/.test(err instanceof Error ? err.message : '') ? TOO_LARGE_TO_READ : NOT_FETCHED };
  }
  if (answer?.resourceType === 'Binary') {
    if (typeof answer.data !== 'string') return { problem: NO_CONTENT };
    const job = jobFor(answer.contentType ?? contentType ?? '', answer.data);
    return 'problem' in job ? job : { job };
  }
  if (answer?.resourceType === 'Bundle' || answer?.resourceType === 'Composition') return { job: { format: 'fhir', content: answer } };
  return { problem: NOT_READ_HERE };
}

/** The letter with what was read of it: the reading's own facts first, the record's where it says none. */
function withReading(facts: StoredLetter, reading: LetterReading, job: LetterJob): StoredLetter {
  // A Composition read from the shared record is this patient's by its subject (checked at fetch): the
  // reader's "no NHS number in the letter" does not apply to it.
  const problems = job.format === 'fhir' && facts.id.startsWith('Composition/') ? reading.problems.filter((p) => p !== NO_NHS_NUMBER) : reading.problems;
  const letter: StoredLetter = {
    ...facts,
    documentType: reading.documentType ?? facts.documentType,
    authorOrganisation: reading.authorOrganisation ?? facts.authorOrganisation,
    date: reading.date ?? facts.date,
    title: reading.title ?? facts.title,
    identifiers: [...new Set([...facts.identifiers, ...(reading.identifier ? [reading.identifier] : [])])],
    replaces: [...new Set([...facts.replaces, ...reading.replaces.map((r) => referenceKey(r) ?? r)])],
    reading: { ...reading, problems },
  };
  letter.medicineChanges = reading.medicineChanges.map(
    (m): LetterMedicineChange => ({
      medicine: m.medicine,
      change: m.change,
      date: m.date ?? letter.date,
      organisation: letter.authorOrganisation,
      document: letter.id,
      documentType: letter.documentType,
      ...(m.details ? { details: m.details } : {}),
      ...(m.dose ? { dose: m.dose } : {}),
      ...(m.reason ? { reason: m.reason } : {}),
    }),
  );
  return letter;
}

/**
 * Marks each letter a later one replaces (by its resource, its identifiers, or its Composition's
 * identifier). A letter is never its own replacement.
 * @param letters - the patient's letters
 */
export function markReplaced(letters: StoredLetter[]): StoredLetter[] {
  const byName = new Map<string, StoredLetter[]>();
  for (const l of letters) for (const name of l.identifiers) byName.set(name, [...(byName.get(name) ?? []), l]);
  for (const later of letters) {
    for (const name of later.replaces) {
      for (const earlier of byName.get(name) ?? []) if (earlier !== later) earlier.replacedBy = later.id;
    }
  }
  return letters;
}

/** Newest first; past the text cap, older letters keep their requests but not their whole text. */
function boundLetterText(letters: StoredLetter[]): StoredLetter[] {
  const sorted = letters.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  let chars = 0;
  return sorted.map((l) => {
    if (!l.reading) return l;
    chars += JSON.stringify(l.reading.sections).length;
    if (chars <= LETTER_CAPS.textCharsPerRecord) return l;
    return { ...l, reading: { ...l.reading, sections: [], problems: [...l.reading.problems, TEXT_NOT_KEPT] } };
  });
}

/**
 * The medicine changes the patient's letters record, from the letters that count (none replaced), in
 * the record's shape: for the record's medicines and their conflict rules.
 * @param letters - the letters kept with the record
 */
export function letterMedicineChanges(letters: readonly StoredLetter[] | undefined): LetterMedicineChange[] {
  return (letters ?? []).filter((l) => !l.replacedBy).flatMap((l) => l.medicineChanges);
}

/** "NHS number: 943 476 5919", "NHS No. 9434765919": a label, then ten digits (spaced 3-3-4 or not). */
const NHS_NUMBER_IN_TEXT = /\bNHS\s*(?:number|no\.?|num(?:ber)?)?\s*[:.\-]?\s*(\d{3}[ -]?\d{3}[ -]?\d{4})\b/gi;

/**
 * The valid NHS numbers a letter's words name after an "NHS number" label (its title and every
 * section), so a letter with no structured subject (PDF, text, HTML) about someone else is found too.
 * @param reading - the letter as read
 * @returns the numbers, digits only, each once
 */
export function nhsNumbersInText(reading: LetterReading | undefined): string[] {
  if (!reading) return [];
  const text = [reading.title ?? '', ...reading.sections.flatMap((s) => [s.title, ...s.paragraphs])].join('\n');
  const found = new Set<string>();
  for (const m of text.matchAll(NHS_NUMBER_IN_TEXT)) {
    const digits = normaliseNhsNumber(m[1]!);
    if (isValidNhsNumber(digits)) found.add(digits);
  }
  return [...found];
}
