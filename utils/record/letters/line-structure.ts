/**
 * Lines of text to blocks: which lines are headings, which are list items (bulleted or numbered), and
 * which make up paragraphs. Used for text letters (plain text, PDF text) and to find the headings and
 * lists written as lines inside markup paragraphs ("Actions for GP:<br/>1. …<br/>2. …").
 */
import { type HeadingVocabulary, isBareActionHeading, normaliseHeading, OTHER_TEXT_LETTER_HEADINGS, requestKindOf } from './headings';
import { normaliseWhitespace, type TextBlock } from './narrative-text';
import { KNOWN_SECTION_TITLES } from './sections';

/** A bullet or number that starts a list item: "- ", "• ", "1. ", "2) ", "(a) ", "b) ". */
export const ITEM_MARKER = /^(?:[-*•·▪‣◦–—]|\(?\d{1,3}[.)]|\(?[a-z]\))\s+/;

/** A heading found on a line: the heading, and the text after it on the same line ("Plan: review"). */
interface HeadingLine {
  heading: string;
  rest?: string;
}

/** Finds whether a line is a heading, in a vocabulary. */
export type HeadingFinder = (line: string) => HeadingLine | undefined;

/**
 * Headings on lines of a FHIR narrative: only the request headings (PRSB sub-headings), alone on their
 * line or before a colon.
 * @param line - one line of a narrative
 */
export const narrativeHeading: HeadingFinder = (line) => requestHeadingLine(line, 'fhir');

/**
 * Headings on lines of a text letter: a request heading (alone or before a colon), or alone on its line a
 * PRSB section title, a heading letters commonly use, or a sign-off. Other lines that look like headings
 * (capitals, a colon at the end) are not taken as headings: a heading missed inside a list of requests
 * only adds a line to it, while a line wrongly taken as a heading could end the list and drop requests.
 * @param line - one line of a letter
 */
export const textLetterHeading: HeadingFinder = (line) => {
  const normalised = normaliseHeading(line);
  if (KNOWN_SECTION_TITLES.has(normalised) || OTHER_TEXT_LETTER_HEADINGS.has(normalised)) return { heading: headingAsWritten(line) };
  return requestHeadingLine(line, 'text-letter');
};

function requestHeadingLine(line: string, vocabulary: HeadingVocabulary): HeadingLine | undefined {
  // A narrative's structure (its table headers) gives its bare "Action" headings; a text letter has only lines.
  if (requestKindOf(line, vocabulary) && (vocabulary === 'text-letter' || !isBareActionHeading(line))) return { heading: headingAsWritten(line) };
  const labelled = /^([^:]{1,80}):\s*(\S.*)$/.exec(line);
  if (labelled && requestKindOf(labelled[1]!, vocabulary) && !isBareActionHeading(labelled[1]!)) {
    return { heading: headingAsWritten(labelled[1]!), rest: labelled[2]! };
  }
  return undefined;
}

/** A heading as the letter wrote it, without its trailing colon. */
function headingAsWritten(line: string): string {
  return normaliseWhitespace(line).replace(/\s*:$/, '');
}

/**
 * Groups lines into blocks: a blank line ends a paragraph or item; a heading line is a heading; a line
 * starting with a bullet or number starts an item, and the lines after it (until a blank line, heading or
 * the next item) continue it, as a PDF's wrapped lines do; other lines make paragraphs.
 * @param lines - the lines, in order
 * @param findHeading - which lines are headings
 */
export function blocksFromLines(lines: readonly string[], findHeading: HeadingFinder): TextBlock[] {
  const blocks: TextBlock[] = [];
  let open: { kind: 'paragraph' | 'item'; lines: string[] } | undefined;
  const close = () => {
    if (open && open.lines.length > 0) blocks.push(open);
    open = undefined;
  };
  const addLine = (line: string) => {
    if (ITEM_MARKER.test(line)) {
      close();
      open = { kind: 'item', lines: [line] };
    } else if (open) {
      open.lines.push(line);
    } else {
      open = { kind: 'paragraph', lines: [line] };
    }
  };
  for (const raw of lines) {
    const line = normaliseWhitespace(raw);
    if (!line) {
      close();
      continue;
    }
    const heading = findHeading(line);
    if (heading) {
      close();
      blocks.push({ kind: 'heading', text: heading.heading });
      if (heading.rest) addLine(heading.rest);
    } else {
      addLine(line);
    }
  }
  close();
  return blocks;
}

/**
 * Finds heading lines and list lines inside the paragraphs of blocks read from markup, in table rows
 * too; headings, items and row headers stay as they are.
 * @param blocks - blocks from markup
 * @param findHeading - which lines are headings
 */
export function refineBlocks(blocks: readonly TextBlock[], findHeading: HeadingFinder): TextBlock[] {
  return blocks.flatMap((block): TextBlock[] => {
    switch (block.kind) {
      case 'paragraph':
        return blocksFromLines(block.lines, findHeading);
      case 'row':
        return [{ kind: 'row', heading: block.heading, content: refineBlocks(block.content, findHeading) }];
      case 'heading':
      case 'item':
        return [block];
    }
  });
}
