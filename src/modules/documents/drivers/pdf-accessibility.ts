// Runs inside the PDF child (pdf-child.ts): reads what the accessibility checks need from an open
// document. Reading only; the checks themselves are pure functions in modules/accessibility.
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { AccessibilityFacts, FontFact, PageTally } from '../../accessibility/accessibility.types.js';
import { BULLET_START, collectMarkedContentText, collectText, type StructNode } from '../documents-structure.models.js';
import { cleanMetadataText } from './pdf-metadata-scan.js';

/** Page numbers kept per finding and headings kept in all: enough to list, small enough to send and store. */
const MAX_PAGES_KEPT = 500;
const MAX_HEADINGS_KEPT = 5000;
const MAX_FONTS_KEPT = 200;

/** What `\s` matches, as code units: the page's items are counted without building a copy per item. */
function isWhiteSpaceCode(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/** The text's length without its white space: `text.replace(/\s+/gu, '').length`. */
export function countVisibleCodeUnits(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i += 1) if (!isWhiteSpaceCode(text.charCodeAt(i))) count += 1;
  return count;
}

// Private-use code points, the replacement character and control characters: text a reader's software cannot speak.
// eslint-disable-next-line no-control-regex -- control characters are part of what is counted
const UNREADABLE = /[\uE000-\uF8FF\uFFFD\u0000-\u0008\u000b\u000c\u000e-\u001f]/gu;

const SUBSET_PREFIX = /^[A-Z]{6}\+/;
const STANDARD_FONT = /^(?:Helvetica|Arial|ArialMT|Arial-?(?:Bold|Italic|BoldItalic)MT|Times(?:-Roman)?|TimesNewRoman(?:PS)?(?:MT)?|Courier|CourierNew(?:PS)?(?:MT)?|Symbol|ZapfDingbats)(?:[-,]?(?:Bold|Italic|Oblique|BoldItalic|BoldOblique|PSMT|MT))*$/i;

export type TextItem = { str: string; fontName: string; hasEOL?: boolean };
export type MarkerItem = { type: string; id?: string | null; tag?: string | null };

function addPage(pages: number[], page: number): void {
  if (pages[pages.length - 1] !== page && pages.length < MAX_PAGES_KEPT) pages.push(page);
}

function tally(): PageTally {
  return { pages: [], count: 0 };
}

function note(target: PageTally, page: number, times = 1): void {
  target.count += times;
  addPage(target.pages, page);
}

/** The pdfuaid:part a file claims in its XMP, as an element or an attribute. */
export function readPdfUaPart({ xmp }: { xmp: string | null }): number | null {
  const match = /pdfuaid:part\s*(?:=\s*["']\s*(\d+)|>\s*(\d+)\s*<)/.exec(xmp ?? '');
  return match ? Number(match[1] ?? match[2]) : null;
}

/**
 * The facts, or null when the PDF defeats the reading (ingestion goes on without them: the checks
 * then say they could not tell, rather than the whole PDF failing).
 */
export async function readAccessibilityFacts({ doc, maxPages }: { doc: PDFDocumentProxy; maxPages: number }): Promise<AccessibilityFacts | null> {
  return gatherFacts({ doc, maxPages }).catch(() => null);
}

/** What the facts say about the document as a whole (catalog, metadata, permissions). */
export type DocumentFacts = Pick<AccessibilityFacts, 'pageCount' | 'pagesChecked' | 'marked' | 'lang' | 'infoTitle' | 'xmpTitle' | 'hasXmp' | 'displayDocTitle' | 'pdfUaPart' | 'permissions'>;

/** One page as the facts read it: its text items and marked content in pdf.js's shape, its fonts, its images, its structure tree. */
export type PageFacts = {
  pageNumber: number;
  items: readonly (TextItem | MarkerItem)[];
  fontOf: (fontName: string) => FontFact | undefined;
  paintsImage: () => Promise<boolean>;
  tree: StructNode | null;
  /** The items' marked-content text, when the caller made it already (collectMarkedContentText): not made twice. */
  contentText?: ReadonlyMap<string, string>;
};

/**
 * Gathers the facts page by page, whichever engine read the pages (pdf.js or PDFium): marked
 * content (tagged, artifact or neither), fonts, scans and the structure tree's headings, figures,
 * tables and lists.
 */
export function createFactsCollector({ document }: { document: DocumentFacts }): { addPage: (page: PageFacts) => Promise<void>; finish: () => AccessibilityFacts } {
  const facts: AccessibilityFacts = {
    version: 1,
    pageCount: document.pageCount,
    pagesChecked: document.pagesChecked,
    marked: document.marked,
    hasStructTree: false,
    lang: document.lang,
    infoTitle: document.infoTitle,
    xmpTitle: document.xmpTitle,
    hasXmp: document.hasXmp,
    displayDocTitle: document.displayDocTitle,
    pdfUaPart: document.pdfUaPart,
    permissions: document.permissions,
    // A literal, not a spread of tally(): V8 made the spread's map anew for each document, and addFactsPage was deoptimised for it once a reading (issue #15, --trace-deopt).
    untaggedText: { pages: [], count: 0, chars: 0 },
    scannedPages: tally(),
    headings: [],
    figures: 0,
    figuresWithoutAlt: tally(),
    tables: 0,
    tablesWithoutHeaders: tally(),
    lists: 0,
    malformedLists: tally(),
    bulletParagraphs: tally(),
    fonts: [],
  };
  const fonts = new Map<string, FontFact>();
  const collector = { facts, fonts };
  const finish = () => {
    // One entry per font name: a font loaded twice (two resources, one program) is one font to the editor.
    const byName = new Map<string, FontFact>();
    for (const font of fonts.values()) {
      const seen = byName.get(font.name);
      if (!seen) byName.set(font.name, { ...font, pages: [...font.pages], unreadablePages: [...font.unreadablePages] });
      else {
        seen.embedded &&= font.embedded;
        seen.unreadableChars += font.unreadableChars;
        seen.pages = [...new Set([...seen.pages, ...font.pages])].sort((a, b) => a - b).slice(0, MAX_PAGES_KEPT);
        seen.unreadablePages = [...new Set([...seen.unreadablePages, ...font.unreadablePages])].sort((a, b) => a - b).slice(0, MAX_PAGES_KEPT);
      }
    }
    facts.fonts = [...byName.values()].slice(0, MAX_FONTS_KEPT);
    return facts;
  };
  return { addPage: (page) => addFactsPage(collector, page), finish };
}

// Module-level, not a closure made per document: why in pdf-structure-tree.ts (TreeReading).
async function addFactsPage({ facts, fonts }: { facts: AccessibilityFacts; fonts: Map<string, FontFact> }, { pageNumber, items, fontOf, paintsImage, tree, contentText }: PageFacts): Promise<void> {
  // Marked content: inside an artifact, inside content with an MCID (tagged), or neither.
  const stack: ('artifact' | 'tagged' | 'none')[] = [];
  let visibleChars = 0;
  let untagged = 0;
  for (const item of items) {
    if ('type' in item) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
        const outer = stack[stack.length - 1] ?? 'none';
        stack.push(item.tag === 'Artifact' || outer === 'artifact' ? 'artifact' : item.id ? 'tagged' : outer);
      } else if (item.type === 'endMarkedContent') stack.pop();
      continue;
    }
    const chars = countVisibleCodeUnits(item.str);
    if (chars === 0) continue;
    visibleChars += chars;
    if ((stack[stack.length - 1] ?? 'none') === 'none') untagged += chars;
    const font = fonts.get(item.fontName) ?? fontOf(item.fontName);
    if (font) {
      fonts.set(item.fontName, font);
      const unreadable = item.str.match(UNREADABLE)?.length ?? 0;
      font.unreadableChars += unreadable;
      addPage(font.pages, pageNumber);
      if (unreadable > 0) addPage(font.unreadablePages, pageNumber);
    }
  }
  if (untagged > 0) {
    note(facts.untaggedText, pageNumber);
    facts.untaggedText.chars += untagged;
  }
  // No text at all: a scan when the page paints an image, a blank page otherwise.
  if (visibleChars === 0 && (await paintsImage())) note(facts.scannedPages, pageNumber);
  if (tree?.children && tree.children.length > 0) {
    facts.hasStructTree = true;
    readStructure({ tree, facts, pageNumber, contentText: contentText ?? collectMarkedContentText({ items: items as Parameters<typeof collectMarkedContentText>[0]['items'] }) });
  }
}

/**
 * The facts about one open PDF, its first `maxPages` pages read again for marked content, structure
 * and fonts. Fonts are the ones pdf.js loaded while the text was read (`commonObjs`); a font not
 * loaded is left out rather than guessed.
 */
async function gatherFacts({ doc, maxPages }: { doc: PDFDocumentProxy; maxPages: number }): Promise<AccessibilityFacts> {
  // pdf.js is imported here, not at the top: a child reading with PDFium never loads it (it is loaded by now when this runs).
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const IMAGE_OPS = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat, OPS.paintInlineImageXObjectGroup, OPS.paintImageMaskXObjectGroup, OPS.paintImageMaskXObjectRepeat]);
  const meta = await doc.getMetadata().catch(() => undefined);
  const info = (meta?.info ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? cleanMetadataText(value) : null);
  const markInfo = (await doc.getMarkInfo().catch(() => null)) as { Marked?: boolean } | null;
  const preferences = (await doc.getViewerPreferences().catch(() => null)) as { DisplayDocTitle?: boolean } | null;
  const permissions = await doc.getPermissions().catch(() => null);
  const xmp = meta?.metadata ? meta.metadata.getRaw() : null;
  const collector = createFactsCollector({
    document: {
      pageCount: doc.numPages,
      pagesChecked: Math.min(doc.numPages, maxPages),
      marked: markInfo?.Marked === true,
      lang: text(info.Language),
      infoTitle: text(info.Title),
      xmpTitle: text(meta?.metadata?.get('dc:title')),
      hasXmp: meta?.metadata != null,
      displayDocTitle: typeof preferences?.DisplayDocTitle === 'boolean' ? preferences.DisplayDocTitle : null,
      pdfUaPart: readPdfUaPart({ xmp: typeof xmp === 'string' ? xmp : null }),
      permissions: permissions ? [...permissions] : null,
    },
  });
  for (let pageNumber = 1; pageNumber <= Math.min(doc.numPages, maxPages); pageNumber += 1) {
    const page = await doc.getPage(pageNumber);
    const content = await page.getTextContent({ includeMarkedContent: true });
    await collector.addPage({
      pageNumber,
      items: content.items as (TextItem | MarkerItem)[],
      fontOf: (fontName) => readFont({ page, fontName }),
      paintsImage: async () => (await page.getOperatorList().catch(() => null))?.fnArray.some((op) => IMAGE_OPS.has(op)) ?? false,
      tree: (await page.getStructTree().catch(() => null)) as StructNode | null,
    });
    page.cleanup();
  }
  return collector.finish();
}

/** A font's name as the facts list it: without its subset prefix. */
export function factFontName({ name }: { name: string }): string {
  return name.replace(SUBSET_PREFIX, '');
}

function readFont({ page, fontName }: { page: Awaited<ReturnType<PDFDocumentProxy['getPage']>>; fontName: string }): FontFact | undefined {
  try {
    if (!page.commonObjs.has(fontName)) return undefined;
    const font = page.commonObjs.get(fontName) as { name?: string; missingFile?: boolean } | undefined;
    if (!font) return undefined;
    const name = String(font.name ?? fontName);
    // pdf.js draws an unembedded standard font (Helvetica, Arial, Times…) from its own copy and then
    // reports no missing file; such a font is known by its standard name without a subset prefix.
    const embedded = font.missingFile !== true && (SUBSET_PREFIX.test(name) || !STANDARD_FONT.test(name));
    return { name: factFontName({ name }), embedded, unreadableChars: 0, pages: [], unreadablePages: [] };
  } catch {
    return undefined;
  }
}

function readStructure({ tree, facts, pageNumber, contentText }: { tree: StructNode; facts: AccessibilityFacts; pageNumber: number; contentText: ReadonlyMap<string, string> }): void {
  visitStructure({ facts, context: { contentText, links: new Map<string, string>(), documentLang: null, pageNumber } }, tree, '');
}

const hasRole = (node: StructNode, role: string): boolean => (node.children ?? []).some((child) => child.role === role || (!child.type && hasRole(child, role)));

// Module-level, not a closure made per page: why in pdf-structure-tree.ts (TreeReading).
function visitStructure(page: { facts: AccessibilityFacts; context: Parameters<typeof collectText>[1] }, node: StructNode, parentRole: string): void {
  if (node.type) return;
  const { facts, context } = page;
  const { pageNumber } = context;
  const role = node.role ?? '';
  const heading = /^H([1-6])$/.exec(role);
  if ((heading || role === 'H') && facts.headings.length < MAX_HEADINGS_KEPT) facts.headings.push({ level: heading ? Number(heading[1]) : 0, page: pageNumber });
  if (role === 'Figure') {
    facts.figures += 1;
    if (!node.alt?.trim()) note(facts.figuresWithoutAlt, pageNumber);
  } else if (role === 'Table') {
    facts.tables += 1;
    if (!hasRole(node, 'TH')) note(facts.tablesWithoutHeaders, pageNumber);
  } else if (role === 'L') {
    facts.lists += 1;
    if ((node.children ?? []).some((child) => !child.type && !['LI', 'L', 'Caption'].includes(child.role ?? ''))) note(facts.malformedLists, pageNumber);
  } else if (role === 'LI' && parentRole !== 'L') note(facts.malformedLists, pageNumber);
  else if (role === 'P' && BULLET_START.test(collectText(node, context))) note(facts.bulletParagraphs, pageNumber);
  for (const child of node.children ?? []) visitStructure(page, child, role);
}

