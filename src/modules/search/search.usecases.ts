import type { Db, DatabaseDialect } from '../../database/database.js';
import type { EventBus } from '../../shared/events.js';
import type { Logger } from '../../shared/logger.js';
import { markdownToPlainText } from '../../shared/markdown.js';
import { createReportsRepository } from '../reports/reports.repository.js';
import { listPublishedReports } from '../reports/reports.usecases.js';
import { createPostgresSearchDriver } from './drivers/postgres.search.js';
import { createSqliteFts5SearchDriver } from './drivers/sqlite-fts5.search.js';
import { yieldToEventLoop } from '../../shared/event-loop.js';
import { boundQuery, createSearchMeter, DEFAULT_SEARCH_BUDGET } from './search-budget.models.js';
import { listReplaceableWords, parseQuery, searchUrlFor } from './search-query.models.js';
import { buildSnippet, isSamePassage } from './search-snippet.models.js';
import { isStopWord, levenshtein, pageSearchText } from './search.models.js';
import { countSearchEntries, hasVocabularyWord, listDocumentPageTexts } from './search.repository.js';
import { listTranscriptEntries } from '../media/media.usecases.js';
import type { IndexEntry, SearchBudget, SearchCandidate, SearchDriver, SearchGroup, SearchMeter, SearchResult } from './search.types.js';

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
      const text = pageSearchText(page);
      if (text.trim()) entries.push({ pageNumber: page.pageNumber, text });
    }
  }
  // Films' and sounds' transcripts (issue #19), numbered -1, -2, … in the readers' order of the report's media.
  for (const entry of await listTranscriptEntries({ reportId }, deps)) entries.push({ pageNumber: entry.pageNumber, text: entry.text });
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
 * One search, its work bounded across the whole query by one budget (search.config.ts): the clauses
 * searched for, then one meter handed to every step that reads (prefix expansion, candidates,
 * statistics, "did you mean"), with the event loop free between its statements.
 */
export async function searchReports({ q, yearFrom, yearTo, page, budget = DEFAULT_SEARCH_BUDGET }: SearchInput, deps: SearchDeps): Promise<SearchResult> {
  const parsed = parseQuery(q);
  const base = { query: q, yearFrom: yearFrom ?? null, yearTo: yearTo ?? null, page, pageSize: PAGE_SIZE };
  if (parsed.problem) return { ...base, total: 0, totalIsLowerBound: false, pageCount: 0, groups: [], suggestions: [], problem: parsed.problem, cut: null, narrowedPrefixes: [] };
  const { query, cut } = boundQuery({ query: parsed, maxClauses: budget.maxClauses });
  const meter = createSearchMeter({ budget });
  const driver = createSearchDriver(deps);
  const limit = meter.take({ kind: 'candidateRows', wanted: CANDIDATE_LIMIT });
  const candidates = limit > 0 ? await driver.findCandidates({ query, yearFrom, yearTo, limit, meter }) : [];
  meter.giveBack({ kind: 'candidateRows', amount: limit - candidates.length });
  const narrowedPrefixes = [...meter.narrowedPrefixes];
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
  const narrowed = yearFrom !== undefined && yearFrom === yearTo;
  const mediaPages = new Map<string, Map<number, { slug: string; title: string }>>();
  for (const c of slice.filter((candidate) => candidate.pageNumber < 0)) {
    if (!mediaPages.has(c.reportId)) mediaPages.set(c.reportId, new Map((await listTranscriptEntries({ reportId: c.reportId }, deps)).map((e) => [e.pageNumber, e])));
  }
  for (const c of slice) {
    const report = published.get(c.reportId)!;
    let group = groups.find((g) => g.report.id === c.reportId);
    if (!group) {
      const hitCount = perReport.get(c.reportId) ?? 0;
      // "N sider" with fewer shown: the same search narrowed to this report's year shows all N.
      const allHitsUrl = narrowed || hitCount <= slice.filter((s) => s.reportId === c.reportId).length ? null : searchUrlFor({ q, yearFrom: report.year, yearTo: report.year });
      group = { report: { id: report.id, year: report.year, title: report.title, url: `/beretninger/${report.year}` }, hitCount, hits: [], allHitsUrl };
      groups.push(group);
    }
    const isForeword = c.pageNumber === 0;
    if (c.pageNumber < 0) {
      // A transcript: the hit leads to the film's or sound's own page.
      const media = mediaPages.get(c.reportId)?.get(c.pageNumber);
      group.hits.push({ pageNumber: null, snippet: buildSnippet({ text: texts.get(c.seq) ?? '', query }), readingUrl: media ? `/beretninger/${report.year}/film/${media.slug}` : `/beretninger/${report.year}#se-og-hoer`, pdfUrl: null, mediaTitle: media?.title ?? '' });
      continue;
    }
    const snippet = buildSnippet({ text: texts.get(c.seq) ?? '', query });
    // The foreword is often the report's first pages again: a passage in both is shown once, where it ranked higher.
    const same = group.hits.find((hit) => hit.mediaTitle === undefined && (hit.pageNumber === null) !== isForeword && isSamePassage(hit.snippet, snippet));
    if (same) {
      if (same.pageNumber === null) same.alsoOnPage ??= c.pageNumber;
      else same.alsoInForeword = true;
      continue;
    }
    group.hits.push({
      pageNumber: isForeword ? null : c.pageNumber,
      snippet,
      // /laes/side/N answers with the web page that holds PDF page N (a long report's chapter), at its anchor.
      readingUrl: isForeword ? `/beretninger/${report.year}` : `/beretninger/${report.year}/laes/side/${c.pageNumber}`,
      pdfUrl: isForeword || !report.document ? null : `${report.document.url}#page=${c.pageNumber}`,
    });
  }
  const suggestions = ranked.length === 0 && !cut ? await suggestQueries({ q, yearFrom, yearTo }, { driver, published: new Set(published.keys()), meter, db: deps.db }) : [];
  return { ...base, total: ranked.length, totalIsLowerBound: candidates.length >= CANDIDATE_LIMIT, pageCount, groups, suggestions, problem: null, cut, narrowedPrefixes };
}

/** Candidate rows one "did you mean" try reads at most (it only asks whether the alternative finds anything). */
const SUGGESTION_CANDIDATES = 50;

/**
 * "Did you mean": the query with a misspelt word replaced by a near word from the index, kept only if
 * it finds something. Only words the index does not know are replaced (a known word is not why
 * nothing was found), never an excluded word or a prefix, and everything else stays as typed
 * (quotes, OR, -, *). It takes from the search's meter like the rest: index words compared, tries,
 * and each try's candidates, prefixes and statistics.
 */
async function suggestQueries(
  { q, yearFrom, yearTo }: { q: string; yearFrom: number | undefined; yearTo: number | undefined },
  { driver, published, meter, db }: { driver: SearchDriver; published: Set<string>; meter: SearchMeter; db: Db },
): Promise<string[]> {
  const { query: cleaned, words } = listReplaceableWords(q);
  const candidates = words.filter((w) => !isStopWord(w.word) && Array.from(w.word).length >= 3).slice(0, 5);
  const options: { query: string; distance: number }[] = [];
  for (const [i, { word, start, end }] of candidates.entries()) {
    const limit = meter.take({ kind: 'suggestionWords', wanted: Math.floor(meter.left('suggestionWords') / (candidates.length - i)) });
    if (limit === 0) continue;
    await yieldToEventLoop();
    if (await hasVocabularyWord({ word }, { db })) continue;
    const maxDistance = Array.from(word).length <= 4 ? 1 : 2;
    const similar = await driver.listSimilarWords({ word, limit });
    meter.giveBack({ kind: 'suggestionWords', amount: limit - similar.length });
    const near = similar
      .map((candidate) => ({ candidate, distance: levenshtein({ a: word, b: candidate }) }))
      .filter((n) => n.distance > 0 && n.distance <= maxDistance)
      .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate, 'da'))
      .slice(0, 5);
    for (const n of near) options.push({ query: `${cleaned.slice(0, start)}${n.candidate}${cleaned.slice(end)}`, distance: n.distance });
  }
  const out: string[] = [];
  for (const option of options.sort((a, b) => a.distance - b.distance)) {
    if (out.length >= 3) break;
    if (out.includes(option.query)) continue;
    if (meter.take({ kind: 'suggestionTries', wanted: 1 }) === 0) break;
    const limit = meter.take({ kind: 'candidateRows', wanted: SUGGESTION_CANDIDATES });
    if (limit === 0) break;
    await yieldToEventLoop();
    const { query } = boundQuery({ query: parseQuery(option.query), maxClauses: meter.budget.maxClauses });
    const found = await driver.findCandidates({ query, yearFrom, yearTo, limit, meter });
    meter.giveBack({ kind: 'candidateRows', amount: limit - found.length });
    if (found.some((c) => published.has(c.reportId))) out.push(option.query);
  }
  return out;
}
