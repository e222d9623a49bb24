import { sql } from 'kysely';
import type { Db } from '../../../database/database.js';
import { analyzeText } from '../search.models.js';
import { addVocabulary, clearSearchTables, getEntryTexts, listReportSeqs, listWordsLike } from '../search.repository.js';
import type { ParsedQuery, QueryClause, SearchCandidate, SearchDriver } from '../search.types.js';

function quote(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}

function compileClause(clause: QueryClause): string {
  if (clause.kind === 'phrase') return quote(clause.terms.join(' '));
  return clause.prefix ? `${quote(clause.term)}*` : quote(clause.term);
}

/**
 * The FTS5 MATCH expression. Every term is quoted, so nothing the reader typed can act as FTS5
 * syntax; operators come only from the parsed structure.
 */
export function compileFts5Query({ query, yearFrom, yearTo }: { query: ParsedQuery; yearFrom: number | undefined; yearTo: number | undefined }): string {
  const groups = query.groups.map((group) => (group.length === 1 ? compileClause(group[0]!) : `(${group.map(compileClause).join(' OR ')})`));
  let expression = `terms : (${groups.join(' AND ')})`;
  if (query.excluded.length > 0) expression = `${expression} NOT terms : (${query.excluded.map(compileClause).join(' OR ')})`;
  if (yearFrom !== undefined || yearTo !== undefined) {
    const from = yearFrom ?? yearTo!;
    const to = yearTo ?? yearFrom!;
    const years = Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => quote(String(from + i)));
    expression = `(${expression}) AND year : (${years.length > 0 ? years.join(' OR ') : quote('0')})`;
  }
  return expression;
}

/** SQLite FTS5: a contentless index of the JS-analysed terms, ranked with bm25. */
export function createSqliteFts5SearchDriver({ db }: { db: Db }): SearchDriver {
  const indexReport: SearchDriver['indexReport'] = async ({ reportId, year, entries }) => {
      await db.transaction().execute(async (trx) => {
        const old = await listReportSeqs({ reportId }, { db: trx });
        for (let i = 0; i < old.length; i += 500) {
          await sql`DELETE FROM search_fts WHERE rowid IN (${sql.join(old.slice(i, i + 500))})`.execute(trx);
        }
        await trx.deleteFrom('searchEntries').where('reportId', '=', reportId).execute();
        if (entries.length === 0) return;
        // Explicit, increasing row ids: FTS5 walks the newest first when candidates are bounded.
        const max = await sql<{ max: number | null }>`SELECT max(seq) AS max FROM search_entries`.execute(trx);
        let seq = Number(max.rows[0]?.max ?? 0);
        for (let i = 0; i < entries.length; i += 200) {
          const chunk = entries.slice(i, i + 200).map((entry) => ({ ...entry, seq: (seq += 1) }));
          await trx.insertInto('searchEntries').values(chunk.map((e) => ({ seq: e.seq, reportId, pageNumber: e.pageNumber, year, text: e.text }))).execute();
          await sql`INSERT INTO search_fts (rowid, terms, year) VALUES ${sql.join(chunk.map((e) => sql`(${e.seq}, ${analyzeText(e.text).join(' ')}, ${String(year)})`))}`.execute(trx);
        }
        await addVocabulary({ texts: entries.map((e) => e.text) }, { db: trx });
      });
  };
  return {
    name: 'sqlite-fts5',
    indexReport,
    removeReport: ({ reportId }) => indexReport({ reportId, year: 0, entries: [] }),
    async findCandidates({ query, yearFrom, yearTo, limit }) {
      if (query.problem || query.groups.length === 0) return [];
      const match = compileFts5Query({ query, yearFrom, yearTo });
      const result = await sql<{ seq: number; reportId: string; year: number; pageNumber: number; score: number }>`
        SELECT e.seq AS seq, e.report_id AS report_id, e.year AS year, e.page_number AS page_number, c.score AS score
        FROM (SELECT rowid AS seq, -bm25(search_fts, 1.0, 0.0) AS score FROM search_fts WHERE search_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${limit}) c
        JOIN search_entries e ON e.seq = c.seq`.execute(db);
      return result.rows.map((r): SearchCandidate => ({ seq: Number(r.seq), reportId: r.reportId, year: Number(r.year), pageNumber: Number(r.pageNumber), score: Number(r.score) }));
    },
    getTexts: ({ seqs }) => getEntryTexts({ seqs }, { db }),
    listSimilarWords: ({ word, limit }) => listWordsLike({ word, limit }, { db }),
    async clear() {
      await sql`DELETE FROM search_fts`.execute(db);
      await clearSearchTables({ db });
    },
  };
}
