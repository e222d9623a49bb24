import { sql, type Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/**
 * OCR of scanned pages (issue 20). Per page: whether its text came from OCR and the mean word
 * confidence (0–100). Per document: the OCR job's state and progress, shown to editors. Per job:
 * a priority, so OCR (the slowest step) runs only when no other job is due. A read document with
 * pages without text is queued for OCR, so an existing installation's scanned years become
 * searchable without anyone running `reindex --ocr`. Frozen: the job's type, payload and priority
 * are copied here, not imported.
 */
const ocrJobType = 'documents.ocr';
const ocrJobPriority = -10;
const documentColumns: [string, 'text' | 'integer', { default?: number; notNull?: boolean }][] = [
  ['ocr_status', 'text', {}],
  ['ocr_pages_total', 'integer', { default: 0, notNull: true }],
  ['ocr_pages_done', 'integer', { default: 0, notNull: true }],
  ['ocr_pages_capped', 'integer', { default: 0, notNull: true }],
  ['ocr_confidence', 'integer', {}],
  ['ocr_error', 'text', {}],
];

export const migration016Ocr: Migration = {
  name: '016-ocr',
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('document_pages').addColumn('ocr', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('document_pages').addColumn('ocr_confidence', 'integer').execute();
    for (const [name, type, options] of documentColumns) {
      await db.schema
        .alterTable('documents')
        .addColumn(name, type, (c) => {
          let column = c;
          if (options.default !== undefined) column = column.defaultTo(options.default);
          if (options.notNull) column = column.notNull();
          return column;
        })
        .execute();
    }
    await db.schema.alterTable('jobs').addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    const now = new Date().toISOString();
    const { rows } = await sql<{ id: string }>`select id from documents where ingest_status = 'færdig' and pages_without_text > 0 order by created_at`.execute(db);
    for (const { id } of rows) {
      const payloadJson = JSON.stringify({ documentId: id });
      await sql`insert into jobs (id, type, payload_json, status, attempts, max_attempts, run_after, created_at, updated_at, priority) values (${`m016-${id}`}, ${ocrJobType}, ${payloadJson}, 'queued', 0, 3, ${now}, ${now}, ${now}, ${ocrJobPriority})`.execute(db);
      await sql`update documents set ocr_status = 'venter' where id = ${id}`.execute(db);
    }
  },
  async down(db: Kysely<unknown>) {
    await sql`delete from jobs where type = ${ocrJobType} and status = 'queued'`.execute(db);
    await db.schema.alterTable('jobs').dropColumn('priority').execute();
    for (const [name] of [...documentColumns].reverse()) await db.schema.alterTable('documents').dropColumn(name).execute();
    await db.schema.alterTable('document_pages').dropColumn('ocr_confidence').execute();
    await db.schema.alterTable('document_pages').dropColumn('ocr').execute();
  },
};
