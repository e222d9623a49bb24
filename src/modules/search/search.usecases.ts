import type { Db, DatabaseDialect } from '../../database/database.js';
import type { EventBus } from '../../shared/events.js';
import type { Logger } from '../../shared/logger.js';
import { markdownToPlainText } from '../../shared/markdown.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { listPublishedReports } from '../reports/reports.usecases.js';
import { createPostgresSearchDriver } from './drivers/postgres.search.js';
import { createSqliteFts5SearchDriver } from './drivers/sqlite-fts5.search.js';
import { yieldToEventLoop } from '../../shared/event-loop.js';
import { boundQuery, buildSnippet, DEFAULT_SEARCH_BUDGET, isStopWord, levenshtein, parseQuery, type SearchBudget } from './search.models.js';
import { countSearchEntries, listDocumentPageTexts } from './search.repository.js';
import type { IndexEntry, SearchCandidate, SearchDriver, SearchGroup, SearchResult } from './search.types.js';

/** How many matches are ranked: the newest indexed first. Bounds the work for very common words. */
export const CANDIDATE_LIMIT = 1000;
export const PAGE_SIZE = 20;
/** "Did you mean": index words compared with the reader's, across all the query's words. */
const SIMILAR_WORDS_BUDGET = 2000;
/** "Did you mean": alternative queries tried (each a bounded candidate lookup). */
const SUGGESTION_TRIES = 6;

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

export type SearchInput = { q: string; yearFrom: number | undefined; yearTo: number | undefined; page: number; budget?: SearchBudget };

/**
 * One search, its work bounded across the whole query by `budget` (clauses, prefix expansions) and
 * the fixed candidate, sample and suggestion limits, with the event loop free between its statements.
 */
export async function searchReports({ q, yearFrom, yearTo, page, budget = DEFAULT_SEARCH_BUDGET }: SearchInput, deps: SearchDeps): Promise<SearchResult> {
  const parsed = parseQuery(q);
  const base = { query: q, yearFrom: yearFrom ?? null, yearTo: yearTo ?? null, page, pageSize: PAGE_SIZE };
  if (parsed.problem) return { ...base, total: 0, totalIsLowerBound: false, pageCount: 0, groups: [], suggestions: [], problem: parsed.problem, cut: null };
  const { query, cut } = boundQuery({ query: parsed, maxClauses: budget.maxClauses });
  const driver = createSearchDriver(deps);
  const candidates = await driver.findCandidates({ query, yearFrom, yearTo, limit: CANDIDATE_LIMIT, maxPrefixTerms: budget.maxPrefixTerms });
  await yieldToEventLoop();
  // The index holds only published reports; checking again costs little and closes any race with unpublishing.
  const published = new Map((await listPublishedReports({ db: deps.db })).map((r) => [r.id, r]));
  const ranked = rankCandidates({ candidates: candidates.filter((c) => published.has(c.reportId)) });
  const pageCount = Math.ceil(ranked.length / PAGE_SIZE);
  const slice = ranked.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  await yieldToEventLoop();
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
  const suggestions =
    ranked.length === 0 && !cut ? await suggestQueries({ q, words: query.words, yearFrom, yearTo, maxPrefixTerms: budget.maxPrefixTerms }, { driver, published: new Set(published.keys()) }) : [];
  return { ...base, total: ranked.length, totalIsLowerBound: candidates.length >= CANDIDATE_LIMIT, pageCount, groups, suggestions, problem: null, cut };
}

/**
 * "Did you mean": the query with a misspelt word replaced by a near word from the index, kept only if
 * it finds something. Bounded as a whole: SIMILAR_WORDS_BUDGET words compared, SUGGESTION_TRIES lookups.
 */
async function suggestQueries(
  { q, words, yearFrom, yearTo, maxPrefixTerms }: { q: string; words: string[]; yearFrom: number | undefined; yearTo: number | undefined; maxPrefixTerms: number },
  { driver, published }: { driver: SearchDriver; published: Set<string> },
): Promise<string[]> {
  const candidates = words.slice(0, 5).filter((word) => !isStopWord(word) && Array.from(word).length >= 3);
  if (candidates.length === 0) return [];
  const perWord = Math.floor(SIMILAR_WORDS_BUDGET / candidates.length);
  const options: { query: string; distance: number }[] = [];
  for (const word of candidates) {
    const maxDistance = Array.from(word).length <= 4 ? 1 : 2;
    await yieldToEventLoop();
    const near = (await driver.listSimilarWords({ word, limit: perWord }))
      .map((candidate) => ({ candidate, distance: levenshtein({ a: word, b: candidate }) }))
      .filter((n) => n.distance > 0 && n.distance <= maxDistance)
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate, 'da'))
      .slice(0, 5);
    const pattern = new RegExp(word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'iu');
    for (const n of near) options.push({ query: q.normalize('NFC').replace(pattern, n.candidate), distance: n.distance });
  }
  const out: string[] = [];
  let tries = 0;
  for (const option of options.sort((a, b) => a.distance - b.distance)) {
    if (out.length >= 3 || tries >= SUGGESTION_TRIES) break;
    if (out.includes(option.query)) continue;
    tries += 1;
    await yieldToEventLoop();
    const found = await driver.findCandidates({ query: parseQuery(option.query), yearFrom, yearTo, limit: 50, maxPrefixTerms });
    if (found.some((c) => published.has(c.reportId))) out.push(option.query);
  }
  return out;
}
