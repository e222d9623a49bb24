// What the PDF child (pdf-child.ts) writes to its parent: newline-delimited JSON on stdout, and the
// page sequence both engines (pdf.js, PDFium in pdf-child-pdfium.ts) end an ingestion with.
import type { PdfChildHandOver, PdfChildIdle, PdfChildMessage, PdfChildRequest } from './pdf-process.types.js';
import { joinLinesToText } from '../documents.models.js';
import { blocksToText } from '../documents-structure.models.js';
import type { PageLine, StructureBlock } from '../documents.types.js';
import { buildReadingPages } from '../../reading/reading.models.js';
import type { AccessibilityFacts } from '../../accessibility/accessibility.types.js';

export type IngestRequest = Extract<PdfChildRequest, { mode: 'ingest' }>;

/** One message to the parent; resolves once stdout has taken it (waits for drain when its buffer is full). */
export function send(message: PdfChildMessage | PdfChildIdle | PdfChildHandOver): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(`${JSON.stringify(message)}\n`)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
}

/**
 * The page messages, then the untagged pages' blocks by the reading rules, then `ingested`: the
 * same for both engines, which only say how one page is read.
 */
export async function sendPages({ request, pageCount, readPage, finishFacts }: { request: IngestRequest; pageCount: number; readPage: (pageNumber: number) => Promise<{ lines: PageLine[]; structure: StructureBlock[] | undefined }>; finishFacts: () => Promise<AccessibilityFacts | null> }): Promise<void> {
  const pagesToIndex = Math.min(pageCount, request.maxPages);
  let textChars = 0;
  let textCapped = false;
  let pagesWithoutText = 0;
  const untaggedPages: { pageNumber: number; lines: PageLine[] }[] = [];
  for (let pageNumber = 1; pageNumber <= pagesToIndex; pageNumber += 1) {
    const page = await readPage(pageNumber);
    const { structure } = page;
    let { lines } = page;
    // A tagged page's text is its blocks' text: no running headers or page numbers (artifacts).
    let pageText = structure ? blocksToText({ blocks: structure }) : joinLinesToText({ lines });
    if (pageText.trim() === '') pagesWithoutText += 1;
    if (textChars + pageText.length > request.maxTextChars) {
      textCapped = true;
      pageText = pageText.slice(0, Math.max(0, request.maxTextChars - textChars));
      lines = pageText === '' ? [] : lines;
    }
    textChars += pageText.length;
    await send({ type: 'page', pageNumber, text: pageText, lines, ...(structure ? { structure } : {}) });
    if (!structure) untaggedPages.push({ pageNumber, lines });
  }
  // The reading rules for untagged pages run here, once, not on every request for the reading version.
  for (const page of buildReadingPages({ pages: untaggedPages })) await send({ type: 'structure', pageNumber: page.pageNumber, blocks: page.blocks });
  await send({ type: 'ingested', pagesIndexed: pagesToIndex, pagesCapped: pagesToIndex < pageCount, textCapped, pagesWithoutText, accessibility: await finishFacts() });
}
