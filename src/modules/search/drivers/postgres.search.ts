import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../../database/database.js';
import { listScoringClauses } from '../search-ranking.models.js';
import { analyzeText, pairTerms } from '../search.models.js';
import { addVocabulary, clearSearchTables, getEntryTexts, getNextSeq, listWordsLike } from '../search.repository.js';
import { yieldToEventLoop } from '../../../shared/event-loop.js';
import { expandPrefixes, forgetStatistics, learnStatistics, scoreCandidates } from './ranking.js';
import type { ParsedQuery, QueryClause, SearchCandidate, SearchDriver } from '../search.types.js';

function lexeme(term: string): string {
  return `'${term.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
}

/** A prefix is the index terms it was expanded to, or its own word: never a `:*` prefix match, which reads every entry of the range. */
function compileClause(clause: QueryClause): string {
  if (clause.kind === 'phrase') return `(${clause.terms.map(lexeme).join(' <-> ')})`;
  if (clause.prefix) return `(${(clause.expansions ?? [clause.term]).map(lexeme).join(' | ')})`;
  return lexeme(clause.term);
}

/**
 * One clause as a tsquery expression. A phrase needs its pair lexemes (stored as they are by
 * array_to_tsvector, so cast, not parsed: to_tsquery would split them): two words are their pair,
 * more are their pairs and the phrase itself. The rare pairs let the GIN index answer a phrase of
 * common words without reading every page that has them.
 */
function clauseTsQuery(clause: QueryClause): RawBuilder<unknown> {
  if (clause.kind !== 'phrase') return sql`to_tsquery('simple', ${compileClause(clause)})`;
  const pairs = sql.join([...new Set(pairTerms(clause.terms))].map((pair) => sql`${lexeme(pair)}::tsquery`), sql` && `);
  return clause.terms.length === 2 ? sql`(${pairs})` : sql`(${pairs} && to_tsquery('simple', ${compileClause(clause)}))`;
}

/** The tsquery of a parsed query: groups ANDed, clauses of a group ORed, exclusions negated; every lexeme quoted, so no reader input acts as syntax. */
export function compileTsQuery({ query }: { query: ParsedQuery }): RawBuilder<unknown> {
  const groups = query.groups.map((group) => sql`(${sql.join(group.map(clauseTsQuery), sql` || `)})`);
  const excluded = query.excluded.map((clause) => sql`!!${clauseTsQuery(clause)}`);
  return sql`(${sql.join([...groups, ...excluded], sql` && `)})`;
}

/**
 * PostgreSQL full-text search. The text is analysed in JS exactly as for FTS5 (Danish Snowball
 * stems, the algorithm of PostgreSQL's `danish` configuration, plus æ/ø/å folding and CJK pairs),
 * so the tsvector uses the `simple` configuration: stemming twice would change stems, and both
 * drivers find exactly the same pages. Each neighbouring pair of terms is a lexeme too (phrases). Candidates are the newest matches (seq order, LIMIT), ranked
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
            const terms = analyzeText(e.text);
            const pairs = [...new Set(pairTerms(terms))];
            return sql`(${seq++}, ${reportId}, ${e.pageNumber}, ${year}, ${e.text}, ${terms.join(' ')}, to_tsvector('simple', ${terms.join(' ')}) || array_to_tsvector(${pairs}::text[]))`;
          }),
        )}`.execute(trx);
      }
      await addVocabulary({ texts: entries.map((e) => e.text) }, { db: trx });
    });
    forgetStatistics(db);
  };
  const sampleClause = async ({ clause, limit }: { clause: QueryClause; limit: number }) => {
    const result = await sql<{ n: number; oldest: number | null }>`
      SELECT count(*) AS n, min(seq) AS oldest FROM (SELECT seq FROM search_entries WHERE tsv @@ ${clauseTsQuery(clause)} ORDER BY seq DESC LIMIT ${limit}) c`.execute(db);
    const row = result.rows[0];
    return { count: Number(row?.n ?? 0), oldestSeq: row?.oldest === null || row?.oldest === undefined ? null : Number(row.oldest) };
  };
  return {
    name: 'postgres',
    indexReport,
    removeReport: ({ reportId }) => indexReport({ reportId, year: 0, entries: [] }),
    async findCandidates({ query, yearFrom, yearTo, limit, meter }) {
      if (query.problem || query.groups.length === 0) return [];
      const expanded = await expandPrefixes(query, { db, meter });
      await yieldToEventLoop();
      const tsquery = compileTsQuery({ query: expanded });
      const result = await sql<{ seq: number; reportId: string; year: number; pageNumber: number; terms: string | null }>`
        SELECT seq, report_id, year, page_number, terms FROM search_entries
        WHERE tsv @@ ${tsquery}
          AND year >= ${yearFrom ?? -1} AND year <= ${yearTo ?? 100000}
        ORDER BY seq DESC LIMIT ${limit}`.execute(db);
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
      await clearSearchTables({ db });
      forgetStatistics(db);
    },
  };
}
