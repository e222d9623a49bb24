import type { InlinePart, ListItem, StructureBlock, TableCell } from './documents.types.js';
import { joinLinesToText, tidyLineText, UNTIDY_SPACE } from './documents.models.js';

// Pure functions that turn a tagged PDF's structure tree (as pdf.js's page.getStructTree() gives
// it) and the text of its marked content into the blocks the reading version shows. Ingestion
// runs them once per page and stores the result; nothing reads the PDF again.

/** A node of pdf.js's structure tree: an element (role, kids) or a leaf pointing at marked content, an annotation or an object. */
export type StructNode = { role?: string; children?: StructNode[]; alt?: string; lang?: string; type?: 'content' | 'object' | 'annotation'; id?: string };

type Context = { contentText: ReadonlyMap<string, string>; links: ReadonlyMap<string, string>; documentLang: string | null; pageNumber: number };

const GROUPING = new Set(['Root', 'Document', 'DocumentFragment', 'Part', 'Sect', 'Div', 'Art', 'NonStruct', 'Private', 'TOC', 'Aside', 'Index', 'BibEntry', 'Reference']);
const HEADING = /^H([1-6])$/;

const clean = tidyLineText;

/** The primary language subtag, so "da-DK" and "da" count as the same language. */
function primaryLanguage(lang: string | null | undefined): string {
  return (lang ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** A `lang` for the part only when it differs from the document's (and is a plausible BCP 47 tag). */
function ownLang(node: StructNode, inherited: string | null, context: Context): string | undefined {
  const lang = node.lang?.trim();
  if (!lang || !/^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{1,8})*$/.test(lang)) return undefined;
  if (primaryLanguage(lang) === primaryLanguage(inherited ?? context.documentLang)) return undefined;
  return lang;
}

/** The text under a node in tree order, marked content joined line by line (hyphenation repaired). */
export function collectText(node: StructNode, context: Context): string {
  const pieces: string[] = [];
  collectPieces(node, context, pieces);
  return clean(joinLinesToText({ lines: pieces.map((text) => ({ text: clean(text) })).filter((line) => line.text !== '') }));
}

// Module-level functions, not closures made per page: why in pdf-structure-tree.ts (TreeReading).
function collectPieces(current: StructNode, context: Context, pieces: string[]): void {
  if (current.type === 'content' && current.id) {
    const text = context.contentText.get(current.id);
    if (text) pieces.push(text);
    return;
  }
  if (current.role === 'Artifact') return;
  for (const child of current.children ?? []) collectPieces(child, context, pieces);
}

function findLink(node: StructNode, context: Context): string | undefined {
  for (const child of node.children ?? []) {
    if (child.type === 'annotation' && child.id) {
      const href = context.links.get(child.id);
      if (href && /^(https?:|mailto:)/i.test(href)) return href;
    }
  }
  return undefined;
}

/** A paragraph's text with its links and language spans as parts (only when it has any). */
function inlineParts(node: StructNode, context: Context, lang: string | null): InlinePart[] | undefined {
  const parts: InlinePart[] = [];
  let special = false;
  const walk = (current: StructNode) => {
    if (current.type === 'content') {
      const text = collectText(current, context);
      if (text) parts.push({ text });
      return;
    }
    if (current.type) return;
    const href = current.role === 'Link' ? findLink(current, context) : undefined;
    const spanLang = ownLang(current, lang, context);
    if (href || spanLang) {
      const text = collectText(current, context);
      if (text) {
        special = true;
        parts.push({ text, ...(href ? { href } : {}), ...(spanLang ? { lang: spanLang } : {}) });
      }
      return;
    }
    for (const child of current.children ?? []) walk(child);
  };
  for (const child of node.children ?? []) walk(child);
  return special ? parts : undefined;
}

function tableRows(node: StructNode, context: Context): { rows: TableCell[][]; caption?: string } {
  const rows: TableCell[][] = [];
  let caption: string | undefined;
  const walk = (current: StructNode) => {
    if (current.role === 'Caption') {
      caption = collectText(current, context) || undefined;
      return;
    }
    if (current.role === 'TR') {
      const cells = (current.children ?? []).filter((cell) => cell.role === 'TH' || cell.role === 'TD').map((cell) => ({ text: collectText(cell, context), header: cell.role === 'TH' }));
      if (cells.length > 0) rows.push(cells);
      return;
    }
    for (const child of current.children ?? []) if (!child.type) walk(child);
  };
  walk(node);
  // A header cell in the first row heads its column; one further down heads its row.
  const withScope = rows.map((row, r) => row.map((cell): TableCell => (cell.header ? { ...cell, scope: r === 0 ? 'col' : 'row' } : cell)));
  return { rows: withScope, ...(caption ? { caption } : {}) };
}

function listItems(node: StructNode, context: Context, lang: string | null): { ordered: boolean; items: ListItem[] } {
  const items: ListItem[] = [];
  let ordered = false;
  for (const child of node.children ?? []) {
    if (child.role === 'Caption') continue;
    if (child.role !== 'LI') continue;
    let text = '';
    let nested: { ordered: boolean; items: ListItem[] } | undefined;
    const walk = (current: StructNode) => {
      if (current.role === 'L') {
        nested = listItems(current, context, lang);
        return;
      }
      if (current.role === 'Lbl') {
        const label = collectText(current, context);
        if (items.length === 0 && /^(\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]$/.test(label)) ordered = true;
        return;
      }
      if (current.type === 'content') {
        const piece = collectText(current, context);
        if (piece) text = text ? `${text} ${piece}` : piece;
        return;
      }
      if (current.type) return;
      if (current.role !== 'LBody' && current.role !== 'LI' && !GROUPING.has(current.role ?? '')) {
        const piece = collectText(current, context);
        if (piece) text = text ? `${text} ${piece}` : piece;
        return;
      }
      for (const kid of current.children ?? []) walk(kid);
    };
    walk(child);
    // A label the producer left in the body ("• Tekst", "1. Tekst") is dropped from the text.
    text = clean(text.replace(/^([\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7\-\u2013*\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|\d{1,3}[.)])\s+/u, ''));
    const itemLang = ownLang(child, lang, context);
    items.push({ text, ...(itemLang ? { lang: itemLang } : {}), ...(nested ? { list: nested } : {}) });
  }
  return { ordered, items };
}

/**
 * The blocks of one page from its structure tree. `contentText` maps pdf.js's marked-content ids
 * (`p12R_mc3`) to their text, `links` annotation ids to their URLs. Artifacts are not in the tree
 * (or are skipped when they are), so running headers and page numbers never appear. Figures keep
 * their alt text; one without alt text gets `alt: null`, which the workspace flags.
 */
export function buildTaggedBlocks({ tree, contentText, links = new Map(), documentLang, pageNumber }: { tree: StructNode; contentText: ReadonlyMap<string, string>; links?: ReadonlyMap<string, string>; documentLang: string | null; pageNumber: number }): StructureBlock[] {
  const page: PageBlocks = { context: { contentText, links, documentLang, pageNumber }, blocks: [], headingCount: 0, loose: [] };
  visitBlock(page, tree, documentLang);
  flushLoose(page);
  return removeUnreadableGlyphs({ blocks: bulletParagraphsToLists(page.blocks) });
}

/** One page's blocks as buildTaggedBlocks makes them: `loose` holds marked content met outside any block. */
type PageBlocks = { context: Context; blocks: StructureBlock[]; headingCount: number; loose: string[] };

function flushLoose(page: PageBlocks): void {
  const text = clean(page.loose.join(' '));
  page.loose.length = 0;
  if (text) page.blocks.push({ kind: 'paragraph', text });
}

function visitBlock(page: PageBlocks, node: StructNode, lang: string | null): void {
  const { context, blocks } = page;
  if (node.type === 'content') {
    const text = collectText(node, context);
    if (text) page.loose.push(text);
    return;
  }
  if (node.type) return;
  const role = node.role ?? '';
  if (role === 'Artifact') return;
  const langHere = ownLang(node, lang, context);
  const effective = node.lang?.trim() || lang;
  const heading = HEADING.exec(role);
  if (heading || role === 'H' || role === 'Title') {
    flushLoose(page);
    const text = collectText(node, context);
    if (!text) return;
    page.headingCount += 1;
    const level = Math.min(6, (heading ? Number(heading[1]) : 1) + 1) as 2 | 3 | 4 | 5 | 6;
    blocks.push({ kind: 'heading', level, text, id: `side-${context.pageNumber}-${page.headingCount}-${slugify(text)}`, ...(langHere ? { lang: langHere } : {}) });
    return;
  }
  if (role === 'L') {
    flushLoose(page);
    const list = listItems(node, context, effective);
    if (list.items.length > 0) blocks.push({ kind: 'list', ...list, ...(langHere ? { lang: langHere } : {}) });
    return;
  }
  if (role === 'Table') {
    flushLoose(page);
    const table = tableRows(node, context);
    if (table.rows.length > 0) blocks.push({ kind: 'table', ...table, ...(langHere ? { lang: langHere } : {}) });
    return;
  }
  if (role === 'Figure' || role === 'Formula') {
    flushLoose(page);
    const alt = node.alt?.trim() ? clean(node.alt) : null;
    const captionNode = (node.children ?? []).find((child) => child.role === 'Caption');
    const caption = captionNode ? collectText(captionNode, context) : '';
    blocks.push({ kind: 'figure', alt, ...(caption ? { caption } : {}) });
    return;
  }
  if (GROUPING.has(role) || role === 'TOCI' || role === '') {
    for (const child of node.children ?? []) visitBlock(page, child, effective);
    flushLoose(page);
    return;
  }
  // P, Span, Link, Quote, BlockQuote, Note, Caption, Code, Lbl and roles a producer made up:
  // one paragraph, with its links and language spans kept.
  flushLoose(page);
  const text = collectText(node, context);
  if (!text) return;
  const parts = inlineParts({ children: [node] }, context, lang);
  blocks.push({ kind: 'paragraph', text, ...(langHere && !parts?.some((part) => part.lang) ? { lang: langHere } : {}), ...(parts ? { parts } : {}) });
}

export const BULLET_START = /^(?:[\uE000-\uF8FF]\s*|[•●▪◦‣∙·■□➢➤►✓✔]\s+)/u;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
const UNREADABLE = /[\uE000-\uF8FF\u0000-\u0008\u000b-\u001f\u007f]/gu;
/** What strip (in removeUnreadableGlyphs) would change: an unreadable glyph, or white space other than single spaces between words. */
const STRIPPABLE = new RegExp(`${UNREADABLE.source}|${UNTIDY_SPACE.source}`, 'u');

/** Producers that tag a bulleted line as a paragraph (Word does, with a Symbol-font bullet): consecutive ones become one list. */
function bulletParagraphsToLists(blocks: StructureBlock[]): StructureBlock[] {
  const result: StructureBlock[] = [];
  let openList: Extract<StructureBlock, { kind: 'list' }> | undefined;
  for (const block of blocks) {
    if (block.kind === 'paragraph' && !block.parts && BULLET_START.test(block.text)) {
      const text = block.text.replace(BULLET_START, '').trim();
      if (!openList) {
        openList = { kind: 'list', ordered: false, items: [] };
        result.push(openList);
      }
      openList.items.push({ text });
      continue;
    }
    openList = undefined;
    result.push(block);
  }
  return result;
}

/**
 * Private-use code points (Symbol and Wingdings glyphs) and control characters are no readable
 * text: they are left out wherever they remain, and a paragraph or heading left empty goes.
 */
export function removeUnreadableGlyphs({ blocks }: { blocks: StructureBlock[] }): StructureBlock[] {
  // Nearly every block is clean already (built from tidied lines): then it is kept as it is, not
  // copied. A copy by spread also gave the block a map V8 made anew for each document, and code
  // reading blocks was deoptimised for it ("wrong map", issue #15, --trace-deopt).
  return blocks.map((block) => (isStrippableBlock(block) ? stripBlock(block) : block)).filter((block) => !((block.kind === 'paragraph' || block.kind === 'heading') && block.text === ''));
}

const isStrippable = (text: string) => STRIPPABLE.test(text);
const strip = (text: string) => (isStrippable(text) ? text.replace(UNREADABLE, '').replace(/\s+/gu, ' ').trim() : text);

/** Whether strip would change any text of the block. */
function isStrippableBlock(block: StructureBlock): boolean {
  switch (block.kind) {
    case 'list':
      return isStrippableList(block.items);
    case 'table':
      return block.rows.some((row) => row.some((cell) => isStrippable(cell.text))) || (block.caption ? isStrippable(block.caption) : false);
    case 'figure':
      return block.alt !== null && isStrippable(block.alt);
    case 'paragraph':
      return isStrippable(block.text) || (block.parts ? block.parts.some((part) => isStrippable(part.text)) : false);
    default:
      return isStrippable(block.text);
  }
}

function isStrippableList(items: ListItem[]): boolean {
  return items.some((item) => isStrippable(item.text) || (item.list ? isStrippableList(item.list.items) : false));
}

function stripItems(list: ListItem[]): ListItem[] {
  return list.map((item) => ({ ...item, text: strip(item.text), ...(item.list ? { list: { ...item.list, items: stripItems(item.list.items) } } : {}) }));
}

function stripBlock(block: StructureBlock): StructureBlock {
  switch (block.kind) {
    case 'list':
      return { ...block, items: stripItems(block.items) };
    case 'table':
      return { ...block, rows: block.rows.map((row) => row.map((cell) => ({ ...cell, text: strip(cell.text) }))), ...(block.caption ? { caption: strip(block.caption) } : {}) };
    case 'figure':
      return block.alt === null ? block : { ...block, alt: strip(block.alt) };
    case 'paragraph':
      return { ...block, text: strip(block.text), ...(block.parts ? { parts: block.parts.map((part) => ({ ...part, text: strip(part.text) })) } : {}) };
    default:
      return { ...block, text: strip(block.text) };
  }
}

/**
 * An address part from a text (a heading's id, a film's slug): Danish letters spelt out (æ → ae),
 * anything else not a-z0-9 a dash, at most 60 characters, `fallback` when nothing is left.
 */
export function slugify(text: string, fallback = 'afsnit'): string {
  const slug = text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || fallback;
}

/** The text of marked content per id, from getTextContent({ includeMarkedContent: true }) items; text inside artifacts or untagged is left out. */
export function collectMarkedContentText({ items }: { items: readonly ({ str: string; hasEOL?: boolean } | { type: string; id?: string | null; tag?: string | null })[] }): Map<string, string> {
  const lines = new Map<string, string[]>();
  const stack: (string | null)[] = [];
  for (const item of items) {
    if ('type' in item) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') stack.push(item.tag === 'Artifact' ? null : (item.id ?? stack[stack.length - 1] ?? null));
      else if (item.type === 'endMarkedContent') stack.pop();
      continue;
    }
    const id = stack[stack.length - 1];
    if (!id) continue;
    const current = lines.get(id) ?? [''];
    current[current.length - 1] += item.str;
    if (item.hasEOL) current.push('');
    lines.set(id, current);
  }
  return new Map([...lines].map(([id, texts]) => [id, joinLinesToText({ lines: texts.map((text) => ({ text: clean(text) })).filter((line) => line.text !== '') })]));
}

/** A page's plain text from its blocks (what search indexes for a tagged page: no artifacts). */
export function blocksToText({ blocks }: { blocks: StructureBlock[] }): string {
  const texts: string[] = [];
  const listText = (items: ListItem[]) => {
    for (const item of items) {
      if (item.text) texts.push(item.text);
      if (item.list) listText(item.list.items);
    }
  };
  for (const block of blocks) {
    if (block.kind === 'list') listText(block.items);
    else if (block.kind === 'table') {
      if (block.caption) texts.push(block.caption);
      for (const row of block.rows) texts.push(row.map((cell) => cell.text).filter(Boolean).join(' '));
    } else if (block.kind === 'figure') {
      if (block.caption) texts.push(block.caption);
    } else texts.push(block.text);
  }
  return texts.filter(Boolean).join(' ');
}

/** How many figures of a page have no alt text (the editor is told). */
export function countFiguresWithoutAlt({ blocks }: { blocks: StructureBlock[] }): number {
  return blocks.filter((block) => block.kind === 'figure' && block.alt === null).length;
}
