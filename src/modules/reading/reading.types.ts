export type ReadingBlock =
  /** `size`: the heading's font size in points, for ranking levels across the document. */
  | { kind: 'heading'; level: 2 | 3 | 4; text: string; id: string; size?: number }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] };

/** One PDF page in the reading version; `hasText` is false for scanned or empty pages. */
export type ReadingPage = { pageNumber: number; blocks: ReadingBlock[]; hasText: boolean };

/** A PDF bookmark as ingestion extracts it. `level` starts at 1. */
export type OutlineEntry = { title: string; pageNumber: number; level?: number };

export type TocEntry = { title: string; level: number; href: string; pageNumber: number };

export type ReadingVersion = {
  pages: ReadingPage[];
  toc: TocEntry[];
  /** Whether ingestion has stored pages yet: false means the reading version is not ready. */
  ready: boolean;
};
