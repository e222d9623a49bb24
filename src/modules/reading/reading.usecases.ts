import type { Db } from '../../database/database.js';
import type { Config } from '../../config/config.js';
import { getPublishedReport } from '../reports/reports.usecases.js';
import type { PublicReport } from '../reports/reports.types.js';
import type { StructureBlock } from '../documents/documents.types.js';
import { buildReadingPages, parsePageLines } from './reading.models.js';
import { buildTableOfContents, chapterPath, findChapterOfPage, splitIntoChapters } from './reading-chapters.models.js';
import { createReadingRepository } from './reading.repository.js';
import type { OutlineEntry, ReadingPage, ReadingVersion } from './reading.types.js';

function parseStructure(json: string): StructureBlock[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as StructureBlock[]) : [];
  } catch {
    return [];
  }
}

/**
 * A published report as web pages, from what ingestion stored: the blocks of the structure tree
 * for a tagged PDF, the rules over the stored lines for an untagged one. `loadOutline` gives the
 * PDF's bookmarks when ingestion has stored them; without, the table of contents comes from the
 * headings. A long report is cut into chapters (READING_CHAPTER_MIN_PAGES, READING_PAGE_MAX_KB);
 * table-of-contents links point at the chapter page that holds their PDF page.
 */
export async function getReadingVersion(
  { year }: { year: number },
  { db, config, loadOutline }: { db: Db; config: Pick<Config, 'readingChapterMinPages' | 'readingPageMaxKb'>; loadOutline?: (args: { documentId: string }) => Promise<OutlineEntry[]> },
): Promise<{ report: PublicReport; reading: ReadingVersion }> {
  const report = await getPublishedReport({ year }, { db });
  const empty = { pages: [], toc: [], chapters: [], ready: false };
  if (!report.document) return { report, reading: empty };
  const rows = await createReadingRepository({ db }).listPages({ documentId: report.document.id });
  if (rows.length === 0) return { report, reading: empty };
  // Blocks stored at ingestion (the tree of a tagged PDF, the rules for an untagged one); rows
  // read before migration 012 have only lines until their re-read, and get the rules here.
  const stored = rows.some((row) => row.structureJson !== null);
  const pages: ReadingPage[] = stored
    ? rows.map((row) => {
        const blocks = row.structureJson === null ? [] : parseStructure(row.structureJson);
        return { pageNumber: row.pageNumber, blocks, hasText: blocks.length > 0, ...(row.ocr === 1 ? { ocr: true } : {}) };
      })
    : buildReadingPages({ pages: rows.map((row) => ({ pageNumber: row.pageNumber, lines: parsePageLines(row.blocksJson) })) });
  const outline = loadOutline ? await loadOutline({ documentId: report.document.id }) : [];
  const toc = buildTableOfContents({ outline, pages });
  const chapters = splitIntoChapters({ pages, toc, minPages: config.readingChapterMinPages, maxChars: config.readingPageMaxKb * 1000 });
  const linked = chapters.length <= 1 ? toc : toc.map((entry) => ({ ...entry, href: `${chapterPath({ year: report.year, number: findChapterOfPage({ chapters, pageNumber: entry.pageNumber })?.number ?? 1 })}${entry.href}` }));
  return { report, reading: { pages, toc: linked, chapters, ready: true } };
}
