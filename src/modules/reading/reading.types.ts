import type { StructureBlock } from '../documents/documents.types.js';
import type { ReadingChapter } from './reading-chapters.models.js';

export type { ReadingChapter };

export type ReadingBlock = StructureBlock;

/** One PDF page in the reading version; `hasText` is false for scanned or empty pages. */
export type ReadingPage = { pageNumber: number; blocks: ReadingBlock[]; hasText: boolean; /** The text was recognised from a scanned page (OCR): the reader is told. */ ocr?: boolean };

/** A PDF bookmark as ingestion extracts it. `level` starts at 1. */
export type OutlineEntry = { title: string; pageNumber: number; level?: number };

export type TocEntry = { title: string; level: number; href: string; pageNumber: number };

export type ReadingVersion = {
  pages: ReadingPage[];
  /** One web page each (see splitIntoChapters); a single one for short reports. */
  chapters: ReadingChapter[];
  toc: TocEntry[];
  /** Whether ingestion has stored pages yet: false means the reading version is not ready. */
  ready: boolean;
};
