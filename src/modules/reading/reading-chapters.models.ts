import type { OutlineEntry, ReadingPage, TocEntry } from './reading.types.js';

// Pure functions that give a reading version its shape: the table of contents, and a long report
// cut into chapters, one web page each (READING_CHAPTER_MIN_PAGES, READING_PAGE_MAX_KB).

/**
 * The table of contents: the PDF's own outline when it has one, otherwise the recognised
 * headings of level 2 and 3.
 */
export function buildTableOfContents({ outline, pages }: { outline: OutlineEntry[]; pages: ReadingPage[] }): TocEntry[] {
  const pageNumbers = new Set(pages.map((page) => page.pageNumber));
  const fromOutline = outline.filter((entry) => entry.title.trim() && pageNumbers.has(entry.pageNumber));
  if (fromOutline.length > 0) {
    return fromOutline.map((entry) => ({ title: entry.title.trim(), level: Math.min(Math.max(entry.level ?? 1, 1), 3), href: `#side-${entry.pageNumber}`, pageNumber: entry.pageNumber }));
  }
  const toc: TocEntry[] = [];
  for (const page of pages) {
    for (const block of page.blocks) {
      if (block.kind === 'heading' && block.level <= 3) toc.push({ title: block.text, level: block.level - 1, href: `#${block.id}`, pageNumber: page.pageNumber });
    }
  }
  return toc;
}

/** One web page of a long report's reading version: a chapter (or part of one) by its PDF pages. */
export type ReadingChapter = { number: number; title: string | null; firstPage: number; lastPage: number };

function pageChars(page: ReadingPage): number {
  let chars = 300;
  for (const block of page.blocks) chars += JSON.stringify(block).length;
  return chars;
}

/**
 * Splits a long report into chapters: a new one at every top-level outline entry (or, without an
 * outline, every top-level heading). Reports of at most `minPages` pages stay one page. A chapter
 * whose text passes `maxChars` is cut between PDF pages, so no web page grows past the budget.
 */
export function splitIntoChapters({ pages, toc, minPages, maxChars }: { pages: ReadingPage[]; toc: TocEntry[]; minPages: number; maxChars: number }): ReadingChapter[] {
  const first = pages[0];
  const last = pages[pages.length - 1];
  if (!first || !last) return [];
  if (pages.length <= minPages) return [{ number: 1, title: null, firstPage: first.pageNumber, lastPage: last.pageNumber }];
  const starts = new Map<number, string>();
  for (const entry of toc) if (entry.level === 1 && !starts.has(entry.pageNumber)) starts.set(entry.pageNumber, entry.title);
  const ranges: { title: string | null; pages: ReadingPage[] }[] = [];
  for (const page of pages) {
    const title = starts.get(page.pageNumber);
    const current = ranges[ranges.length - 1];
    if (!current || title !== undefined) ranges.push({ title: title ?? null, pages: [page] });
    else current.pages.push(page);
  }
  const chapters: ReadingChapter[] = [];
  for (const range of ranges) {
    let chars = 0;
    let startIndex = 0;
    range.pages.forEach((page, i) => {
      const size = pageChars(page);
      if (i > startIndex && chars + size > maxChars) {
        chapters.push({ number: chapters.length + 1, title: range.title, firstPage: range.pages[startIndex]!.pageNumber, lastPage: range.pages[i - 1]!.pageNumber });
        startIndex = i;
        chars = 0;
      }
      chars += size;
    });
    chapters.push({ number: chapters.length + 1, title: range.title, firstPage: range.pages[startIndex]!.pageNumber, lastPage: range.pages[range.pages.length - 1]!.pageNumber });
  }
  return chapters;
}

/** The chapter that holds a PDF page (the last one starting at or before it). */
export function findChapterOfPage({ chapters, pageNumber }: { chapters: ReadingChapter[]; pageNumber: number }): ReadingChapter | undefined {
  let found: ReadingChapter | undefined;
  for (const chapter of chapters) if (chapter.firstPage <= pageNumber) found = chapter;
  return found && pageNumber <= found.lastPage ? found : undefined;
}

/** The address of a chapter: the first is the reading version's own address. */
export function chapterPath({ year, number }: { year: number; number: number }): string {
  return number <= 1 ? `/beretninger/${year}/laes` : `/beretninger/${year}/laes/kapitel/${number}`;
}
