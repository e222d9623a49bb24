import type { Db } from '../../database/database.js';
import { getPublishedReport } from '../reports/reports.usecases.js';
import type { PublicReport } from '../reports/reports.types.js';
import { buildReadingPages, buildTableOfContents, parsePageLines } from './reading.models.js';
import { createReadingRepository } from './reading.repository.js';
import type { OutlineEntry, ReadingVersion } from './reading.types.js';

/**
 * A published report as web pages: one page per PDF page, from the lines ingestion stored.
 * `loadOutline` gives the PDF's bookmarks when ingestion has stored them; without, the table of
 * contents comes from the recognised headings.
 */
export async function getReadingVersion(
  { year }: { year: number },
  { db, loadOutline }: { db: Db; loadOutline?: (args: { documentId: string }) => Promise<OutlineEntry[]> },
): Promise<{ report: PublicReport; reading: ReadingVersion }> {
  const report = await getPublishedReport({ year }, { db });
  if (!report.document) return { report, reading: { pages: [], toc: [], ready: false } };
  const rows = await createReadingRepository({ db }).listPages({ documentId: report.document.id });
  if (rows.length === 0) return { report, reading: { pages: [], toc: [], ready: false } };
  const pages = buildReadingPages({ pages: rows.map((row) => ({ pageNumber: row.pageNumber, lines: parsePageLines(row.blocksJson) })) });
  const outline = loadOutline ? await loadOutline({ documentId: report.document.id }) : [];
  return { report, reading: { pages, toc: buildTableOfContents({ outline, pages }), ready: true } };
}
