/**
 * Markup to plain-text structure, without a DOM: a FHIR narrative (the section's XHTML `div`) or an HTML
 * letter becomes headings, paragraphs (each a list of lines), list items and table rows. htmlparser2
 * tokenises it (forgiving, as real letters need; it decodes entities and knows which tags close which); a
 * small tree of element names and text is built and walked. Attributes are never read, so event handlers,
 * `javascript:` links and styles cannot come through; script, style and the other elements that are
 * not text are dropped with their content; comments are not kept. Whitespace is normalised, nothing else
 * is changed: what comes out is the letter's words.
 */
import { Parser } from 'htmlparser2';
import { appendAll, UnreadableLetterError } from './reading';

/** Plain-text structure read from markup or from a text letter. */
export type TextBlock =
  /** A heading (h1–h6, a table header cell alone in its row, or a heading line of a text letter). */
  | { kind: 'heading'; text: string }
  /** A paragraph; in a table cell, the whole cell outside its lists. */
  | { kind: 'paragraph'; lines: string[] }
  /** A list item (a bulleted or numbered line in a text letter). */
  | { kind: 'item'; lines: string[] }
  /** A table row whose header cell (`th`) labels its data cells' content. */
  | { kind: 'row'; heading: string; content: TextBlock[] };

interface MarkupElement {
  name: string;
  children: MarkupNode[];
}
type MarkupNode = MarkupElement | string;

/** Elements whose content is not the letter's text: dropped whole, content and all. */
const DROPPED_ELEMENTS = new Set([
  'script', 'style', 'template', 'noscript', 'head', 'title', 'iframe', 'frame', 'frameset', 'object', 'embed',
  'applet', 'svg', 'math', 'canvas', 'audio', 'video', 'select', 'button', 'textarea', 'input',
]);

/** Elements that start and end a paragraph (a line, inside a table cell or list item). */
const PARAGRAPH_ELEMENTS = new Set([
  'p', 'div', 'blockquote', 'pre', 'address', 'section', 'article', 'header', 'footer', 'main', 'nav', 'aside',
  'center', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'caption', 'fieldset', 'form', 'legend', 'details',
  'summary', 'hr', 'body', 'html',
]);

const HEADING_ELEMENTS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Markup nested deeper than this is refused: letters nest a few tens deep. */
const MAX_DEPTH = 500;

/**
 * Reads markup as plain-text structure.
 * @param markup - XHTML (a FHIR narrative div) or HTML (a whole letter or a fragment)
 * @returns the blocks in document order; never markup
 * @throws UnreadableLetterError when the markup is nested too deeply to read
 */
export function textBlocksFromMarkup(markup: string): TextBlock[] {
  const writer = new BlockWriter('flow');
  walkChildren(parseMarkup(markup), writer);
  return writer.end();
}

/**
 * The blocks as paragraphs of text, as a letter viewer shows them: a row is `Header: first line`, then
 * its further lines.
 * @param blocks - blocks from {@link textBlocksFromMarkup} or a text letter
 */
export function paragraphsOf(blocks: readonly TextBlock[]): string[] {
  return blocks.flatMap((block): string[] => {
    switch (block.kind) {
      case 'heading':
        return [block.text];
      case 'paragraph':
      case 'item':
        return [block.lines.join(' ')];
      case 'row': {
        const lines = paragraphsOf(block.content);
        const [first, ...rest] = lines;
        return first === undefined ? [block.heading] : [block.heading ? `${block.heading}: ${first}` : first, ...rest];
      }
    }
  });
}

/**
 * Collapses runs of whitespace (including no-break spaces) to one space and trims.
 *
 * @param text - the text as extracted
 */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function parseMarkup(markup: string): MarkupElement {
  const root: MarkupElement = { name: '#root', children: [] };
  const open: MarkupElement[] = [root];
  // htmlparser2 closes every element it opens (implied and void ones too), so the counts stay balanced.
  let depth = 0;
  let droppedDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        // htmlparser2's work per element grows with the depth of open elements: refuse deep nesting
        // rather than spend seconds on it (no letter nests this deep; a crafted one might).
        if (++depth > MAX_DEPTH) throw new UnreadableLetterError('is nested too deeply');
        if (droppedDepth > 0 || DROPPED_ELEMENTS.has(name)) {
          droppedDepth++;
          return;
        }
        const element: MarkupElement = { name, children: [] };
        open[open.length - 1]!.children.push(element);
        open.push(element);
      },
      ontext(text) {
        if (droppedDepth === 0) open[open.length - 1]!.children.push(text);
      },
      onclosetag() {
        depth--;
        if (droppedDepth > 0) droppedDepth--;
        else if (open.length > 1) open.pop();
      },
    },
    // XHTML's `<br/>` and `<td/>` close themselves; CDATA in XHTML is text.
    { recognizeSelfClosing: true, recognizeCDATA: true, decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(markup);
  parser.end();
  return root;
}

/**
 * Collects text into lines and blocks. In `flow` (a narrative or letter body) each paragraph element is
 * its own paragraph; in `cell` (a table cell or list item) the content outside lists is one paragraph
 * whose lines the paragraph elements and line breaks separate, since a PRSB cell is one element of the
 * record whose actions its "Status:" lines separate.
 */
class BlockWriter {
  private readonly blocks: TextBlock[] = [];
  private lines: string[] = [];
  private line = '';

  constructor(readonly mode: 'flow' | 'cell') {}

  text(text: string): void {
    this.line += text;
  }

  /**
   * A `<br/>`: ends the line. In flow, a second one on an empty line (a blank line, `<br/><br/>`) ends
   * the paragraph, as a blank line does in a text letter.
   */
  lineBreak(): void {
    if (this.mode === 'flow' && normaliseWhitespace(this.line) === '' && this.lines.length > 0) this.endParagraph();
    else this.endLine();
  }

  endLine(): void {
    const line = normaliseWhitespace(this.line);
    if (line) this.lines.push(line);
    this.line = '';
  }

  endParagraph(): void {
    this.endLine();
    if (this.lines.length > 0) this.blocks.push({ kind: 'paragraph', lines: this.lines });
    this.lines = [];
  }

  add(blocks: readonly TextBlock[]): void {
    this.endParagraph();
    appendAll(this.blocks, blocks);
  }

  end(): TextBlock[] {
    this.endParagraph();
    return this.blocks;
  }
}

function walkChildren(element: MarkupElement, writer: BlockWriter): void {
  for (const child of element.children) walk(child, writer);
}

function walk(node: MarkupNode, writer: BlockWriter): void {
  if (typeof node === 'string') {
    writer.text(node);
    return;
  }
  const { name } = node;
  if (name === 'br') {
    writer.lineBreak();
  } else if (HEADING_ELEMENTS.has(name)) {
    const text = normaliseWhitespace(cellLines(node).join(' '));
    if (writer.mode === 'flow') {
      if (text) writer.add([{ kind: 'heading', text }]);
    } else {
      writer.endLine();
      writer.text(text);
      writer.endLine();
    }
  } else if (name === 'ul' || name === 'ol' || name === 'li') {
    writer.add(listItems(node));
  } else if (name === 'table' || name === 'tr' || name === 'thead' || name === 'tbody' || name === 'tfoot') {
    const rows = tableBlocks(node);
    if (writer.mode === 'flow') {
      writer.add(rows);
    } else {
      // A table inside a cell: its rows become lines of the cell.
      writer.endLine();
      for (const line of paragraphsOf(rows)) {
        writer.text(line);
        writer.endLine();
      }
    }
  } else if (PARAGRAPH_ELEMENTS.has(name) || name === 'td' || name === 'th') {
    if (writer.mode === 'flow') writer.endParagraph();
    else writer.endLine();
    walkChildren(node, writer);
    if (writer.mode === 'flow') writer.endParagraph();
    else writer.endLine();
  } else {
    // Inline elements (a, span, b, strong, em, font, …) are their text.
    walkChildren(node, writer);
  }
}

/** A cell's or item's content as blocks: one paragraph for the text outside lists, an item per list item. */
function cellBlocks(element: MarkupElement): TextBlock[] {
  const writer = new BlockWriter('cell');
  walkChildren(element, writer);
  return writer.end();
}

function cellLines(element: MarkupElement): string[] {
  return paragraphsOf(cellBlocks(element));
}

/** The items of a list (or one stray `li`): each item its own block, nested lists after their item. */
function listItems(list: MarkupElement): TextBlock[] {
  const items = list.name === 'li' ? [list] : list.children.filter((c): c is MarkupElement => typeof c !== 'string' && c.name === 'li');
  const loose = list.name === 'li' ? [] : list.children.filter((c) => typeof c === 'string' || c.name !== 'li');
  const blocks = items.flatMap((item) =>
    cellBlocks(item).map((block): TextBlock => (block.kind === 'paragraph' ? { kind: 'item', lines: block.lines } : block)),
  );
  // Text a list holds outside its items (malformed markup) is still the letter's text.
  const looseText = normaliseWhitespace(loose.map((c) => (typeof c === 'string' ? c : cellLines(c).join(' '))).join(' '));
  return looseText ? [{ kind: 'paragraph', lines: [looseText] }, ...blocks] : blocks;
}

/** The rows of a table, nested sections (thead, tbody) read through; nested tables are their own. */
function tableRows(element: MarkupElement): MarkupElement[] {
  if (element.name === 'tr') return [element];
  return element.children.flatMap((child) => {
    if (typeof child === 'string') return [];
    if (child.name === 'tr') return [child];
    if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') return tableRows(child);
    return [];
  });
}

/**
 * A table's rows as blocks: a header cell labels the data cells after it in its row (a `row`); a header
 * cell alone in its row is a heading for the rows below; a row of several header cells names the
 * columns of the rows below, whose cells then read `Column: value`.
 */
function tableBlocks(table: MarkupElement): TextBlock[] {
  const blocks: TextBlock[] = [];
  let columns: string[] | undefined;
  for (const row of tableRows(table)) {
    const cells = row.children.filter((c): c is MarkupElement => typeof c !== 'string' && (c.name === 'th' || c.name === 'td'));
    const headers = cells.filter((c) => c.name === 'th');
    const data = cells.filter((c) => c.name === 'td');
    if (data.length === 0) {
      const texts = headers.map((h) => normaliseWhitespace(cellLines(h).join(' '))).filter(Boolean);
      if (texts.length === 1) blocks.push({ kind: 'heading', text: texts[0]! });
      else if (texts.length > 1) columns = texts;
      continue;
    }
    if (headers.length === 0) {
      if (columns && columns.length === data.length) {
        const lines = data.flatMap((cell, i) => {
          const text = normaliseWhitespace(cellLines(cell).join(' '));
          return text ? [`${columns![i]}: ${text}`] : [];
        });
        if (lines.length > 0) blocks.push({ kind: 'paragraph', lines });
      } else {
        for (const cell of data) appendAll(blocks, cellBlocks(cell));
      }
      continue;
    }
    // Header and data cells in one row: each header labels the data cells up to the next header.
    let current: Extract<TextBlock, { kind: 'row' }> | undefined;
    for (const cell of cells) {
      if (cell.name === 'th') {
        current = { kind: 'row', heading: normaliseWhitespace(cellLines(cell).join(' ')), content: [] };
        blocks.push(current);
      } else if (current) {
        appendAll(current.content, cellBlocks(cell));
      } else {
        appendAll(blocks, cellBlocks(cell));
      }
    }
  }
  return blocks;
}
