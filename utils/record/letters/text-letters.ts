/**
 * Reading letters that are text: plain text, HTML (read without a DOM) and the lines a PDF text
 * extractor returned. Requests are found only under the headings clinicians use for them (the exact
 * list is in headings.ts: the PRSB sub-headings, "Actions for GP", "GP actions", "Requested actions",
 * "Actions requested", "Plan", "Plan and requested actions", "Recommendations", …); the lines under such
 * a heading, up to the next heading, are the requests: each bulleted or numbered line one, each
 * paragraph one. A letter with no heading for actions is not read ("open it"): nothing is guessed from
 * prose. Medicine changes are not read from text.
 */
import { readRequests, type RequestsRead } from './actions';
import { isActionPartLabel, requestKindOf } from './headings';
import { blocksFromLines, refineBlocks, textLetterHeading } from './line-structure';
import { paragraphsOf, textBlocksFromMarkup, type TextBlock } from './narrative-text';
import { appendAll, emptyReading, numbered } from './reading';
import { INFORMATION_AND_ADVICE_GIVEN, PLAN_AND_REQUESTED_ACTIONS, sectionKeyForTitle } from './sections';
import type { LetterReading, LetterSection, SectionKey } from './types';

export const NO_ACTION_HEADING =
  'No heading for actions (such as "Actions for GP" or "Plan") was found in this letter: it is not read here, open it.';
export const MEDICINES_NOT_READ_FROM_TEXT = 'Medicine changes are not read from a letter that is text: open it to see any.';

/** A PDF's page numbers, which page breaks put between a letter's lines. */
const PAGE_NUMBER_LINE = /^page \d+(?:\s*(?:of|\/)\s*\d+)?$/i;

/**
 * Reads a plain-text letter.
 * @param text - the letter
 */
export function readPlainTextLetter(text: string): LetterReading {
  return readTextBlocks('text', blocksFromLines(letterLines([text]), textLetterHeading));
}

/**
 * Reads a PDF letter from the text its extractor returned.
 * @param lines - lines or text blocks (which may hold several lines), in page order
 */
export function readPdfTextLetter(lines: readonly string[]): LetterReading {
  return readTextBlocks('pdf-text', blocksFromLines(letterLines(lines), textLetterHeading));
}

/**
 * Reads an HTML letter, without a DOM.
 * @param html - the letter's HTML (a whole document or a fragment)
 */
export function readHtmlLetter(html: string): LetterReading {
  return readTextBlocks('html', refineBlocks(textBlocksFromMarkup(html), textLetterHeading));
}

function letterLines(texts: readonly string[]): string[] {
  return texts.flatMap((t) => t.split(/\r\n|\r|\n/)).filter((line) => !PAGE_NUMBER_LINE.test(line.trim()));
}

/** Splits a letter at its headings into sections, and reads each heading's requests. */
function readTextBlocks(kind: 'text' | 'html' | 'pdf-text', blocks: readonly TextBlock[]): LetterReading {
  const reading = emptyReading(kind);
  let sawActionHeading = false;
  const actions: RequestsRead['actions'] = [];
  const otherRequests: RequestsRead['otherRequests'] = [];
  for (const part of partsByHeading(blocks)) {
    const section: LetterSection = { key: sectionKeyOf(part.heading), title: part.heading ?? '', paragraphs: paragraphsOf(part.blocks) };
    reading.sections.push(section);
    const requests = readRequests(part.blocks, {
      sectionKey: section.key,
      sectionTitle: section.title,
      initial: 'none',
      underOtherHeadings: 'none',
      vocabulary: 'text-letter',
    });
    sawActionHeading ||= requests.sawActionHeading;
    appendAll(actions, requests.actions);
    appendAll(otherRequests, requests.otherRequests);
  }
  reading.actions = numbered(actions);
  reading.otherRequests = numbered(otherRequests);
  reading.medicinesRead = 'not-read';
  if (sawActionHeading) {
    reading.problems = [MEDICINES_NOT_READ_FROM_TEXT];
  } else {
    // Without a heading for actions the letter's requests cannot be told from its prose: none are given.
    reading.read = 'not-read';
    reading.actions = [];
    reading.problems = [NO_ACTION_HEADING, MEDICINES_NOT_READ_FROM_TEXT];
  }
  return reading;
}

/** The letter cut at each heading (a heading line, or a table row whose header is not an action's part). */
function partsByHeading(blocks: readonly TextBlock[]): { heading?: string; blocks: TextBlock[] }[] {
  const parts: { heading?: string; blocks: TextBlock[] }[] = [{ blocks: [] }];
  for (const block of blocks) {
    const heading = block.kind === 'heading' ? block.text : block.kind === 'row' ? block.heading : undefined;
    // A row labelled by an action's part ("Status") stays with the request it follows.
    if (heading !== undefined && !(block.kind === 'row' && isActionPartLabel(heading))) {
      parts.push({ heading, blocks: [block] });
    } else {
      parts[parts.length - 1]!.blocks.push(block);
    }
  }
  return parts.filter((part) => part.heading !== undefined || part.blocks.length > 0);
}

function sectionKeyOf(heading: string | undefined): SectionKey {
  if (heading === undefined) return 'unknown';
  const bySection = sectionKeyForTitle(heading);
  if (bySection) return bySection;
  const kind = requestKindOf(heading, 'text-letter');
  if (kind === 'information-and-advice') return INFORMATION_AND_ADVICE_GIVEN;
  return kind ? PLAN_AND_REQUESTED_ACTIONS : 'unknown';
}
