// Runs in its own process (see pdf-process.ts), never in the web server: reads PDFs one after the
// other from stdin (framed, see pdf-child-frames.ts) and answers each with newline-delimited JSON on
// stdout, then `idle`. The parent caps its memory and time, kills it on any failure and replaces it
// after a number of documents or once it holds too much memory.
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import type * as NapiCanvas from '@napi-rs/canvas';
import type { PdfChildRequest, PdfOutlineEntry, PdfProblem } from './pdf-process.types.js';
import { groupRunsIntoLines, parsePdfDate, readFontStyle, type TextRun } from '../documents.models.js';
import { buildTaggedBlocks, collectMarkedContentText, type StructNode } from '../documents-structure.models.js';
import type { StructureBlock } from '../documents.types.js';
import { readAccessibilityFacts } from './pdf-accessibility.js';
import { loadPdfium, openPdfiumDocument, type PdfiumDocument } from './pdf-engine-pdfium.js';
import { renderPdfiumCover } from './pdf-engine-pdfium-cover.js';
import { frameKinds, readFrames } from './pdf-child-frames.js';
import { readDataBytes } from './pdf-data-segment.js';
import { send, sendPages, type IngestRequest } from './pdf-child-messages.js';
import { ingestWithPdfium } from './pdf-child-pdfium.js';
import { cleanMetadataText } from './pdf-metadata-scan.js';

// A child runs one engine (PdfChildKind; the parent sends it only that engine's requests). PDFium
// (pdf-engine-pdfium.ts) checks uploads, reads the text and draws the covers; where pdf.js is
// needed (a file PDFium cannot open or that is encrypted, letters PDFium would read wrongly) the
// PDFium child answers `handOver` and the parent gives the document to a pdf.js child, which also
// draws OCR's page images. So a PDFium child never loads pdf.js, which would more than double it.
// pdf.js's legacy build carries core-js, which replaces built-ins that Node 20 has with JavaScript
// versions for the whole process: Array.prototype.push (every push pdf.js and the line grouping
// make) and JSON.stringify (every message sent) among them. Nothing here needs what they add, so
// the child loads pdf.js and its worker first, then puts Node's own back (see bench:ingest).
/** The data segment after the engine was loaded (see PdfChildIdle); /proc's VmData, or the resident size without /proc. */
let engineBytes = 0;
function noteEngineLoaded(): void {
  // Without /proc the resident size stands in, as the parent reads it then.
  engineBytes = Math.max(engineBytes, readDataBytes('self') || process.memoryUsage().rss);
}

let pdfiumLoaded = false;
async function readyPdfium(): Promise<void> {
  if (pdfiumLoaded) return;
  await loadPdfium();
  pdfiumLoaded = true;
  noteEngineLoaded();
}

type Pdfjs = { getDocument: typeof PdfjsModule.getDocument; createCanvas: typeof NapiCanvas.createCanvas; openOptions: Record<string, unknown> };
let pdfjs: Promise<Pdfjs> | undefined;
function loadPdfjs(): Promise<Pdfjs> {
  pdfjs ??= (async () => {
    const builtins = { push: Array.prototype.push, stringify: JSON.stringify, parse: JSON.parse, functionToString: Function.prototype.toString };
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    // Loaded with pdf.js rather than on the first document (it sets globalThis.pdfjsWorker, which
    // pdf.js's in-process worker uses), so that its own copy of core-js has run before the restore.
    const pdfjsWorker = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // a name, not a literal: the package ships no types for it
    await import(pdfjsWorker);
    for (const [target, key, value] of [[Array.prototype, 'push', builtins.push], [JSON, 'stringify', builtins.stringify], [JSON, 'parse', builtins.parse], [Function.prototype, 'toString', builtins.functionToString]] as const) {
      Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
    }
    const pdfjsPackage = createRequire(import.meta.url).resolve('pdfjs-dist/package.json');
    const standardFontDataUrl = `${join(dirname(pdfjsPackage), 'standard_fonts')}/`;
    // The canvas pdf.js itself loads (it may bundle its own @napi-rs/canvas); mixing two copies fails on Path2D.
    const { createCanvas } = createRequire(pdfjsPackage)('@napi-rs/canvas') as typeof NapiCanvas;
    noteEngineLoaded();
    return { getDocument, createCanvas, openOptions: { isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false, standardFontDataUrl } };
  })();
  return pdfjs;
}

async function openWithPdfjs({ data }: { data: Uint8Array }): Promise<PDFDocumentProxy> {
  const { getDocument, openOptions } = await loadPdfjs();
  return getDocument({ data, ...openOptions }).promise;
}

function classify(error: unknown): { problem: PdfProblem; detail: string } {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (error && typeof error === 'object' && 'problem' in error) return { problem: (error as { problem: PdfProblem }).problem, detail };
  if (name === 'PasswordException') return { problem: 'encrypted', detail };
  // PDFium's WebAssembly heap cannot grow past the child's memory limit: Emscripten aborts with "Cannot enlarge memory" or "OOM".
  if (error instanceof RangeError || /allocation failed|out of memory|cannot enlarge memory|\bOOM\b/i.test(detail)) return { problem: 'too_large', detail };
  return { problem: 'malformed', detail };
}

/**
 * The document opened with PDFium; undefined once it has been handed over (encrypted, or a file
 * PDFium cannot open: a pdf.js child reads it, and classifies it when it cannot).
 */
async function openOrHandOver({ data }: { data: Uint8Array }): Promise<PdfiumDocument | undefined> {
  try {
    await readyPdfium();
    return await openPdfiumDocument({ data });
  } catch (error) {
    await send({ type: 'handOver', reason: classify(error).detail });
    return undefined;
  }
}

/** The upload check with PDFium: it opens and has a page 1; anything else is for pdf.js to say (it reads some files PDFium cannot). */
async function inspectWithPdfium({ data }: { data: Uint8Array }): Promise<void> {
  const doc = await openOrHandOver({ data });
  if (!doc) return;
  try {
    // Page 1's dictionary and size, not its content (as pdf.js's getPage: the content is ingestion's, under its own limits).
    const { W, scratch } = doc.engine;
    const found = doc.pageCount > 0 && W.FPDF_GetPageSizeByIndexF!(doc.handle, 0, scratch) !== 0;
    if (found) await send({ type: 'inspected', pageCount: doc.pageCount });
    else await send({ type: 'handOver', reason: doc.pageCount > 0 ? 'page 1 cannot be found' : 'has no pages' });
  } finally {
    doc.close();
  }
}

async function inspect({ data, request }: { data: Uint8Array; request: Extract<PdfChildRequest, { mode: 'inspect' }> }): Promise<void> {
  if (request.engine !== 'pdfjs') {
    await inspectWithPdfium({ data });
    return;
  }
  let doc: PDFDocumentProxy | undefined;
  try {
    doc = await openWithPdfjs({ data });
    if (doc.numPages < 1) {
      await send({ type: 'failed', problem: 'no_pages', detail: 'has no pages' });
      return;
    }
    await doc.getPage(1);
    await send({ type: 'inspected', pageCount: doc.numPages });
  } finally {
    await doc?.destroy();
  }
}

type OutlineNode = { title: string; dest: string | unknown[] | null; items: OutlineNode[] };

async function readOutline({ doc, nodes, depth }: { doc: PDFDocumentProxy; nodes: OutlineNode[] | null; depth: number }): Promise<PdfOutlineEntry[]> {
  if (!nodes || depth > 6) return [];
  const entries: PdfOutlineEntry[] = [];
  for (const node of nodes.slice(0, 500)) {
    let pageNumber: number | null = null;
    try {
      const dest = typeof node.dest === 'string' ? await doc.getDestination(node.dest) : node.dest;
      const ref = Array.isArray(dest) ? dest[0] : null;
      if (ref && typeof ref === 'object') pageNumber = (await doc.getPageIndex(ref as { num: number; gen: number })) + 1;
      else if (typeof ref === 'number') pageNumber = ref + 1;
    } catch {
      pageNumber = null;
    }
    entries.push({ title: String(node.title ?? '').normalize('NFC').trim(), pageNumber, children: await readOutline({ doc, nodes: node.items, depth: depth + 1 }) });
  }
  return entries;
}

/** Bold, italic and real name per pdf.js font id; one per document (ids are per document, and a long-lived child must not grow). */
type FontStyles = Map<string, { bold: boolean; italic: boolean; name: string }>;

type PdfPage = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;
type TextContent = Awaited<ReturnType<PdfPage['getTextContent']>>;

/**
 * A tagged page's blocks from its structure tree (reading order, roles, alt text, languages);
 * undefined when the page has no tree. Marked-content text comes from the same text content the
 * lines are made of; links from the page's annotations, only when the tree has any.
 */
async function readPageStructure({ page, content, documentLang }: { page: PdfPage; content: TextContent; documentLang: string | null }): Promise<StructureBlock[] | undefined> {
  const tree = (await page.getStructTree().catch(() => null)) as StructNode | null;
  if (!tree || !tree.children || tree.children.length === 0) return undefined;
  // pdf.js types text items and marked-content markers as one union; the function reads both shapes.
  const contentText = collectMarkedContentText({ items: content.items as Parameters<typeof collectMarkedContentText>[0]['items'] });
  const links = new Map<string, string>();
  if (JSON.stringify(tree).includes('"annotation"')) {
    for (const annotation of (await page.getAnnotations().catch(() => [])) as { id?: string; url?: string }[]) {
      if (annotation.id && annotation.url) links.set(`pdfjs_internal_id_${annotation.id}`, annotation.url);
    }
  }
  return buildTaggedBlocks({ tree, contentText, links, documentLang, pageNumber: page.pageNumber });
}

async function readPageLines({ page, content, fontStyles }: { page: PdfPage; content: TextContent; fontStyles: FontStyles }) {
  const viewport = page.getViewport({ scale: 1 });
  const items = content.items.filter((item): item is Extract<typeof item, { str: string }> => 'str' in item);
  // Real font names (for bold and italic) are known only once the page's fonts are loaded, and
  // fonts are shared across pages, so the operator list is built only when a font is new.
  if (items.some((item) => !fontStyles.has(item.fontName))) {
    await page.getOperatorList();
    for (const item of items) {
      if (fontStyles.has(item.fontName)) continue;
      let name = item.fontName;
      try {
        const font = page.commonObjs.get(item.fontName) as { name?: string } | undefined;
        if (font?.name) name = font.name;
      } catch {
        // Not loaded (e.g. a Type3 font): no style from its name.
      }
      fontStyles.set(item.fontName, { ...readFontStyle({ fontName: name }), name });
    }
  }
  const runs: TextRun[] = items.map((item) => {
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = item.transform as number[];
    const [x, y] = viewport.convertToViewportPoint(e, f) as [number, number];
    const style = fontStyles.get(item.fontName) ?? { bold: false, italic: false, name: item.fontName };
    return { text: item.str, x, y, width: item.width, size: Math.round(Math.max(Math.hypot(c, d), Math.hypot(a, b)) * 10) / 10, fontName: style.name, bold: style.bold, italic: style.italic, hasEOL: item.hasEOL };
  });
  return groupRunsIntoLines({ runs });
}

async function renderCover({ doc, widths }: { doc: PDFDocumentProxy; widths: number[] }): Promise<void> {
  if (widths.length === 0) return; // text only (the benchmark, or a caller that keeps no covers)
  const page = await doc.getPage(1);
  const base = page.getViewport({ scale: 1 });
  const largest = Math.max(...widths);
  const viewport = page.getViewport({ scale: largest / base.width });
  const { createCanvas } = await loadPdfjs();
  const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  // pdf.js types its render parameters for the DOM canvas; @napi-rs/canvas is what pdf.js itself uses in Node.
  await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
  for (const width of widths) {
    const height = Math.round((canvas.height * width) / canvas.width);
    const target = width === canvas.width ? canvas : createCanvas(width, height);
    if (target !== canvas) target.getContext('2d').drawImage(canvas, 0, 0, width, height);
    await send({ type: 'cover', width, height: target.height, format: 'webp', data: (await target.encode('webp', 80)).toString('base64') });
  }
}

/** The cover drawn by PDFium, one message per width. */
async function sendPdfiumCover({ doc, widths }: { doc: PdfiumDocument; widths: number[] }): Promise<void> {
  for (const cover of await renderPdfiumCover({ doc, widths })) await send({ type: 'cover', width: cover.width, height: cover.height, format: 'webp', data: cover.data.toString('base64') });
}

async function ingest({ data, request }: { data: Uint8Array; request: IngestRequest }): Promise<void> {
  if (request.engine === 'pdfjs') {
    await ingestWithPdfjs({ data, request });
    return;
  }
  const doc = await openOrHandOver({ data });
  if (!doc) return;
  let next: 'done' | 'pdfjs';
  try {
    next = await ingestWithPdfium({ data, request, doc }, { renderCover: (widths) => sendPdfiumCover({ doc, widths }) });
  } finally {
    doc.close();
  }
  // PDFium would have read letters wrongly (it said `restart`): a pdf.js child reads the document again, the covers already sent.
  if (next === 'pdfjs') await send({ type: 'handOver', reason: 'letters' });
}

async function ingestWithPdfjs({ data, request }: { data: Uint8Array; request: IngestRequest }): Promise<void> {
  let doc: PDFDocumentProxy | undefined;
  try {
    doc = await openWithPdfjs({ data });
    if (doc.numPages < 1) {
      await send({ type: 'failed', problem: 'no_pages', detail: 'has no pages' });
      return;
    }
    const meta = await doc.getMetadata().catch(() => undefined);
    const info = (meta?.info ?? {}) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? cleanMetadataText(value) : null);
    const permissions = await doc.getPermissions().catch(() => null);
    const language = text(info.Language);
    // Tagged: the catalog says so (/MarkInfo /Marked true) or carries a structure tree.
    const markInfo = (await doc.getMarkInfo().catch(() => null)) as { Marked?: boolean } | null;
    const tagged = markInfo?.Marked === true || (await doc.getPage(1).then((page) => page.getStructTree()).catch(() => null)) !== null;
    const outline = await readOutline({ doc, nodes: (await doc.getOutline().catch(() => null)) as OutlineNode[] | null, depth: 0 });
    await send({
      type: 'metadata',
      metadata: {
        pageCount: doc.numPages,
        title: text(meta?.metadata?.get('dc:title')) ?? text(info.Title),
        author: text(meta?.metadata?.get('dc:creator')) ?? text(info.Author),
        language,
        createdAt: parsePdfDate({ value: info.CreationDate }),
        outline,
        restricted: permissions !== null,
      },
    });
    await renderCover({ doc, widths: request.coverWidths });
    const fontStyles: FontStyles = new Map();
    const opened = doc;
    await sendPages({
      request,
      pageCount: doc.numPages,
      readPage: async (pageNumber) => {
        const page = await opened.getPage(pageNumber);
        const content = await page.getTextContent({ includeMarkedContent: true });
        const lines = await readPageLines({ page, content, fontStyles });
        const structure = tagged ? await readPageStructure({ page, content, documentLang: language }) : undefined;
        page.cleanup();
        return { lines, structure };
      },
      finishFacts: () => readAccessibilityFacts({ doc: opened, maxPages: Math.min(opened.numPages, request.maxPages) }),
    });
  } finally {
    await doc?.destroy();
  }
}

/**
 * OCR's page images: each asked page rendered on white at the asked resolution (lower when the page
 * would exceed `maxPixels`), written as PNG into the folder the parent made, one message per page
 * so OCR can start on the first while the next renders.
 */
async function renderPages({ data, request }: { data: Uint8Array; request: Extract<PdfChildRequest, { mode: 'render' }> }): Promise<void> {
  let doc: PDFDocumentProxy | undefined;
  try {
    doc = await openWithPdfjs({ data });
    let rendered = 0;
    for (const pageNumber of request.pages) {
      if (pageNumber < 1 || pageNumber > doc.numPages) continue;
      const page = await doc.getPage(pageNumber);
      const base = page.getViewport({ scale: 1 });
      const scale = Math.min(request.dpi / 72, Math.sqrt(request.maxPixels / Math.max(1, base.width * base.height)));
      const viewport = page.getViewport({ scale });
      const { createCanvas } = await loadPdfjs();
      const canvas = createCanvas(Math.max(1, Math.round(viewport.width)), Math.max(1, Math.round(viewport.height)));
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // As renderCover: pdf.js types its parameters for the DOM canvas.
      await page.render({ canvasContext: context as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
      const path = join(request.outDir, `page-${pageNumber}.png`);
      await writeFile(path, await canvas.encode('png'));
      page.cleanup();
      rendered += 1;
      await send({ type: 'pageImage', pageNumber, path, width: canvas.width, height: canvas.height, dpi: scale * 72 });
    }
    await send({ type: 'rendered', pages: rendered });
  } finally {
    await doc?.destroy();
  }
}

async function handle({ request, data }: { request: PdfChildRequest; data: Uint8Array }): Promise<void> {
  try {
    if (Buffer.from(data.subarray(0, 5)).toString('latin1') !== '%PDF-') {
      await send({ type: 'failed', problem: 'not_pdf', detail: 'does not start with %PDF-' });
      return;
    }
    if (request.mode === 'inspect') await inspect({ data, request });
    else if (request.mode === 'render') await renderPages({ data, request });
    else await ingest({ data, request });
  } catch (error) {
    await send({ type: 'failed', ...classify(error) });
  }
}

/** Documents one after the other until stdin ends; each is read whole (within its maxBytes) before it is opened. */
async function main(): Promise<void> {
  const frames = readFrames(process.stdin as AsyncIterable<Buffer>);
  for (let next = await frames.next(); !next.done; next = await frames.next()) {
    if (next.value.kind !== frameKinds.request) throw new Error(`expected a request frame, got kind ${next.value.kind}`);
    const request = JSON.parse(next.value.payload.toString('utf8')) as PdfChildRequest;
    const chunks: Buffer[] = [];
    let size = 0;
    for (next = await frames.next(); !next.done && next.value.kind === frameKinds.data; next = await frames.next()) {
      size += next.value.payload.length;
      // Past the limit the rest is read and dropped, so the next document's frames stay in step.
      if (size <= request.maxBytes) chunks.push(next.value.payload);
    }
    if (next.done) return; // the parent went away mid-document
    if (size > request.maxBytes) await send({ type: 'failed', problem: 'too_large', detail: 'input too large' });
    else await handle({ request, data: new Uint8Array(Buffer.concat(chunks)) });
    chunks.length = 0;
    await send({ type: 'idle', rssBytes: process.memoryUsage().rss, engineBytes, pdfium: pdfiumLoaded ? (await loadPdfium()).binary : undefined });
  }
}

main().then(
  () => process.exit(0),
  () => process.exit(1),
);
