import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

// The persistent job queue and each document's ingestion state (issue 4).
// Jobs: claimed by one worker (status queued → running with locked_by/heartbeat), retried with
// backoff after a worker died (attempts/max_attempts, run_after), kept when done for the log.
const documentColumns: [string, 'text' | 'integer', { default?: string | number; notNull?: boolean }][] = [
  ['ingest_status', 'text', { default: 'venter', notNull: true }],
  ['ingest_pages_done', 'integer', { default: 0, notNull: true }],
  ['ingest_pages_total', 'integer', {}],
  ['ingest_error', 'text', {}],
  ['ingested_at', 'text', {}],
  ['pdf_title', 'text', {}],
  ['pdf_author', 'text', {}],
  ['pdf_language', 'text', {}],
  ['pdf_created_at', 'text', {}],
  ['outline_json', 'text', {}],
  ['cover_small_key', 'text', {}],
  ['cover_large_key', 'text', {}],
  ['pages_capped', 'integer', { default: 0, notNull: true }],
  ['text_capped', 'integer', { default: 0, notNull: true }],
  ['pages_without_text', 'integer', { default: 0, notNull: true }],
  ['is_restricted', 'integer', { default: 0, notNull: true }],
];

export const migration004Ingestion: Migration = {
  name: '004-ingestion',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(3))
      .addColumn('run_after', 'text', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('heartbeat_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('jobs_status_run_after').on('jobs').columns(['status', 'run_after']).execute();
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
  },
  async down(db: Kysely<unknown>) {
    for (const [name] of [...documentColumns].reverse()) await db.schema.alterTable('documents').dropColumn(name).execute();
    await db.schema.dropTable('jobs').execute();
  },
};
