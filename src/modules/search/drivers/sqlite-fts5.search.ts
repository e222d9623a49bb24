import { sql } from 'kysely';
import type { Db } from '../../../database/database.js';
import { listScoringClauses } from '../search-ranking.models.js';
import { analyzeText, pairTerms } from '../search.models.js';
import { addVocabulary, clearSearchTables, getEntryTexts, getNextSeq, listReportSeqs, listWordsLike, SEQS_PER_YEAR } from '../search.repository.js';
import { yieldToEventLoop } from '../../../shared/event-loop.js';
import { expandPrefixes, forgetStatistics, learnStatistics, scoreCandidates } from './ranking.js';
import type { ParsedQuery, QueryClause, SearchCandidate, SearchDriver } from '../search.types.js';

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

/**
 * One clause with its column: words in `terms`; a phrase as the phrase of its pair tokens in `pairs`; a
 * prefix as the index terms it was expanded to (never FTS5's own prefix query, which merges the whole
 * doclist of every term in the range: `"ik"*` took 1-2 s at 1M pages), or its own word.
 */
function compileClause(clause: QueryClause): string {
  if (clause.kind === 'phrase') return `pairs : ${quote(pairTerms(clause.terms).join(' '))}`;
  if (clause.prefix) return `terms : (${(clause.expansions ?? [clause.term]).map(quote).join(' OR ')})`;
  return `terms : ${quote(clause.term)}`;
}

/**
 * The FTS5 MATCH expression. Every term is quoted, so nothing the reader typed can act as FTS5
 * syntax; operators come only from the parsed structure. Years are not part of it: they are a
 * range of row ids (see yearSeqRange).
 */
export function compileFts5Query({ query }: { query: ParsedQuery }): string {
  const groups = query.groups.map((group) => `(${group.map(compileClause).join(' OR ')})`);
  let expression = `(${groups.join(' AND ')})`;
  if (query.excluded.length > 0) expression = `${expression} NOT (${query.excluded.map(compileClause).join(' OR ')})`;
  return expression;
}

/**
 * The row ids of the years asked for (entry numbers are year × SEQS_PER_YEAR + n), each bound open
 * when not given: "fra 2020" alone is 2020 and every later year, not 2020 only.
 */
export function yearSeqRange({ yearFrom, yearTo }: { yearFrom: number | undefined; yearTo: number | undefined }): { from: number; below: number } {
  return {
    from: yearFrom === undefined ? Number.MIN_SAFE_INTEGER : yearFrom * SEQS_PER_YEAR,
    below: yearTo === undefined ? Number.MAX_SAFE_INTEGER : (yearTo + 1) * SEQS_PER_YEAR,
  };
}

/**
 * SQLite FTS5: a contentless index of the JS-analysed terms and of their neighbouring pairs (for
 * phrases: "grøn omstilling" is one pair token, not every page with both words). Candidates are the newest matches
 * (rowid order = newest year first, which FTS5 walks lazily, so LIMIT bounds the work however common the words), ranked
 * with BM25 in JS (./ranking.ts): bm25() would count every matching page of each phrase first.
 */
export function createSqliteFts5SearchDriver({ db }: { db: Db }): SearchDriver {
  const indexReport: SearchDriver['indexReport'] = async ({ reportId, year, entries }) => {
      await db.transaction().execute(async (trx) => {
        const old = await listReportSeqs({ reportId }, { db: trx });
        for (let i = 0; i < old.length; i += 500) {
          await sql`DELETE FROM search_fts WHERE rowid IN (${sql.join(old.slice(i, i + 500))})`.execute(trx);
        }
        await trx.deleteFrom('searchEntries').where('reportId', '=', reportId).execute();
        if (entries.length === 0) return;
        // Explicit row ids by year (SEQS_PER_YEAR): FTS5 walks the newest years first when candidates are bounded.
        let seq = await getNextSeq({ year }, { db: trx });
        for (let i = 0; i < entries.length; i += 200) {
          const chunk = entries.slice(i, i + 200).map((entry) => ({ ...entry, seq: seq++ }));
          const analysed = chunk.map((e) => analyzeText(e.text));
          await trx.insertInto('searchEntries').values(chunk.map((e, j) => ({ seq: e.seq, reportId, pageNumber: e.pageNumber, year, text: e.text, terms: analysed[j]!.join(' ') }))).execute();
          await sql`INSERT INTO search_fts (rowid, terms, pairs, year) VALUES ${sql.join(chunk.map((e, j) => sql`(${e.seq}, ${analysed[j]!.join(' ')}, ${pairTerms(analysed[j]!).join(' ')}, ${String(year)})`))}`.execute(trx);
        }
        await addVocabulary({ texts: entries.map((e) => e.text) }, { db: trx });
      });
      forgetStatistics(db);
  };
  const sampleClause = async ({ clause, limit }: { clause: QueryClause; limit: number }) => {
    const match = compileClause(clause);
    const result = await sql<{ n: number; oldest: number | null }>`
      SELECT count(*) AS n, min(seq) AS oldest FROM (SELECT rowid AS seq FROM search_fts WHERE search_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${limit})`.execute(db);
    const row = result.rows[0];
    return { count: Number(row?.n ?? 0), oldestSeq: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
  };
  return {
    name: 'sqlite-fts5',
    indexReport,
    removeReport: ({ reportId }) => indexReport({ reportId, year: 0, entries: [] }),
    async findCandidates({ query, yearFrom, yearTo, limit, meter }) {
      if (query.problem || query.groups.length === 0) return [];
      const expanded = await expandPrefixes(query, { db, meter });
      await yieldToEventLoop();
      const match = compileFts5Query({ query: expanded });
      const seqs = yearSeqRange({ yearFrom, yearTo });
      const result = await sql<{ seq: number; reportId: string; year: number; pageNumber: number; terms: string | null }>`
        SELECT e.seq AS seq, e.report_id AS report_id, e.year AS year, e.page_number AS page_number, e.terms AS terms
        FROM (SELECT rowid AS seq FROM search_fts WHERE search_fts MATCH ${match} AND rowid >= ${seqs.from} AND rowid < ${seqs.below} ORDER BY rowid DESC LIMIT ${limit}) c
        JOIN search_entries e ON e.seq = c.seq`.execute(db);
      await yieldToEventLoop();
      if (result.rows.length === 0) return [];
      // Each step is handed what it needs: the clauses and their statistics, then the candidates to score.
      const clauses = listScoringClauses(expanded);
      const statistics = await learnStatistics({ clauses }, { db, sampleClause, meter });
      const scores = await scoreCandidates({ candidates: result.rows, clauses, statistics });
      return result.rows.map((r, i): SearchCandidate => ({ seq: Number(r.seq), reportId: r.reportId, year: Number(r.year), pageNumber: Number(r.pageNumber), score: scores[i]! }));
    },
    getTexts: ({ seqs }) => getEntryTexts({ seqs }, { db }),
    listSimilarWords: ({ word, limit }) => listWordsLike({ word, limit }, { db }),
    async clear() {
      await sql`DELETE FROM search_fts`.execute(db);
      await clearSearchTables({ db });
      forgetStatistics(db);
    },
  };
}
