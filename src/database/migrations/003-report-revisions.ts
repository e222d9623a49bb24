import type { Kysely } from 'kysely';
import type { Migration } from '../migrations.types.js';

/** Every save of a report stores a revision: who, when, what, and a snapshot of its fields and document. */
export const migration003ReportRevisions: Migration = {
  name: '003-report-revisions',
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('report_revisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_by_name', 'text')
      .addColumn('snapshot_json', 'text', (c) => c.notNull())
      .addUniqueConstraint('report_revisions_number', ['report_id', 'number'])
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('report_revisions').execute();
  },
};
