// PDFium compiled to WebAssembly (@embedpdf/pdfium), for the ingestion child (pdf-child.ts): the
// engine, documents, metadata and outline here; a page's text runs with their positions, fonts and
// marked content in pdf-engine-pdfium-page.ts. About three times pdf.js's pages per CPU-second
// (bench:ingest). The raw WASM exports are called directly: the package's cwrap glue is an
// assertions build and costs more than the work per call.
// Every document and page handle is closed in a finally block, so a failure leaves the child's WASM
// heap as it found it (the parent still recycles the child by its memory).
import { readFileSync } from 'node:fs';
import { init } from '@embedpdf/pdfium';
import type { PdfiumBinary, PdfOutlineEntry, PdfProblem } from './pdf-process.types.js';
import type { TextRun } from '../documents.models.js';
import { cleanMetadataText } from './pdf-metadata-scan.js';
import { PDFIUM_WASM_ENV, shippedPdfiumWasm } from './pdfium-wasm.js';

/** The raw exports used here: every PDFium function takes and returns numbers (handles, pointers, flags). */
export type PdfiumExports = Record<string, (...args: number[]) => number>;
type Heap = { HEAPU8: Uint8Array; HEAP32: Int32Array; HEAPF32: Float32Array; HEAPF64: Float64Array };

/** One marked-content level around a text object, outermost first: its tag and MCID (when it has one). */
export type ContentMark = { tag: string; mcid: number | null };

/** A text run as the ingestion reads it, with what the structure and the accessibility facts need. */
export type PdfiumRun = TextRun & { marks: ContentMark[]; font: PdfiumFont };
/** `id`: unique per font within one document. `symbolic`: its descriptor says Symbolic (and not Nonsymbolic). */
export type PdfiumFont = { id: string; name: string; embedded: boolean; bold: boolean; italic: boolean; symbolic: boolean };
/**
 * `unmapped`: characters for which PDFium found no Unicode (no usable ToUnicode entry, no known
 * encoding) and gave the character code itself as text (code 0xD09C as U+D09C). Counted for codes
 * above 0xFF only, which only multi-byte (CID) fonts have: those have a map PDFium failed to use. A
 * one-byte code without Unicode is one its font's encoding leaves undefined, which pdf.js reads no
 * better (C140's tables of every code).
 */
export type PdfiumPage = { runs: PdfiumRun[]; hasImage: boolean; unmapped: number };

const FPDF_ERR_FILE = 2;
const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;
const SCRATCH_BYTES = 1 << 16;

/** An error the child classifies by its `problem` (see classify in pdf-child.ts). */
function createPdfiumProblem({ problem, detail }: { problem: PdfProblem; detail: string }): Error & { problem: PdfProblem } {
  return Object.assign(new Error(detail), { problem });
}

/** `binary`: which PDFium it runs, the optimised build the parent named or the package's. */
export type Engine = { W: PdfiumExports; heap: () => Heap; scratch: number; strings: Record<'Title' | 'Author' | 'CreationDate' | 'MCID', number>; binary: PdfiumBinary };

let engine: Promise<Engine> | undefined;

/** Starts PDFium from a WebAssembly binary. */
async function startPdfium({ path }: { path: string }): Promise<Awaited<ReturnType<typeof init>>> {
  const wasmBinary = readFileSync(path);
  return init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
}

/**
 * Compiles and starts PDFium once per child (about 0.1 CPU-second); later calls reuse it. From the
 * optimised build the parent names (pdfium-wasm.ts) when it has one, else from the package's; an
 * optimised build that cannot be read or started leaves the package's in its place.
 */
export function loadPdfium(): Promise<Engine> {
  engine ??= (async () => {
    const shipped = shippedPdfiumWasm();
    const optimised = process.env[PDFIUM_WASM_ENV];
    let binary: PdfiumBinary = optimised ? 'optimised' : 'shipped';
    const module = optimised
      ? await startPdfium({ path: optimised }).catch(() => {
          binary = 'shipped';
          return startPdfium({ path: shipped });
        })
      : await startPdfium({ path: shipped });
    module.PDFiumExt_Init();
    // The package types its exports loosely (malloc and free only); every one is a number function.
    const W = module.pdfium.wasmExports as unknown as PdfiumExports;
    const runtime = module.pdfium as unknown as Heap;
    const heap = () => runtime;
    const cString = (text: string) => {
      const bytes = Buffer.from(`${text}\0`, 'latin1');
      const pointer = W.malloc!(bytes.length);
      heap().HEAPU8.set(bytes, pointer);
      return pointer;
    };
    return { W, heap, scratch: W.malloc!(SCRATCH_BYTES), strings: { Title: cString('Title'), Author: cString('Author'), CreationDate: cString('CreationDate'), MCID: cString('MCID') }, binary };
  })();
  return engine;
}

const utf16 = new TextDecoder('utf-16le');
const latin1 = new TextDecoder('latin1');

/** A UTF-16LE string PDFium writes with `write(buffer, bytes)` returning the bytes it needs (NUL included). */
function readUtf16({ engine: { W, heap, scratch }, write }: { engine: Engine; write: (buffer: number, bytes: number) => number }): string {
  const needed = write(scratch, SCRATCH_BYTES);
  if (needed <= 2) return '';
  if (needed <= SCRATCH_BYTES) return utf16.decode(heap().HEAPU8.subarray(scratch, scratch + needed - 2));
  const buffer = W.malloc!(needed);
  try {
    write(buffer, needed);
    return utf16.decode(heap().HEAPU8.subarray(buffer, buffer + needed - 2));
  } finally {
    W.free!(buffer);
  }
}

/** `loadedPages`: pages loaded ahead (page 1, to look for a structure tree), handed to readPdfiumPage rather than loaded twice. */
export type PdfiumDocument = { engine: Engine; handle: number; pageCount: number; fonts: Map<number, PdfiumFont>; loadedPages: Map<number, number>; close: () => void };

/**
 * Opens a document from its bytes (copied into the WASM heap, freed on close). Encrypted documents
 * are refused as 'encrypted' here even when they open without a password: the structure tree is
 * read with pdf-lib, which cannot decrypt, so the caller reads those with pdf.js.
 */
export async function openPdfiumDocument({ data }: { data: Uint8Array }): Promise<PdfiumDocument> {
  const current = await loadPdfium();
  const { W, heap } = current;
  const pointer = W.malloc!(data.length);
  if (!pointer) throw createPdfiumProblem({ problem: 'too_large', detail: 'no memory for the document' });
  heap().HEAPU8.set(data, pointer);
  const handle = W.FPDF_LoadMemDocument!(pointer, data.length, 0);
  if (!handle) {
    const error = W.FPDF_GetLastError!();
    W.free!(pointer);
    if (error === FPDF_ERR_PASSWORD || error === FPDF_ERR_SECURITY) throw createPdfiumProblem({ problem: 'encrypted', detail: 'needs a password' });
    throw createPdfiumProblem({ problem: 'malformed', detail: error === FPDF_ERR_FILE ? 'cannot be read' : 'is not a readable PDF' });
  }
  const loadedPages = new Map<number, number>();
  const close = () => {
    for (const page of loadedPages.values()) W.FPDF_ClosePage!(page);
    loadedPages.clear();
    W.FPDF_CloseDocument!(handle);
    W.free!(pointer);
  };
  if (W.FPDF_GetSecurityHandlerRevision!(handle) !== -1) {
    close();
    throw createPdfiumProblem({ problem: 'encrypted', detail: 'is encrypted' });
  }
  return { engine: current, handle, pageCount: W.FPDF_GetPageCount!(handle), fonts: new Map(), loadedPages, close };
}


/** The Info dictionary's title, author and creation date (raw PDF date) and the catalog's /Lang. */
export function readPdfiumInfo({ doc }: { doc: PdfiumDocument }): { title: string | null; author: string | null; creationDate: string | null; lang: string | null; marked: boolean } {
  const { engine: current, handle } = doc;
  const { W, strings } = current;
  const meta = (key: keyof typeof strings) => readUtf16({ engine: current, write: (buffer, bytes) => W.FPDF_GetMetaText!(handle, strings[key], buffer, bytes) });
  return {
    title: cleanMetadataText(meta('Title')),
    author: cleanMetadataText(meta('Author')),
    creationDate: meta('CreationDate') || null,
    lang: cleanMetadataText(readUtf16({ engine: current, write: (buffer, bytes) => W.FPDFCatalog_GetLanguage!(handle, buffer, bytes) })),
    marked: W.FPDFCatalog_IsTagged!(handle) !== 0,
  };
}

/** The outline as pdf.js read it: at most 500 entries per level, 6 levels deep, a page number where the destination resolves. */
export function readPdfiumOutline({ doc }: { doc: PdfiumDocument }): PdfOutlineEntry[] {
  const { engine: current, handle } = doc;
  const { W } = current;
  const seen = new Set<number>();
  const read = (parent: number, depth: number): PdfOutlineEntry[] => {
    if (depth > 6) return [];
    const entries: PdfOutlineEntry[] = [];
    for (let item = W.FPDFBookmark_GetFirstChild!(handle, parent); item && entries.length < 500 && !seen.has(item); item = W.FPDFBookmark_GetNextSibling!(handle, item)) {
      seen.add(item); // a looping outline ends here
      let dest = W.FPDFBookmark_GetDest!(handle, item);
      if (!dest) {
        const action = W.FPDFBookmark_GetAction!(item);
        if (action) dest = W.FPDFAction_GetDest!(handle, action);
      }
      const index = dest ? W.FPDFDest_GetDestPageIndex!(handle, dest) : -1;
      const title = readUtf16({ engine: current, write: (buffer, bytes) => W.FPDFBookmark_GetTitle!(item, buffer, bytes) });
      entries.push({ title: title.normalize('NFC').trim(), pageNumber: index >= 0 ? index + 1 : null, children: read(item, depth + 1) });
    }
    return entries;
  };
  return read(0, 0);
}

/** Whether page 1 has a structure tree (for a file that has one without saying /Marked true). */
export function hasPdfiumStructTree({ doc }: { doc: PdfiumDocument }): boolean {
  const { W } = doc.engine;
  if (doc.pageCount < 1) return false;
  const page = doc.loadedPages.get(0) ?? W.FPDF_LoadPage!(doc.handle, 0);
  if (!page) return false;
  doc.loadedPages.set(0, page); // read next as page 1, not loaded again (closed with the document otherwise)
  const tree = W.FPDF_StructTree_GetForPage!(page);
  try {
    return tree !== 0 && W.FPDF_StructTree_CountChildren!(tree) > 0;
  } finally {
    if (tree) W.FPDF_StructTree_Close!(tree);
  }
}
