import { sql } from 'kysely';
import type { Db } from '../../../database/database.js';
import { analyzeText } from '../search.models.js';
import { addVocabulary, clearSearchTables, getEntryTexts, getNextSeq, listWordsLike } from '../search.repository.js';
import { expandPrefixes, forgetStatistics, scoreCandidates } from './ranking.js';
import type { ParsedQuery, QueryClause, SearchCandidate, SearchDriver } from '../search.types.js';

function lexeme(term: string): string {
  return `'${term.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
}

function compileClause(clause: QueryClause): string {
  if (clause.kind === 'phrase') return `(${clause.terms.map(lexeme).join(' <-> ')})`;
  if (clause.prefix && clause.expansions) return `(${clause.expansions.map(lexeme).join(' | ')})`;
  return clause.prefix ? `${lexeme(clause.term)}:*` : lexeme(clause.term);
}

/** The tsquery text (for to_tsquery('simple', …)); every lexeme quoted, so no reader input acts as syntax. */
export function compileTsQuery({ query }: { query: ParsedQuery }): string {
  const groups = query.groups.map((group) => (group.length === 1 ? compileClause(group[0]!) : `(${group.map(compileClause).join(' | ')})`));
  const excluded = query.excluded.map((clause) => `!${compileClause(clause)}`);
  return [...groups, ...excluded].join(' & ');
}

/**
 * PostgreSQL full-text search. The text is analysed in JS exactly as for FTS5 (Danish Snowball
 * stems, the algorithm of PostgreSQL's `danish` configuration, plus æ/ø/å folding and CJK pairs),
 * so the tsvector uses the `simple` configuration: stemming twice would change stems, and both
 * drivers find exactly the same pages. Candidates are the newest matches (seq order, LIMIT), ranked
 * with the same BM25 in JS as FTS5's (./ranking.ts): ts_rank is per page, but its ordering over all
 * matches is what made a plain GIN query slow for common words.
 */
export function createPostgresSearchDriver({ db }: { db: Db }): SearchDriver {
  const indexReport: SearchDriver['indexReport'] = async ({ reportId, year, entries }) => {
    await db.transaction().execute(async (trx) => {
      // Several instances may re-index the same report at once (events reach them all): one at a time.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`search:${reportId}`}))`.execute(trx);
      await trx.deleteFrom('searchEntries').where('reportId', '=', reportId).execute();
      if (entries.length === 0) return;
      // Entry numbers by year (SEQS_PER_YEAR), so `ORDER BY seq DESC` is newest year first; one writer per year picks them.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`search-year:${year}`}))`.execute(trx);
      let seq = await getNextSeq({ year }, { db: trx });
      for (let i = 0; i < entries.length; i += 200) {
        const chunk = entries.slice(i, i + 200);
        await sql`INSERT INTO search_entries (seq, report_id, page_number, year, text, terms, tsv) VALUES ${sql.join(
          chunk.map((e) => {
            const terms = analyzeText(e.text).join(' ');
            return sql`(${seq++}, ${reportId}, ${e.pageNumber}, ${year}, ${e.text}, ${terms}, to_tsvector('simple', ${terms}))`;
          }),
        )}`.execute(trx);
      }
      await addVocabulary({ texts: entries.map((e) => e.text) }, { db: trx });
    });
    forgetStatistics(db);
  };
  const sampleClause = async ({ clause, limit }: { clause: QueryClause; limit: number }) => {
    const result = await sql<{ n: number; oldest: number | null }>`
      SELECT count(*) AS n, min(seq) AS oldest FROM (SELECT seq FROM search_entries WHERE tsv @@ to_tsquery('simple', ${compileClause(clause)}) ORDER BY seq DESC LIMIT ${limit}) c`.execute(db);
    const row = result.rows[0];
    return { count: Number(row?.n ?? 0), oldestSeq: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
  };
  return {
    name: 'postgres',
    indexReport,
    removeReport: ({ reportId }) => indexReport({ reportId, year: 0, entries: [] }),
    async findCandidates({ query, yearFrom, yearTo, limit }) {
      if (query.problem || query.groups.length === 0) return [];
      const expanded = await expandPrefixes(query, { db });
      const tsquery = compileTsQuery({ query: expanded });
      const result = await sql<{ seq: number; reportId: string; year: number; pageNumber: number; terms: string | null }>`
        SELECT seq, report_id, year, page_number, terms FROM search_entries
        WHERE tsv @@ to_tsquery('simple', ${tsquery})
          AND year >= ${yearFrom ?? -1} AND year <= ${yearTo ?? 100000}
        ORDER BY seq DESC LIMIT ${limit}`.execute(db);
      const scores = await scoreCandidates({ query: expanded, candidates: result.rows }, { db, sampleClause });
      return result.rows.map((r, i): SearchCandidate => ({ seq: Number(r.seq), reportId: r.reportId, year: Number(r.year), pageNumber: Number(r.pageNumber), score: scores[i]! }));
    },
    getTexts: ({ seqs }) => getEntryTexts({ seqs }, { db }),
    listSimilarWords: ({ word, limit }) => listWordsLike({ word, limit }, { db }),
    async clear() {
      await clearSearchTables({ db });
      forgetStatistics(db);
    },
  };
}
