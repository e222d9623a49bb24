// Ingestion with PDFium (pdf-engine-pdfium.ts, a page's runs from pdf-engine-pdfium-page.ts) inside
// the PDF child (pdf-child.ts): pages, fonts, marked content and metadata from PDFium, a tagged
// file's structure tree from pdf-lib, read once.
// The stored output is what the pdf.js reading gives. Where PDFium would read letters wrongly
// (pdf-font-unicode.ts) the document is handed back to pdf.js, and the parent told to forget the
// pages it has had (`restart`).
import type { PdfChildMessage } from './pdf-process.types.js';
import { groupRunsIntoLines, parsePdfDate } from '../documents.models.js';
import { buildTaggedBlocks, collectMarkedContentText } from '../documents-structure.models.js';
import type { PageLine, StructureBlock } from '../documents.types.js';
import { createFactsCollector, factFontName, readPdfUaPart, type MarkerItem, type TextItem } from './pdf-accessibility.js';
import { hasPdfiumStructTree, readPdfiumInfo, readPdfiumOutline, type PdfiumDocument, type PdfiumFont, type PdfiumRun } from './pdf-engine-pdfium.js';
import { readPdfiumPage } from './pdf-engine-pdfium-page.js';
import { readXmpProperty, scanDisplayDocTitle, scanXmpPacket } from './pdf-metadata-scan.js';
import { markedContentId, parsePdf, readStructureTree, type ParsedPdf, type StructureTree } from './pdf-structure-tree.js';
import { findFontsWithoutEncoding, hasTextBeyondAscii, withoutSubsetTag } from './pdf-font-unicode.js';
import { send, sendPages, type IngestRequest } from './pdf-child-messages.js';

/** Runs in pdf.js's text-content shape: marked-content markers around each run, as the structure and facts functions read them. */
function toContentItems({ runs, pageIndex }: { runs: PdfiumRun[]; pageIndex: number }): (TextItem | MarkerItem)[] {
  const items: (TextItem | MarkerItem)[] = [];
  for (const run of runs) {
    for (const mark of run.marks) items.push({ type: mark.mcid === null ? 'beginMarkedContent' : 'beginMarkedContentProps', tag: mark.tag, id: mark.mcid === null ? null : markedContentId({ pageIndex, mcid: mark.mcid }) });
    items.push({ str: run.text, fontName: run.font.id, hasEOL: run.hasEOL });
    for (let i = 0; i < run.marks.length; i += 1) items.push({ type: 'endMarkedContent' });
  }
  return items;
}

/** Why PDFium's reading of a document is given up for pdf.js's. */
function createWrongLettersError({ detail }: { detail: string }): Error & { wrongLetters: true } {
  return Object.assign(new Error(detail), { wrongLetters: true as const });
}
const isWrongLetters = (error: unknown): error is Error & { wrongLetters: true } => error instanceof Error && 'wrongLetters' in error;

/** A document's letter check: the fonts looked at so far, and its pdf-lib parse once one was needed. */
type LetterCheck = { data: Uint8Array; pdf: ParsedPdf | null | undefined; checked: Set<PdfiumFont> };

/**
 * Checks each page's letters as it is read: characters PDFium found no Unicode for, and symbolic
 * fonts drawing letters beyond ASCII whose dictionaries say PDFium guessed their encoding (looked
 * up once per font, parsing the file with pdf-lib only when such a font appears). Module-level, not
 * a closure made per document: why in pdf-structure-tree.ts (TreeReading).
 */
async function checkLetters(check: LetterCheck, { runs, unmapped, pageNumber }: { runs: PdfiumRun[]; unmapped: number; pageNumber: number }): Promise<void> {
  if (unmapped > 0) throw createWrongLettersError({ detail: `page ${pageNumber}: ${unmapped} characters without Unicode in their font` });
  const suspects = new Set<string>();
  for (const run of runs) {
    if (!run.font.symbolic || check.checked.has(run.font) || !hasTextBeyondAscii({ text: run.text })) continue;
    check.checked.add(run.font);
    suspects.add(withoutSubsetTag(run.font.name));
  }
  if (suspects.size === 0) return;
  if (check.pdf === undefined) check.pdf = await parsePdf({ data: check.data });
  const wrong = check.pdf ? findFontsWithoutEncoding({ pdf: check.pdf, baseFonts: suspects }) : [...suspects];
  if (wrong.length > 0) throw createWrongLettersError({ detail: `page ${pageNumber}: font ${wrong[0]} has neither /Encoding nor /ToUnicode` });
}

/**
 * Reads the document with PDFium, sending its messages; 'pdfjs' when it gave up on the letters
 * part way (after telling the parent to forget the pages so far), for the caller to read it with pdf.js.
 */
export async function ingestWithPdfium({ data, request, doc }: { data: Uint8Array; request: IngestRequest; doc: PdfiumDocument }, { renderCover }: { renderCover: (widths: number[]) => Promise<void> }): Promise<'done' | 'pdfjs'> {
  if (doc.pageCount < 1) {
    await send({ type: 'failed', problem: 'no_pages', detail: 'has no pages' });
    return 'done';
  }
  const info = readPdfiumInfo({ doc });
  const parsed = info.marked || hasPdfiumStructTree({ doc }) ? await parsePdf({ data }) : undefined;
  const tree = readStructureTree({ pdf: parsed ?? null });
  const xmp = tree?.catalog.xmp ?? scanXmpPacket({ data });
  const xmpTitle = readXmpProperty({ xmp, name: 'dc:title' });
  await send({
    type: 'metadata',
    metadata: {
      pageCount: doc.pageCount,
      title: xmpTitle ?? info.title,
      author: readXmpProperty({ xmp, name: 'dc:creator' }) ?? info.author,
      language: info.lang,
      createdAt: parsePdfDate({ value: info.creationDate }),
      outline: readPdfiumOutline({ doc }),
      restricted: false, // an encrypted file (the only kind with permissions) is read with pdf.js
    },
  });
  await renderCover(request.coverWidths);
  const facts = createFactsCollector({
    document: {
      pageCount: doc.pageCount,
      pagesChecked: Math.min(doc.pageCount, request.maxPages),
      marked: info.marked,
      lang: info.lang,
      infoTitle: info.title,
      xmpTitle,
      hasXmp: xmp !== null,
      displayDocTitle: tree ? tree.catalog.displayDocTitle : scanDisplayDocTitle({ data }),
      pdfUaPart: readPdfUaPart({ xmp }),
      permissions: null,
    },
  });
  const state: IngestState = { doc, formMarks: info.marked || tree !== null, lang: info.lang, tree, letters: { data, pdf: parsed, checked: new Set() }, facts, factsFailed: false };
  try {
    await sendPages({
      request,
      pageCount: doc.pageCount,
      readPage: (pageNumber) => readIngestPage(state, pageNumber),
      finishFacts: async () => (state.factsFailed ? null : facts.finish()),
    });
  } catch (error) {
    if (!isWrongLetters(error)) throw error;
    const restart: PdfChildMessage = { type: 'restart', reason: error.message };
    await send(restart);
    return 'pdfjs';
  }
  return 'done';
}

/** What reading one document's pages needs from the document: readIngestPage's state. */
type IngestState = {
  doc: PdfiumDocument;
  formMarks: boolean;
  lang: string | null;
  tree: StructureTree | null;
  letters: LetterCheck;
  facts: ReturnType<typeof createFactsCollector>;
  factsFailed: boolean;
};

// One page. Module-level, not a closure made per document: why in pdf-structure-tree.ts (TreeReading).
async function readIngestPage(state: IngestState, pageNumber: number): Promise<{ lines: PageLine[]; structure: StructureBlock[] | undefined }> {
  const { doc, tree, facts } = state;
  const page = readPdfiumPage({ doc, index: pageNumber - 1, formMarks: state.formMarks });
  await checkLetters(state.letters, { runs: page.runs, unmapped: page.unmapped, pageNumber });
  const lines = groupRunsIntoLines({ runs: page.runs });
  const items = toContentItems({ runs: page.runs, pageIndex: pageNumber - 1 });
  const pageTree = tree?.forPage(pageNumber - 1) ?? null;
  let structure: StructureBlock[] | undefined;
  let contentText: Map<string, string> | undefined;
  if (tree && pageTree?.children && pageTree.children.length > 0) {
    contentText = collectMarkedContentText({ items: items as Parameters<typeof collectMarkedContentText>[0]['items'] });
    structure = buildTaggedBlocks({ tree: pageTree, contentText, links: tree.links, documentLang: state.lang, pageNumber });
  }
  if (!state.factsFailed) {
    const fonts = new Map<string, PdfiumFont>();
    for (const run of page.runs) fonts.set(run.font.id, run.font);
    await facts
      .addPage({
        pageNumber,
        items,
        // Asked once per font and document: the facts collector keeps what it gives by the font's id.
        fontOf: (id) => {
          const font = fonts.get(id);
          return font ? { name: factFontName({ name: font.name }), embedded: font.embedded, unreadableChars: 0, pages: [], unreadablePages: [] } : undefined;
        },
        paintsImage: async () => page.hasImage,
        tree: pageTree,
        contentText,
      })
      .catch(() => {
        state.factsFailed = true;
      });
  }
  return { lines, structure };
}
