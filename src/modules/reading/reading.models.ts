import type { ListItem, ListNumbering, PageLine } from '../documents/documents.types.js';
import type { ReadingBlock, ReadingPage } from './reading.types.js';
import { removeUnreadableGlyphs, slugify } from '../documents/documents-structure.models.js';
import { hasText } from '../documents/documents.models.js';
import { findBodySize, findRunningLines, findTables } from './reading-layout.models.js';

// Pure functions that turn the lines ingestion stored for each PDF page into readable HTML blocks.
// Only size, weight and position are known, so everything here is a heuristic; the tests beside
// this file pin down the cases real reports contain.

// Word and other producers draw bullets in Symbol or Wingdings, which reach us as private-use
// code points (U+F0B7 , U+F0A7 , U+F076 , U+F0D8 , U+F0FC ); those need no space after them.
const BULLET = /^(?:[•●▪◦‣∙·■□➢➤►✓✔\-–—*]\s+|[\uE000-\uF8FF]\s*)/u;
const NUMBERED = /^(\d{1,3}|[a-zA-Z])[.)]\s+/u;
const SECTION_NUMBER = /^\d{1,3}(?:\.\d{1,3})*\.?\s+(?=\p{L})/u;
const PAGE_NUMBER = /^[\s\-–—]*\d{1,4}[\s\-–—]*$/u;
const SENTENCE_END = /[.!?:;]["'”’»)]?$/u;
const SUSPENDED_HYPHEN_FOLLOWERS = new Set(['og', 'eller', 'samt', 'and', 'or']);
// joinLineText's patterns, made once: a regular expression literal in a function body is a new object on every call.
const LETTER_AND_HYPHEN_AT_END = /(\p{L})[-‐]$/u;
const FIRST_WORD = /^\p{L}+/u;
const FIRST_WORD_AND_SPACE = /^\p{L}+\s/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;
const LOWERCASE = /\p{Ll}/u;

/**
 * Joins the end of one line to the start of the next, repairing end-of-line hyphenation:
 * "kommu-" + "nerne" → "kommunerne", but "EU-" + "landene" → "EU-landene" and
 * "social-" + "og sundhedsområdet" → "social- og sundhedsområdet".
 */
export function joinLineText(previous: string, next: string): string {
  const parts = [previous];
  appendLine(parts, next);
  return parts.join('');
}

/**
 * Adds a line to a text kept as pieces (`parts.join('')` is the text), by joinLineText's rules. Only
 * the last pieces are looked at: looking at the end of a text built with `+` (trimEnd, endsWith,
 * slice) made V8 flatten it, copying the whole paragraph so far on every line.
 */
function appendLine(parts: string[], next: string): void {
  // The text so far without white space at its end (trimEnd and trimStart take exactly what \s matches).
  while (parts.length > 0 && !hasText(parts[parts.length - 1]!)) parts.pop();
  const right = next.trimStart();
  if (parts.length === 0) return void parts.push(right);
  const last = parts.length - 1;
  parts[last] = parts[last]!.trimEnd();
  if (!right) return;
  // The text's last character is its last piece's (that piece has more than white space).
  const cutLast = () => {
    parts[last] = parts[last]!.slice(0, -1);
  };
  // The text's last three code units (a letter beyond the BMP and its hyphen), from as many pieces as they take.
  let tail = parts[last]!;
  for (let at = last - 1; tail.length < 3 && at >= 0; at -= 1) tail = parts[at]! + tail;
  if (tail.endsWith('\u00ad')) {
    cutLast();
    return void parts.push(right);
  }
  const hyphen = LETTER_AND_HYPHEN_AT_END.exec(tail.slice(-3));
  if (hyphen) {
    const firstWord = FIRST_WORD.exec(right)?.[0] ?? '';
    if (SUSPENDED_HYPHEN_FOLLOWERS.has(firstWord.toLowerCase()) && FIRST_WORD_AND_SPACE.test(right)) return void parts.push(' ', right);
    const before = hyphen[1] ?? '';
    const startsLower = STARTS_LOWERCASE.test(right);
    // A word broken at the line end: the hyphen was only there for the break.
    if (startsLower && LOWERCASE.test(before)) cutLast();
    // An abbreviation or a name before the hyphen (EU-, FN-, Nord-) keeps it: a real compound.
    return void parts.push(right);
  }
  parts.push(' ', right);
}

/** A list item as it is read: its text as pieces (`appendLine`) until the list is done; `value` its printed number. */
type Item = { kind: 'bullet' | 'number'; parts: string[]; x: number; value: number | undefined; letter: 'a' | 'A' | undefined };

/**
 * The numbers of an ordered list's items as HTML keeps them: the first when it is not 1, an item's
 * own when it does not follow the one before ("4.", "5." stay 4 and 5; "a)", "b)" a lettered list).
 */
function numberItems(items: Item[], listed: ListItem[]): ListNumbering {
  const first = items[0];
  if (first?.kind !== 'number') return {};
  items.forEach((item, i) => {
    const before = items[i - 1]?.value;
    if (i > 0 && item.value !== undefined && (before === undefined || item.value !== before + 1)) listed[i]!.value = item.value;
  });
  return { ...(first.value !== undefined && first.value !== 1 ? { start: first.value } : {}), ...(first.letter ? { numbering: first.letter } : {}) };
}

/** Items indented further than the list's first are nested under the item before them. */
function nestItems(items: Item[]): { items: ListItem[] } & ListNumbering {
  const base = items[0]?.x ?? 0;
  const top: { item: Item; listed: ListItem; nested: Item[] }[] = [];
  for (const item of items) {
    const parent = top[top.length - 1];
    if (parent && item.x > base + 6) parent.nested.push(item);
    else top.push({ item, listed: { text: item.parts.join('').trim() }, nested: [] });
  }
  for (const { listed, nested } of top) {
    if (nested.length === 0) continue;
    const nestedItems = nested.map((item) => ({ text: item.parts.join('').trim() }));
    listed.list = { ordered: nested[0]!.kind === 'number', items: nestedItems, ...numberItems(nested, nestedItems) };
  }
  const listed = top.map((entry) => entry.listed);
  return { items: listed, ...numberItems(top.map((entry) => entry.item), listed) };
}

function listMarker(text: string): { ordered: boolean; rest: string; value?: number; letter?: 'a' | 'A' } | undefined {
  const bullet = BULLET.exec(text);
  if (bullet) return { ordered: false, rest: text.slice(bullet[0].length) };
  const numbered = NUMBERED.exec(text);
  if (!numbered) return undefined;
  const label = numbered[1]!;
  const rest = text.slice(numbered[0].length);
  if (/^\d/u.test(label)) return { ordered: true, rest, value: Number(label) };
  const letter = label >= 'a' ? 'a' : 'A';
  return { ordered: true, rest, value: label.charCodeAt(0) - letter.charCodeAt(0) + 1, letter };
}

/**
 * Whether a line may be a heading at all: not long, not ending like a sentence, not mostly
 * numbers (a table row such as "Indtægter 952 1.004 5,2" is set large in some reports).
 */
export function isHeadingLike(text: string): boolean {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > 100) return false;
  if (/[.!?;,]["'”’»)]?$/u.test(trimmed) && !/^\d+(\.\d+)*\.$/u.test(trimmed)) return false;
  if (!/\p{L}/u.test(trimmed)) return false;
  // A section number ("8. Nøgletal 2020", "2.3 Økonomi") is not counted: only the words after it.
  const visible = trimmed.replace(SECTION_NUMBER, '').replace(/\s+/gu, '');
  const digits = (visible.match(/[\d.,%\-–+]/gu) ?? []).length;
  return digits / visible.length < 0.4;
}

/** The heading level a line's size and weight give it, whatever its text. */
function levelBySize(line: PageLine, bodySize: number): 2 | 3 | 4 | undefined {
  const ratio = line.size / bodySize;
  return ratio >= 1.6 ? 2 : ratio >= 1.25 ? 3 : ratio >= 1.1 && line.bold ? 4 : undefined;
}

/** A short line of figures only ("2024", "2023–2024"): not a heading alone, but the end of one. */
const FIGURES_ONLY = /^[\d\s.,/\-–—]{1,12}$/u;

/** Whether `next` starts a new column: it sits clearly higher and to the right of `previous`. */
function isColumnBreak(previous: PageLine, next: PageLine): boolean {
  return next.y < previous.y - previous.size && next.x > previous.x + Math.min(previous.width, 200) * 0.5;
}

/** Whether `next` continues the paragraph that `previous` is in. */
function continuesParagraph(previous: PageLine, next: PageLine): boolean {
  if (Math.abs(next.size - previous.size) > 0.6) return false;
  if (next.bold !== previous.bold && next.text.length > 0 && previous.text.length < 100) return false;
  if (isColumnBreak(previous, next)) return !SENTENCE_END.test(previous.text.trim());
  const gap = next.y - previous.y;
  if (gap <= 0) return false;
  return gap <= previous.size * 1.75;
}

type Paragraph = { parts: string[]; last: PageLine; bold: boolean; left: number; lineGap: number | undefined };

/**
 * Signs of a new paragraph within the same column and size: more space than between the lines so
 * far, or an indented first line after a line that ended a sentence.
 */
function startsNewParagraph(paragraph: Paragraph, next: PageLine): boolean {
  const gap = next.y - paragraph.last.y;
  if (gap <= 0) return false;
  if (paragraph.lineGap !== undefined && gap > paragraph.lineGap * 1.2) return true;
  const left = Math.min(paragraph.left, paragraph.last.x);
  return next.x > left + next.size * 1.5 && next.x < left + 200 && SENTENCE_END.test(paragraph.last.text.trim());
}


/**
 * Turns one page's lines (in reading order) into headings, paragraphs and lists. `bodySize` is the
 * document's body text size (see findBodySize); headings are recognised relative to it.
 */
export function buildPageBlocks({ lines, bodySize, pageNumber }: { lines: PageLine[]; bodySize: number; pageNumber: number }): ReadingBlock[] {
  const blocks: ReadingBlock[] = [];
  // Running page numbers ("12", "-2-", "– 3 –") are layout, not text: a number alone at the top or
  // the foot of the page, no larger than body text. Elsewhere ("2024" under a cover's title, a
  // figure in a table) it is content. (Numbers repeated on most pages went already: findRunningLines.)
  let top = Number.POSITIVE_INFINITY;
  let foot = Number.NEGATIVE_INFINITY;
  for (const line of lines) {
    if (!hasText(line.text)) continue;
    top = Math.min(top, line.y);
    foot = Math.max(foot, line.y);
  }
  const isPageNumber = (line: PageLine) => (line.y <= top || line.y >= foot) && line.size <= bodySize * 1.15 && PAGE_NUMBER.test(line.text);
  const usable = lines.filter((line) => hasText(line.text) && !isPageNumber(line));
  let paragraph: Paragraph | undefined;
  let heading: { level: 2 | 3 | 4; parts: string[]; last: PageLine } | undefined;
  let list: { ordered: boolean; items: Item[]; last: PageLine } | undefined;
  let headingCount = 0;

  const flushParagraph = () => {
    if (!paragraph) return;
    const text = paragraph.parts.join('').trim();
    // A short bold line standing alone, without closing punctuation, is a heading in body size.
    if (paragraph.bold && isHeadingLike(text) && !/[:]$/u.test(text)) pushHeading(4, text, paragraph.last.size);
    else blocks.push({ kind: 'paragraph', text });
    paragraph = undefined;
  };
  const pushHeading = (level: 2 | 3 | 4, text: string, size: number) => {
    headingCount += 1;
    blocks.push({ kind: 'heading', level, text, id: `side-${pageNumber}-${headingCount}-${slugify(text)}`, size });
  };
  const flushHeading = () => {
    if (!heading) return;
    // Large lines joined into something long or sentence-like are an intro paragraph, not a heading.
    const text = heading.parts.join('');
    if (isHeadingLike(text)) pushHeading(heading.level, text.trim(), heading.last.size);
    else blocks.push({ kind: 'paragraph', text: text.trim() });
    heading = undefined;
  };
  const flushList = () => {
    if (!list) return;
    blocks.push({ kind: 'list', ordered: list.ordered, ...nestItems(list.items) });
    list = undefined;
  };
  const flushAll = () => {
    flushParagraph();
    flushHeading();
    flushList();
  };

  const tables = findTables(usable);
  for (let index = 0; index < usable.length; index += 1) {
    const line = usable[index]!;
    const table = tables.get(index);
    if (table) {
      flushAll();
      blocks.push({ kind: 'table', rows: table.rows });
      index = table.end;
      continue;
    }
    const text = line.text.trim();
    // By size first: most lines are body text, for which the text need not be looked at.
    const bySize = levelBySize(line, bodySize);
    const level = bySize && isHeadingLike(text) ? bySize : undefined;
    // A line just below a heading of its level continues it; so does a year there ("… beretning" / "2024").
    if (bySize && heading && heading.level === bySize && (level || FIGURES_ONLY.test(text)) && line.y - heading.last.y <= heading.last.size * 1.6 && line.y > heading.last.y) {
      appendLine(heading.parts, text);
      heading.last = line;
      continue;
    }
    if (level) {
      flushAll();
      heading = { level, parts: [text], last: line };
      continue;
    }
    flushHeading();

    const marker = listMarker(text);
    // "1. Forord" in bold, standing alone, is a numbered section heading, not a list.
    const numberedHeading = marker?.ordered === true && line.bold && isHeadingLike(text) && !/[:]$/u.test(text);
    if (marker && !numberedHeading) {
      flushParagraph();
      if (list && list.ordered !== marker.ordered) flushList();
      if (list && line.y - list.last.y > list.last.size * 2.2) flushList();
      list ??= { ordered: marker.ordered, items: [], last: line };
      list.items.push({ kind: marker.ordered ? 'number' : 'bullet', parts: [marker.rest], x: line.x, value: marker.value, letter: marker.letter });
      list.last = line;
      continue;
    }
    if (list) {
      const item = list.items[list.items.length - 1];
      const gap = line.y - list.last.y;
      // An indented line close below an item continues that item.
      if (item && line.x > item.x + 1 && gap > 0 && gap <= list.last.size * 1.75) {
        appendLine(item.parts, text);
        list.last = line;
        continue;
      }
      flushList();
    }

    if (paragraph && continuesParagraph(paragraph.last, line) && !startsNewParagraph(paragraph, line)) {
      paragraph.lineGap ??= line.y - paragraph.last.y > 0 ? line.y - paragraph.last.y : undefined;
      appendLine(paragraph.parts, text);
      paragraph.last = line;
      paragraph.bold = paragraph.bold && line.bold;
      continue;
    }
    flushParagraph();
    paragraph = { parts: [text], last: line, bold: line.bold, left: line.x, lineGap: undefined };
  }
  flushAll();
  return blocks;
}

/** Every page of a document as blocks; pages without text are marked so the view can say so. */
export function buildReadingPages({ pages }: { pages: { pageNumber: number; lines: PageLine[] }[] }): ReadingPage[] {
  const running = findRunningLines({ pages: pages.map((page) => page.lines) });
  const kept = pages.map((page, i) => page.lines.filter((_, index) => !running[i]!.has(index)));
  const bodySize = findBodySize(kept);
  const built = pages.map(({ pageNumber }, i) => {
    const blocks = removeUnreadableGlyphs({ blocks: buildPageBlocks({ lines: kept[i]!, bodySize, pageNumber }) });
    return { pageNumber, blocks, hasText: blocks.length > 0 };
  });
  repairHyphenationAcrossPages(built);
  // Levels across the whole document: the largest heading size is h2 (h1 is the report title),
  // the next h3, anything smaller h4. A document whose only headings are bold body text gets h2s.
  const sizes = [...new Set(built.flatMap((page) => page.blocks.flatMap((block) => (block.kind === 'heading' && block.size ? [Math.round(block.size * 2) / 2] : []))))].sort((a, b) => b - a);
  for (const page of built) {
    for (const block of page.blocks) {
      if (block.kind !== 'heading' || !block.size) continue;
      const rank = sizes.indexOf(Math.round(block.size * 2) / 2);
      block.level = rank <= 0 ? 2 : rank === 1 ? 3 : 4;
    }
  }
  return built;
}

/**
 * A word broken at the foot of one page ("kommu-") and finished at the top of the next ("nerne")
 * is moved whole to the next page, since each page is its own section.
 */
function repairHyphenationAcrossPages(pages: ReadingPage[]): void {
  for (let i = 1; i < pages.length; i += 1) {
    const previous = pages[i - 1]?.blocks;
    const next = pages[i]?.blocks[0];
    const last = previous?.[previous.length - 1];
    if (!previous || !last || !next || last.kind !== 'paragraph' || next.kind !== 'paragraph') continue;
    const broken = last.text.endsWith('-') ? /(?:^|\s)(\p{L}*\p{Ll})-$/u.exec(last.text) : null;
    if (!broken?.[1] || !/^\p{Ll}/u.test(next.text)) continue;
    const fragment = broken[1];
    last.text = last.text.slice(0, last.text.length - fragment.length - 1).trimEnd();
    next.text = joinLineText(`${fragment}-`, next.text);
    if (!last.text) previous.pop();
  }
}

/** Parses `document_pages.blocks_json`; anything that is not an array of lines counts as no text. */
export function parsePageLines(json: string): PageLine[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter(isPageLine).map(normalisePageLine);
}

function isPageLine(value: unknown): value is PageLine {
  if (typeof value !== 'object' || value === null) return false;
  const line = value as Record<string, unknown>;
  return typeof line.text === 'string' && typeof line.x === 'number' && typeof line.y === 'number' && typeof line.size === 'number' && line.size > 0;
}

/** Normalises optional fields so old rows (width, bold, italic missing) still read. */
export function normalisePageLine(line: PageLine): PageLine {
  return { ...line, width: typeof line.width === 'number' ? line.width : 0, bold: line.bold === true, italic: line.italic === true, fontName: typeof line.fontName === 'string' ? line.fontName : '' };
}
