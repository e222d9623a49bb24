import type { KyselyPlugin, QueryId } from 'kysely';
import type { Db } from '../../database/database.js';
import type { TestApp } from '../../app.test-utils.js';

/** One statement a test saw run: its SQL, parameters, and how many rows it read (a `count(*) AS n` read n). */
export type RecordedStatement = { sql: string; parameters: readonly unknown[]; rows: number };

/**
 * The database with every statement it runs recorded, so a test can count what one search reads
 * instead of timing it.
 */
export function recordStatements({ db }: { db: Db }): { db: Db; statements: RecordedStatement[] } {
  const statements: RecordedStatement[] = [];
  const byQuery = new Map<QueryId, RecordedStatement>();
  const plugin: KyselyPlugin = {
    transformQuery: ({ node, queryId }) => {
      const compiled = db.getExecutor().compileQuery(node, queryId);
      const statement = { sql: compiled.sql, parameters: compiled.parameters, rows: 0 };
      statements.push(statement);
      byQuery.set(queryId, statement);
      return node;
    },
    transformResult: async ({ result, queryId }) => {
      const statement = byQuery.get(queryId);
      if (statement) {
        const counted = /^\s*select count\(\*\) as n\b/i.test(statement.sql) ? Number((result.rows[0] as { n?: unknown } | undefined)?.n ?? 0) : undefined;
        statement.rows = counted ?? result.rows.length;
      }
      return result;
    },
  };
  return { db: db.withPlugin(plugin), statements };
}

/** Rows read by the recorded statements whose SQL matches `table`. */
export function sumRows({ statements, table }: { statements: RecordedStatement[]; table: RegExp }): number {
  return statements.filter((s) => table.test(s.sql)).reduce((sum, s) => sum + s.rows, 0);
}

/** Replaces the pages of a report's current PDF with these texts and lets the index follow, as ingestion would. */
export async function setReportPages({ year, texts }: { year: number; texts: string[] }, t: TestApp) {
  const report = await t.deps.db.selectFrom('reports').selectAll().where('year', '=', year).executeTakeFirstOrThrow();
  const documentId = report.currentDocumentId!;
  await t.deps.db.deleteFrom('documentPages').where('documentId', '=', documentId).execute();
  await t.deps.db.insertInto('documentPages').values(texts.map((text, i) => ({ documentId, pageNumber: i + 1, text, blocksJson: '[]' }))).execute();
  await t.deps.events.emit('document.ingested', { documentId, reportId: report.id });
  return report;
}
