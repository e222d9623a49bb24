// The contract between the server and the PDF child process (pdf-child.ts).

export type PdfProblem = 'not_pdf' | 'encrypted' | 'malformed' | 'no_pages' | 'too_large' | 'timeout' | 'crashed';

import type { PageLine, StructureBlock } from '../documents.types.js';
import type { AccessibilityFacts } from '../../accessibility/accessibility.types.js';

export type PdfChildRequest =
  | { mode: 'inspect'; maxBytes: number }
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

/** Sent after each document's final message: the child is ready for the next one (never passed on to callers). */
export type PdfChildIdle = { type: 'idle'; rssBytes: number };

export type PdfProcessLimits = {
  /** Wall-clock limit for the whole child; it is killed when it passes. */
  timeoutMs: number;
  /** Memory limit for everything the child allocates (JS heap, buffers, decoded streams). */
  memoryBytes: number;
};
