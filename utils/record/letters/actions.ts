/**
 * The requests a letter makes, read from its blocks by heading: under a heading for healthcare
 * professionals each paragraph or list item is an action, and one paragraph holding several actions
 * (a PRSB table cell) is split at its "Status: …" lines, each of which ends the action before it and is
 * not part of its text. Under a heading for the patient or carer, for what was agreed with the patient,
 * or for information and advice given, the lines are other requests, never actions. Text is the
 * letter's own, whitespace-normalised and joined into one line; list bullets and numbers are dropped.
 */
import { type HeadingVocabulary, isActionPartLabel, type RequestKind, requestKindOf, saysNone, startsWithActionPart, STATUS_LINE } from './headings';
import { ITEM_MARKER } from './line-structure';
import { normaliseWhitespace, paragraphsOf, type TextBlock } from './narrative-text';
import type { LetterAction, OtherRequest, OtherRequestKind, SectionKey } from './types';

/** What the text under a heading is: requests of a kind, text not read (reported), or letter text. */
export type ScopeKind = RequestKind | 'unread' | 'none';

/** How to read one section's (or one text-letter heading's) blocks. */
export interface RequestContext {
  sectionKey: SectionKey;
  sectionTitle: string;
  /** What text before any heading is. */
  initial: ScopeKind;
  /**
   * What text under a heading that is not a request heading is: `unread` (it cannot be told for whom:
   * report it), `keep` (what the section is, as `initial`), `none` (letter text, not requests).
   */
  underOtherHeadings: 'unread' | 'keep' | 'none';
  vocabulary: HeadingVocabulary;
}

/** What was read from blocks: requests without their list positions, which the letter assigns. */
export interface RequestsRead {
  actions: Omit<LetterAction, 'index'>[];
  otherRequests: Omit<OtherRequest, 'index'>[];
  /** Headings (as written; '' for none) with text under them that could not be read as requests. */
  unreadHeadings: string[];
  /** Whether a heading for actions of healthcare professionals was met (or the section is one). */
  sawActionHeading: boolean;
}

type Event = { type: 'heading'; text: string } | { type: 'lines'; lines: string[] };

interface RequestRecord {
  lines: string[];
  status?: string;
}

/**
 * Reads the requests in blocks.
 * @param blocks - the section's (or text letter's) blocks, headings found
 * @param context - where they are and how to read text under other headings
 */
export function readRequests(blocks: readonly TextBlock[], context: RequestContext): RequestsRead {
  const read: RequestsRead = { actions: [], otherRequests: [], unreadHeadings: [], sawActionHeading: context.initial === 'action' };
  let scope = { kind: context.initial, heading: context.initial === 'unread' || context.initial === 'none' ? '' : context.sectionTitle };
  let records: RequestRecord[] = [];
  let reportedUnread = false;

  const endScope = () => {
    for (const record of records) addRequest(read, scope.kind, scope.heading, record, context);
    records = [];
    reportedUnread = false;
  };

  for (const event of events(blocks)) {
    if (event.type === 'heading') {
      endScope();
      const kind = requestKindOf(event.text, context.vocabulary);
      if (kind === 'action') read.sawActionHeading = true;
      const otherwise = context.underOtherHeadings === 'keep' ? context.initial : context.underOtherHeadings;
      scope = { kind: kind ?? otherwise, heading: event.text };
      continue;
    }
    if (scope.kind === 'none') continue;
    if (scope.kind === 'unread') {
      if (!reportedUnread) read.unreadHeadings.push(scope.heading);
      reportedUnread = true;
      continue;
    }
    splitAtStatusLines(event.lines, records);
  }
  endScope();
  return read;
}

/** The blocks as headings and runs of lines; a table row of an action's part is a line of it. */
function* events(blocks: readonly TextBlock[]): Generator<Event> {
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
        yield { type: 'heading', text: block.text };
        break;
      case 'paragraph':
        yield { type: 'lines', lines: block.lines };
        break;
      case 'item': {
        const [first = '', ...rest] = block.lines;
        yield { type: 'lines', lines: [first.replace(ITEM_MARKER, ''), ...rest] };
        break;
      }
      case 'row':
        if (isActionPartLabel(block.heading)) {
          // <tr><th>Status</th><td>Requested</td></tr> reads as the line "Status: Requested".
          yield { type: 'lines', lines: [`${block.heading}: ${paragraphsOf(block.content).join(' ')}`] };
        } else {
          yield { type: 'heading', text: block.heading };
          yield* events(block.content);
        }
        break;
    }
  }
}

/**
 * Splits a run of lines into requests at its status lines, adding them to the heading's records. A
 * status line ends the request before it; one with no request before it in the run (a separate
 * paragraph or row) is the status of the request before; a line naming a part of an action ("Person
 * responsible: …", "Outcome: …") at the start of a run, or after a status line, belongs to the request
 * before it too.
 */
function splitAtStatusLines(lines: readonly string[], records: RequestRecord[]): void {
  let current: string[] = [];
  const last = () => records[records.length - 1];
  for (const line of lines) {
    const status = statusOf(line);
    if (status) {
      const value = normaliseWhitespace(status[1] ?? '') || undefined;
      if (current.length > 0) {
        records.push(value === undefined ? { lines: current } : { lines: current, status: value });
        current = [];
      } else {
        const previous = last();
        if (previous && previous.status === undefined && value !== undefined) previous.status = value;
      }
      continue;
    }
    const previous = last();
    if (current.length === 0 && previous && startsWithActionPart(line)) {
      previous.lines.push(line);
      continue;
    }
    current.push(line);
  }
  if (current.length > 0) records.push({ lines: current });
}

/**
 * A status line's match, if the line is one. A "status" longer than a status ("Status: Requested, and
 * please also …") is kept as text: taking it as a status would drop the letter's words.
 */
function statusOf(line: string): RegExpExecArray | undefined {
  const match = STATUS_LINE.exec(line);
  return match && (match[1] ?? '').length <= MAX_STATUS_LENGTH ? match : undefined;
}

const MAX_STATUS_LENGTH = 40;

function addRequest(read: RequestsRead, kind: ScopeKind, heading: string, record: RequestRecord, context: RequestContext): void {
  const text = normaliseWhitespace(record.lines.join(' '));
  if (!text || saysNone(text)) return;
  const place = { sectionKey: context.sectionKey, sectionTitle: context.sectionTitle, heading };
  const status = record.status === undefined ? {} : { status: record.status };
  if (kind === 'action') read.actions.push({ text, ...status, ...place });
  else if (kind !== 'unread' && kind !== 'none') read.otherRequests.push({ kind: kind satisfies OtherRequestKind, text, ...status, ...place });
}
