import type { Db, DatabaseDialect } from '../../database/database.js';
import type { EventBus } from '../../shared/events.js';
import type { Logger } from '../../shared/logger.js';
import { markdownToPlainText } from '../../shared/markdown.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { listPublishedReports } from '../reports/reports.usecases.js';
import { createPostgresSearchDriver } from './drivers/postgres.search.js';
import { createSqliteFts5SearchDriver } from './drivers/sqlite-fts5.search.js';
import { buildSnippet, isStopWord, levenshtein, parseQuery } from './search.models.js';
import { countSearchEntries, listDocumentPageTexts } from './search.repository.js';
import type { IndexEntry, SearchCandidate, SearchDriver, SearchGroup, SearchResult } from './search.types.js';

/** How many matches are ranked: the newest indexed first. Bounds the work for very common words. */
export const CANDIDATE_LIMIT = 1000;
export const PAGE_SIZE = 20;

type SearchDeps = { db: Db; dialect: DatabaseDialect };

export function createSearchDriver({ db, dialect }: SearchDeps): SearchDriver {
  return dialect === 'postgres' ? createPostgresSearchDriver({ db }) : createSqliteFts5SearchDriver({ db });
}

/** Brings the index in line with one report: its foreword and current PDF's pages when published, nothing otherwise. */
export async function indexReportForSearch({ reportId }: { reportId: string }, deps: SearchDeps): Promise<void> {
  const driver = createSearchDriver(deps);
  const report = await createReportsRepository({ db: deps.db }).getById({ id: reportId });
  if (!report || report.status !== 'published' || report.deletedAt !== null) {
    await driver.removeReport({ reportId });
    return;
  }
  const entries: IndexEntry[] = [];
  const foreword = markdownToPlainText(report.forewordMd).trim();
  if (foreword) entries.push({ pageNumber: 0, text: foreword });
  if (report.currentDocumentId) {
    for (const page of await listDocumentPageTexts({ documentId: report.currentDocumentId }, deps)) {
      if (page.text.trim()) entries.push({ pageNumber: page.pageNumber, text: page.text });
    }
  }
  await driver.indexReport({ reportId, year: report.year, entries });
}

/** Rebuilds the whole index from the published reports. */
export async function reindexAllReports(deps: SearchDeps): Promise<void> {
  await createSearchDriver(deps).clear();
  for (const report of await listPublishedReports({ db: deps.db })) await indexReportForSearch({ reportId: report.id }, deps);
}

/** Keeps the index current: any change to a report, or its PDF's text arriving, re-indexes that report at once. */
export function registerSearchIndexing(deps: SearchDeps & { events: EventBus }): void {
  deps.events.on('report.changed', ({ reportId }) => indexReportForSearch({ reportId }, deps));
  deps.events.on('document.ingested', ({ reportId }) => indexReportForSearch({ reportId }, deps));
}

/** At start: an empty index beside published reports (first run after this migration, a restored backup) is built. */
export async function ensureSearchIndex(deps: SearchDeps & { logger: Logger }): Promise<void> {
  if ((await countSearchEntries(deps)) > 0) return;
  const published = await listPublishedReports({ db: deps.db });
  if (published.length === 0) return;
  deps.logger.info({ reports: published.length }, 'building the search index');
  await reindexAllReports(deps);
}

export function rankCandidates({ candidates }: { candidates: SearchCandidate[] }): SearchCandidate[] {
  return [...candidates].sort((a, b) => b.score - a.score || b.year - a.year || a.pageNumber - b.pageNumber);
}

export type SearchInput = { q: string; yearFrom: number | undefined; yearTo: number | undefined; page: number };

export async function searchReports({ q, yearFrom, yearTo, page }: SearchInput, deps: SearchDeps): Promise<SearchResult> {
  const query = parseQuery(q);
  const base = { query: q, yearFrom: yearFrom ?? null, yearTo: yearTo ?? null, page, pageSize: PAGE_SIZE };
  if (query.problem) return { ...base, total: 0, totalIsLowerBound: false, pageCount: 0, groups: [], suggestions: [], problem: query.problem };
  const driver = createSearchDriver(deps);
  const candidates = await driver.findCandidates({ query, yearFrom, yearTo, limit: CANDIDATE_LIMIT });
  // The index holds only published reports; checking again costs little and closes any race with unpublishing.
  const published = new Map((await listPublishedReports({ db: deps.db })).map((r) => [r.id, r]));
  const ranked = rankCandidates({ candidates: candidates.filter((c) => published.has(c.reportId)) });
  const pageCount = Math.ceil(ranked.length / PAGE_SIZE);
  const slice = ranked.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const texts = await driver.getTexts({ seqs: slice.map((c) => c.seq) });
  const perReport = new Map<string, number>();
  for (const c of ranked) perReport.set(c.reportId, (perReport.get(c.reportId) ?? 0) + 1);
  const groups: SearchGroup[] = [];
  for (const c of slice) {
    const report = published.get(c.reportId)!;
    let group = groups.find((g) => g.report.id === c.reportId);
    if (!group) {
      group = { report: { id: report.id, year: report.year, title: report.title, url: `/beretninger/${report.year}` }, hitCount: perReport.get(c.reportId) ?? 0, hits: [] };
      groups.push(group);
    }
    const isForeword = c.pageNumber === 0;
    group.hits.push({
      pageNumber: isForeword ? null : c.pageNumber,
      snippet: buildSnippet({ text: texts.get(c.seq) ?? '', query }),
      readingUrl: isForeword ? `/beretninger/${report.year}` : `/beretninger/${report.year}/laes#side-${c.pageNumber}`,
      pdfUrl: isForeword || !report.document ? null : `${report.document.url}#page=${c.pageNumber}`,
    });
  }
  const suggestions = ranked.length === 0 ? await suggestQueries({ q, words: query.words, yearFrom, yearTo }, { driver, published: new Set(published.keys()) }) : [];
  return { ...base, total: ranked.length, totalIsLowerBound: candidates.length >= CANDIDATE_LIMIT, pageCount, groups, suggestions, problem: null };
}

/** "Did you mean": the query with a misspelt word replaced by a near word from the index, kept only if it finds something. */
async function suggestQueries(
  { q, words, yearFrom, yearTo }: { q: string; words: string[]; yearFrom: number | undefined; yearTo: number | undefined },
  { driver, published }: { driver: SearchDriver; published: Set<string> },
): Promise<string[]> {
  const options: { query: string; distance: number }[] = [];
  for (const word of words.slice(0, 5)) {
    if (isStopWord(word) || Array.from(word).length < 3) continue;
    const maxDistance = Array.from(word).length <= 4 ? 1 : 2;
    const near = (await driver.listSimilarWords({ word, limit: 5000 }))
      .map((candidate) => ({ candidate, distance: levenshtein({ a: word, b: candidate }) }))
      .filter((n) => n.distance > 0 && n.distance <= maxDistance)
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate, 'da'))
      .slice(0, 5);
    const pattern = new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu');
    for (const n of near) options.push({ query: q.normalize('NFC').replace(pattern, n.candidate), distance: n.distance });
  }
  const out: string[] = [];
  for (const option of options.sort((a, b) => a.distance - b.distance)) {
    if (out.length >= 3 || out.includes(option.query)) continue;
    const found = await driver.findCandidates({ query: parseQuery(option.query), yearFrom, yearTo, limit: 50 });
    if (found.some((c) => published.has(c.reportId))) out.push(option.query);
  }
  return out;
}
