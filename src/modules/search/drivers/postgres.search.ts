import { sql } from 'kysely';
import type { Db } from '../../../database/database.js';
import { analyzeText } from '../search.models.js';
import { addVocabulary, clearSearchTables, getEntryTexts, listWordsLike } from '../search.repository.js';
import type { ParsedQuery, QueryClause, SearchCandidate, SearchDriver } from '../search.types.js';

function lexeme(term: string): string {
  return `'${term.replace(/'/g, "''").replace(/\\/g, '\\\\')}'`;
}

function compileClause(clause: QueryClause): string {
  if (clause.kind === 'phrase') return `(${clause.terms.map(lexeme).join(' <-> ')})`;
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
 * drivers find exactly the same pages.
 */
export function createPostgresSearchDriver({ db }: { db: Db }): SearchDriver {
  const indexReport: SearchDriver['indexReport'] = async ({ reportId, year, entries }) => {
    await db.transaction().execute(async (trx) => {
      // Several instances may re-index the same report at once (events reach them all): one at a time.
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`search:${reportId}`}))`.execute(trx);
      await trx.deleteFrom('searchEntries').where('reportId', '=', reportId).execute();
      for (let i = 0; i < entries.length; i += 200) {
        const chunk = entries.slice(i, i + 200);
        await sql`INSERT INTO search_entries (report_id, page_number, year, text, tsv) VALUES ${sql.join(
          chunk.map((e) => sql`(${reportId}, ${e.pageNumber}, ${year}, ${e.text}, to_tsvector('simple', ${analyzeText(e.text).join(' ')}))`),
        )}`.execute(trx);
      }
      if (entries.length > 0) await addVocabulary({ texts: entries.map((e) => e.text) }, { db: trx });
    });
  };
  return {
    name: 'postgres',
    indexReport,
    removeReport: ({ reportId }) => indexReport({ reportId, year: 0, entries: [] }),
    async findCandidates({ query, yearFrom, yearTo, limit }) {
      if (query.problem || query.groups.length === 0) return [];
      const tsquery = compileTsQuery({ query });
      const result = await sql<{ seq: number; reportId: string; year: number; pageNumber: number; score: number }>`
        SELECT c.seq, c.report_id, c.year, c.page_number, ts_rank(c.tsv, q.q) AS score
        FROM (SELECT seq, report_id, year, page_number, tsv FROM search_entries
              WHERE tsv @@ to_tsquery('simple', ${tsquery})
                AND year >= ${yearFrom ?? -1} AND year <= ${yearTo ?? 100000}
              ORDER BY seq DESC LIMIT ${limit}) c,
             to_tsquery('simple', ${tsquery}) q(q)`.execute(db);
      return result.rows.map((r): SearchCandidate => ({ seq: Number(r.seq), reportId: r.reportId, year: Number(r.year), pageNumber: Number(r.pageNumber), score: Number(r.score) }));
    },
    getTexts: ({ seqs }) => getEntryTexts({ seqs }, { db }),
    listSimilarWords: ({ word, limit }) => listWordsLike({ word, limit }, { db }),
    clear: () => clearSearchTables({ db }),
  };
}
