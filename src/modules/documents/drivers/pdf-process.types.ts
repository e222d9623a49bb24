// The contract between the server and the PDF child process (pdf-child.ts).

export type PdfProblem = 'not_pdf' | 'encrypted' | 'malformed' | 'no_pages' | 'too_large' | 'timeout' | 'crashed';

import type { PageLine, StructureBlock } from '../documents.types.js';
import type { AccessibilityFacts } from '../../accessibility/accessibility.types.js';

/**
 * Which engine a child runs. A PDFium child never loads pdf.js: where it would need it (a file
 * PDFium cannot open or that is encrypted, letters PDFium would read wrongly) it answers `handOver`
 * and the parent gives the document to a pdf.js child (pdf-process.ts), so the PDFium child stays
 * small and warm.
 */
export type PdfChildKind = 'pdfium' | 'pdfjs';

export type PdfChildRequest =
  /** The upload check: PDFium opens the file and page 1, or hands it to pdf.js (`engine: 'pdfjs'`), which says what is wrong. */
  | { mode: 'inspect'; maxBytes: number; engine?: 'pdfium' | 'pdfjs' }
  /** `engine`: what reads the text and structure (INGEST_ENGINE); PDFium unless pdf.js is asked for. */
  | { mode: 'ingest'; maxBytes: number; maxPages: number; maxTextChars: number; coverWidths: number[]; engine?: 'pdfium' | 'pdfjs' }
  /** OCR: these pages as PNG files in `outDir` at `dpi`, scaled down to at most `maxPixels` each (a huge MediaBox cannot blow the memory). */
  | { mode: 'render'; maxBytes: number; pages: number[]; dpi: number; maxPixels: number; outDir: string };

/** Covers are WebP (a photographic page 1 is about a third of its PNG); stored keys and URLs carry the format. */
export type CoverFormat = 'webp' | 'png';

export type PdfOutlineEntry = { title: string; pageNumber: number | null; children: PdfOutlineEntry[] };

export type PdfMetadata = { pageCount: number; title: string | null; author: string | null; language: string | null; createdAt: string | null; outline: PdfOutlineEntry[]; restricted: boolean };

export type PdfChildMessage =
  | { type: 'inspected'; pageCount: number }
  | { type: 'metadata'; metadata: PdfMetadata }
  /** `structure`: the page's blocks from the structure tree, for a tagged PDF only. */
  | { type: 'page'; pageNumber: number; text: string; lines: PageLine[]; structure?: StructureBlock[] }
  /** An untagged PDF's blocks by the reading rules, sent per page once every page is read (running headers need them all). */
  | { type: 'structure'; pageNumber: number; blocks: StructureBlock[] }
  | { type: 'cover'; width: number; height: number; format: CoverFormat; data: string /* base64 */ }
  /** `accessibility`: what the accessibility checks read (null when the PDF defeated that reading). */
  /** Forget the pages sent so far: the document is read again from its first page (by pdf.js, where PDFium would read letters wrongly). Metadata and outline come again; covers sent stay. */
  | { type: 'restart'; reason: string }
  | { type: 'ingested'; pagesIndexed: number; pagesCapped: boolean; textCapped: boolean; pagesWithoutText: number; accessibility: AccessibilityFacts | null }
  | { type: 'failed'; problem: PdfProblem; detail: string }
  /** One rendered page image for OCR; `dpi` is what it was rendered at (lower than asked when capped by pixels). */
  | { type: 'pageImage'; pageNumber: number; path: string; width: number; height: number; dpi: number }
  | { type: 'rendered'; pages: number };

/** Which PDFium binary a PDFium child runs: the optimised build its parent named (pdfium-wasm.ts), or the package's. */
export type PdfiumBinary = 'optimised' | 'shipped';

/**
 * Sent after each document's final message: the child is ready for the next one (never passed on to
 * callers). `engineBytes`: its data segment right after it loaded its engine (0 until it has), the
 * base its memory high-water mark is measured from (pdf-pool.ts). `pdfium`: the PDFium binary it
 * loaded, once it has (a pdf.js child never does).
 */
export type PdfChildIdle = { type: 'idle'; rssBytes: number; engineBytes: number; pdfium?: PdfiumBinary };

/** A PDFium child's final answer when pdf.js must read the document (never passed on to callers: the parent does that, see runPdfChild). */
export type PdfChildHandOver = { type: 'handOver'; reason: string };

export type PdfProcessLimits = {
  /** Wall-clock limit for the whole child; it is killed when it passes. */
  timeoutMs: number;
  /** Memory limit for everything the child allocates (JS heap, buffers, decoded streams). */
  memoryBytes: number;
};
